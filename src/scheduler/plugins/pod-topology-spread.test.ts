import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { TopologySpreadConstraint } from '../api-types.ts';
import { filterResults, makeNode, makePod, newTestScheduler, scoreResults } from '../testing.ts';
import { ERR_REASON_CONSTRAINTS_NOT_MATCH, ERR_REASON_NODE_LABEL_NOT_MATCH, POD_TOPOLOGY_SPREAD } from './pod-topology-spread.ts';

const zoneSpread = (maxSkew: number, extra: Partial<TopologySpreadConstraint> = {}): TopologySpreadConstraint => ({
  maxSkew, topologyKey: 'topology.kubernetes.io/zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchLabels: { app: 'web' } }, ...extra,
});

/** Nodes a1, a2 in zone a, b1 in zone b; `running` maps node → number of app=web pods on it. */
function cluster(running: Record<string, number>, extraNodes: Parameters<typeof makeNode>[] = []) {
  const ts = newTestScheduler();
  for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b']]) ts.cluster.addNode(makeNode(n, { zone: z }));
  for (const args of extraNodes) ts.cluster.addNode(makeNode(...args));
  for (const [node, count] of Object.entries(running)) {
    for (let i = 0; i < count; i++) ts.cluster.addPod(makePod(`${node}-${i}`, { nodeName: node, labels: { app: 'web' } }));
  }
  return ts;
}

const cases: { name: string; running: Record<string, number>; constraint: TopologySpreadConstraint; want: Record<string, string>; extra?: Parameters<typeof makeNode>[] }[] = [
  { name: 'balanced zones accept any node', running: { a1: 1, b1: 1 }, constraint: zoneSpread(1), want: { a1: '', a2: '', b1: '' } },
  { name: 'the fuller zone is skewed', running: { a1: 1, a2: 1, b1: 1 }, constraint: zoneSpread(1), want: { a1: ERR_REASON_CONSTRAINTS_NOT_MATCH, a2: ERR_REASON_CONSTRAINTS_NOT_MATCH, b1: '' } },
  { name: 'maxSkew 2 tolerates it', running: { a1: 1, a2: 1, b1: 1 }, constraint: zoneSpread(2), want: { a1: '', a2: '', b1: '' } },
  { name: 'pods of another app do not count', running: {}, constraint: zoneSpread(1, { labelSelector: { matchLabels: { app: 'db' } } }), want: { a1: '', a2: '', b1: '' } },
  {
    name: 'a node without the topology label is unresolvable', running: { a1: 1 }, constraint: zoneSpread(1),
    extra: [['nozone']], want: { a1: ERR_REASON_CONSTRAINTS_NOT_MATCH, a2: ERR_REASON_CONSTRAINTS_NOT_MATCH, b1: '', nozone: ERR_REASON_NODE_LABEL_NOT_MATCH },
  },
  { name: 'minDomains above the domain count makes the minimum 0', running: { a1: 1, b1: 1 }, constraint: zoneSpread(1, { minDomains: 3 }), want: { a1: ERR_REASON_CONSTRAINTS_NOT_MATCH, a2: ERR_REASON_CONSTRAINTS_NOT_MATCH, b1: ERR_REASON_CONSTRAINTS_NOT_MATCH } },
  {
    name: 'hostname spreading', running: { a1: 1 }, constraint: { ...zoneSpread(1), topologyKey: 'kubernetes.io/hostname' },
    want: { a1: ERR_REASON_CONSTRAINTS_NOT_MATCH, a2: '', b1: '' },
  },
];

for (const t of cases) {
  test(`PodTopologySpread filter: ${t.name}`, () => {
    const ts = cluster(t.running, t.extra);
    const pod = makePod('new', { labels: { app: 'web' }, topologySpreadConstraints: [t.constraint] });
    assert.deepEqual(filterResults(ts.scheduler, POD_TOPOLOGY_SPREAD, pod), t.want);
  });
}

test('PodTopologySpread filter is skipped without DoNotSchedule constraints', () => {
  const ts = cluster({ a1: 3 });
  const pod = makePod('new', { labels: { app: 'web' }, topologySpreadConstraints: [zoneSpread(1, { whenUnsatisfiable: 'ScheduleAnyway' })] });
  assert.deepEqual(filterResults(ts.scheduler, POD_TOPOLOGY_SPREAD, pod), { Skip: '' });
});

test('PodTopologySpread score prefers the emptier zone', () => {
  const ts = cluster({ a1: 2, a2: 1 });
  const pod = makePod('new', { labels: { app: 'web' }, topologySpreadConstraints: [zoneSpread(1, { whenUnsatisfiable: 'ScheduleAnyway' })] });
  const scores = scoreResults(ts.scheduler, POD_TOPOLOGY_SPREAD, pod)!;
  assert.equal(scores.a1, scores.a2);
  assert.ok(scores.b1 > scores.a1, JSON.stringify(scores));
  assert.equal(scores.b1, 100);
});

test('system default spreading applies to pods a Service selects, and to no others', () => {
  const ts = cluster({ a1: 2, a2: 1 });
  const pod = makePod('new', { labels: { app: 'web' } });
  assert.equal(scoreResults(ts.scheduler, POD_TOPOLOGY_SPREAD, pod), undefined);
  ts.cluster.addObject('Service', { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } });
  const scores = scoreResults(ts.scheduler, POD_TOPOLOGY_SPREAD, pod)!;
  assert.ok(scores.b1 > scores.a2 && scores.a2 > scores.a1, JSON.stringify(scores));
});
