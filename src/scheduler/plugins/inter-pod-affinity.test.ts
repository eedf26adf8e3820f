import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Affinity, PodAffinityTerm } from '../api-types.ts';
import { filterResults, makeNode, makePod, newTestScheduler, scoreResults } from '../testing.ts';
import { ERR_REASON_AFFINITY, ERR_REASON_ANTI_AFFINITY, ERR_REASON_EXISTING_ANTI_AFFINITY, INTER_POD_AFFINITY } from './inter-pod-affinity.ts';

const ZONE = 'topology.kubernetes.io/zone';
const HOST = 'kubernetes.io/hostname';
const term = (app: string, topologyKey: string): PodAffinityTerm => ({ labelSelector: { matchLabels: { app } }, topologyKey });

function cluster(running: { node: string; app: string; affinity?: Affinity }[]) {
  const ts = newTestScheduler();
  for (const [n, z] of [['a1', 'a'], ['a2', 'a'], ['b1', 'b']]) ts.cluster.addNode(makeNode(n, { zone: z }));
  running.forEach((r, i) => ts.cluster.addPod(makePod(`r${i}`, { nodeName: r.node, labels: { app: r.app }, affinity: r.affinity })));
  return ts;
}

const cases: { name: string; running: { node: string; app: string; affinity?: Affinity }[]; pod: { app: string; affinity?: Affinity }; want: Record<string, string> }[] = [
  {
    name: 'affinity to a zone with a db pod', running: [{ node: 'a1', app: 'db' }],
    pod: { app: 'web', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } } },
    want: { a1: '', a2: '', b1: ERR_REASON_AFFINITY },
  },
  {
    name: 'affinity with no matching pod anywhere', running: [],
    pod: { app: 'web', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('db', ZONE)] } } },
    want: { a1: ERR_REASON_AFFINITY, a2: ERR_REASON_AFFINITY, b1: ERR_REASON_AFFINITY },
  },
  {
    name: 'the first pod of a group matching its own affinity may go anywhere', running: [],
    pod: { app: 'web', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } } },
    want: { a1: '', a2: '', b1: '' },
  },
  {
    name: 'anti-affinity by hostname', running: [{ node: 'a1', app: 'web' }],
    pod: { app: 'web', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', HOST)] } } },
    want: { a1: ERR_REASON_ANTI_AFFINITY, a2: '', b1: '' },
  },
  {
    name: 'anti-affinity by zone', running: [{ node: 'a1', app: 'web' }],
    pod: { app: 'web', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } } },
    want: { a1: ERR_REASON_ANTI_AFFINITY, a2: ERR_REASON_ANTI_AFFINITY, b1: '' },
  },
  {
    name: "an existing pod's anti-affinity keeps the pod away", running: [{ node: 'b1', app: 'cache', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } } }],
    pod: { app: 'web' },
    want: { a1: '', a2: '', b1: ERR_REASON_EXISTING_ANTI_AFFINITY },
  },
  {
    name: 'anti-affinity in another namespace does not see the pod', running: [{ node: 'a1', app: 'web' }],
    pod: { app: 'web', affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ ...term('web', HOST), namespaces: ['other'] }] } } },
    want: { a1: '', a2: '', b1: '' },
  },
];

for (const t of cases) {
  test(`InterPodAffinity filter: ${t.name}`, () => {
    const ts = cluster(t.running);
    assert.deepEqual(filterResults(ts.scheduler, INTER_POD_AFFINITY, makePod('new', { labels: { app: t.pod.app }, affinity: t.pod.affinity })), t.want);
  });
}

test('InterPodAffinity is skipped when nothing involves affinity', () => {
  const ts = cluster([{ node: 'a1', app: 'web' }]);
  assert.deepEqual(filterResults(ts.scheduler, INTER_POD_AFFINITY, makePod('new', { labels: { app: 'web' } })), { Skip: '' });
  assert.equal(scoreResults(ts.scheduler, INTER_POD_AFFINITY, makePod('new', { labels: { app: 'web' } })), undefined);
});

test('InterPodAffinity score: preferred affinity and anti-affinity by weight', () => {
  const ts = cluster([{ node: 'a1', app: 'db' }, { node: 'b1', app: 'noisy' }]);
  const pod = makePod('new', { labels: { app: 'web' }, affinity: {
    podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('db', HOST) }] },
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 10, podAffinityTerm: term('noisy', HOST) }] },
  } });
  assert.deepEqual(scoreResults(ts.scheduler, INTER_POD_AFFINITY, pod), { a1: 100, b1: 0, a2: 50 });
});

test("InterPodAffinity score: existing pods' required affinity attracts the pod", () => {
  const ts = cluster([{ node: 'b1', app: 'sidecar', affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [term('web', ZONE)] } } }]);
  assert.deepEqual(scoreResults(ts.scheduler, INTER_POD_AFFINITY, makePod('new', { labels: { app: 'web' } })), { a1: 0, b1: 100, a2: 0 });
});
