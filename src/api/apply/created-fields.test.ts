/**
 * The create fast path of updateManagedFields against the general path it stands in for: on every
 * object the tests and fixtures hold, and on generated variations of the shapes FieldsV1 spells
 * differently (associative lists, sets, atomic lists, maps with dotted keys, duplicates, empty and
 * null values, free-form custom resources), both must give the same result to the byte (key order
 * included), with and without the kinds' defaults and reset fields.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { parse, parseAllDocuments } from 'yaml';
import { parseApiVersion, type KubeObject, type ManagedFieldsEntry } from '../object.ts';
import { schemaForKind } from '../schema.ts';
import { strategyFor } from '../../registry/strategies/strategy-for.ts';
import { createdFieldsV1 } from './created-fields.ts';
import { FieldSet } from './field-set.ts';
import { updateManagedFields, updateManagedFieldsGeneral, type UpdateManagedFieldsOptions } from './managed-fields.ts';
import { fieldElement } from './path-element.ts';

interface Case { readonly name: string; readonly object: KubeObject }

const FIXTURES = new URL('../../../test/fixtures/', import.meta.url);
const GOLDENS = new URL('./testdata/', import.meta.url);

function fixtureCases(): Case[] {
  const files = ['all-kinds.yaml', 'nginx-deployment.yaml', 'nginx-svc.yaml', ...readdirSync(new URL('crd/', FIXTURES)).map((f) => `crd/${f}`)];
  return files.flatMap((file) => parseAllDocuments(readFileSync(new URL(file, FIXTURES), 'utf8'))
    .map((doc, i) => ({ name: `${file}#${i}`, object: doc.toJS() as KubeObject })));
}

// Every object of the golden files: live objects, what steps create or apply, expected results.
function goldenCases(): Case[] {
  const cases: Case[] = [];
  for (const file of readdirSync(GOLDENS).filter((f) => f.endsWith('.yaml'))) {
    const g = parse(readFileSync(new URL(file, GOLDENS), 'utf8')) as {
      kind: { group: string; version: string; kind: string };
      live?: KubeObject;
      steps: Array<{ create?: KubeObject; apply?: KubeObject; expected?: { object?: KubeObject } }>;
    };
    const typed = (o: KubeObject): KubeObject => ({ apiVersion: g.kind.group ? `${g.kind.group}/${g.kind.version}` : g.kind.version, kind: g.kind.kind, ...o });
    if (g.live) cases.push({ name: `${file} live`, object: typed(g.live) });
    g.steps.forEach((s, i) => {
      for (const o of [s.create, s.apply, s.expected?.object]) if (o) cases.push({ name: `${file} step ${i}`, object: typed(o) });
    });
  }
  return cases;
}

const meta = (more: Record<string, unknown> = {}) => ({ name: 'x', namespace: 'default', ...more });
const pod = (spec: unknown, more: Record<string, unknown> = {}): KubeObject => ({ apiVersion: 'v1', kind: 'Pod', metadata: meta(more), spec });
const container = (name: string, more: Record<string, unknown> = {}) => ({ name, image: `${name}:1`, ...more });
const widget = (body: Record<string, unknown>): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: meta(), ...body });
const many = <T>(n: number, f: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => f(i));

const generated: Case[] = [
  { name: 'pod with several containers, ports, env, mounts', object: pod({
    initContainers: [container('init', { command: ['sh', '-c', 'true'] })],
    containers: [
      container('web', {
        args: ['--port', '80', '--port', '80'],
        ports: [{ containerPort: 8080, name: 'alt' }, { containerPort: 80, protocol: 'UDP' }, { containerPort: 80 }, { containerPort: 9000, protocol: 'TCP', hostPort: 9000 }],
        env: [{ name: 'b', value: '1' }, { name: 'A', value: '2' }, { name: '_x', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } }, { name: 'é', value: '' }],
        volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }, { name: 'data', mountPath: '/data', readOnly: true }],
        resources: { limits: { cpu: '1', 'example.com/gpu': '1' } },
        securityContext: {},
      }),
      container('sidecar', { ports: [{ containerPort: 15001 }], livenessProbe: { httpGet: { path: '/', port: 15001 } } }),
      container('a-first'),
    ],
    volumes: [{ name: 'data', emptyDir: {} }, { name: 'cfg', configMap: { name: 'c', items: [{ key: 'k', path: 'p' }] } }, { name: 'h', hostPath: { path: '/var' } }],
    tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
    nodeSelector: { 'kubernetes.io/os': 'linux', 'node.kubernetes.io/instance-type': 'm5.large' },
    affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'a', operator: 'In', values: ['x'] }] }] } } },
    imagePullSecrets: [{ name: 'reg' }],
  }, {
    labels: { 'app.kubernetes.io/name': 'web', tier: 'frontend' },
    annotations: { 'prometheus.io/scrape': 'true', 'a<b&c>': 'html', 'quote"d': 'q' },
    finalizers: ['example.com/b', 'example.com/a', 'example.com/a'],
    ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'u-2', controller: true }, { apiVersion: 'v1', kind: 'X', name: 'y', uid: 'u-1' }],
    generateName: 'web-', uid: 'ignored', resourceVersion: '5', generation: 3, creationTimestamp: '2026-01-01T00:00:00Z',
  }) },
  { name: 'pod with status, conditions and empty values', object: { ...pod({ containers: [container('c', { ports: [], resources: {} })], securityContext: {}, volumes: [] }, { labels: {} }),
    status: { phase: 'Pending', conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }], podIPs: [{ ip: '10.0.0.1' }] } } },
  { name: 'pod with duplicated items (owned whole)', object: pod({
    containers: [container('c', { ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }], env: [{ name: 'E', value: '1' }, { name: 'E', value: '2' }] }), container('c', { image: 'other' })],
  }, { finalizers: ['f', 'f'] }) },
  { name: 'pod with many labels and env (native sort)', object: pod({ containers: [container('c', { env: many(20, (i) => ({ name: `E${(i * 7) % 20}`, value: String(i) })) })] }, {
    labels: Object.fromEntries(many(20, (i) => [`l${(i * 13) % 20}.example.com/k`, 'v'] as const)),
  }) },
  { name: 'pod spec null', object: pod(null) },
  { name: 'pod containers null', object: pod({ containers: null, restartPolicy: 'Never' }) },
  { name: 'pod containers empty', object: pod({ containers: [] }) },
  { name: 'pod spec empty', object: pod({}) },
  { name: 'pod with undefined members', object: pod({ containers: [container('c', { args: undefined })], nodeName: undefined }, { labels: undefined, annotations: { a: 'b' } }) },
  { name: 'pod without metadata members', object: { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: { containers: [container('c')] } } },
  { name: 'deployment', object: {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta({ labels: { app: 'web' } }),
    spec: {
      replicas: 0, revisionHistoryLimit: 3,
      selector: { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'Exists' }] },
      strategy: {},
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [container('nginx', { ports: [{ containerPort: 80 }] })] } },
    },
    status: { replicas: 1, conditions: [{ type: 'Available', status: 'True' }] },
  } },
  { name: 'deployment spec null', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(), spec: null } },
  { name: 'deployment spec a string', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(), spec: 'garbage' } },
  { name: 'deployment template empty', object: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta(), spec: { template: {}, strategy: null } } },
  { name: 'service', object: {
    apiVersion: 'v1', kind: 'Service', metadata: meta(),
    spec: {
      type: 'NodePort', selector: { app: 'web' }, clusterIPs: ['10.0.0.9'], ipFamilies: ['IPv4'],
      ports: [{ name: 'dns', port: 53, protocol: 'UDP' }, { name: 'dns-tcp', port: 53, protocol: 'TCP' }, { name: 'http', port: 80, targetPort: 'http' }],
      sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } },
    },
  } },
  { name: 'configmap with odd keys', object: {
    apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(),
    data: JSON.parse('{"app.properties":"a=b","__proto__":"p","<x>":"1","é":"2","\\u2028":"3","Z":"4","a\\"b":"5","":"6"}') as Record<string, string>,
    binaryData: { 'blob.bin': 'AAEC' }, immutable: false,
  } },
  { name: 'configmap data null and empty', object: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta(), data: null, binaryData: {} } },
  { name: 'namespace with finalizers', object: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'n' }, spec: { finalizers: ['kubernetes'] } } },
  { name: 'custom resource without schema', object: widget({
    spec: { size: 'large', replicas: 2, items: [{ name: 'a' }, { name: 'b' }], tags: ['x', 'y'], nested: { a: { b: { c: null } }, empty: {} }, flag: false },
    status: { ready: true },
  }) },
  { name: 'custom resource spec a string', object: widget({ spec: 'text' }) },
  { name: 'custom resource with metadata labels', object: { ...widget({ spec: {} }), metadata: meta({ labels: { a: 'b' }, annotations: {} }) } },
];

// Shapes only the general path handles; the fast path must hand them over.
const malformed: Case[] = [
  { name: 'malformed: a container without its name', object: pod({ containers: [{ image: 'x' }] }) },
  { name: 'malformed: a set holding a map', object: pod({ containers: [container('c')] }, { finalizers: [{ a: 1 }] }) },
  { name: 'malformed: free-form metadata that is a list', object: { ...widget({}), metadata: [] as unknown as KubeObject['metadata'] } },
];

const schemaOf = (o: KubeObject) => {
  const { group, version } = parseApiVersion(o.apiVersion ?? '');
  return { group, version, kind: o.kind ?? '' };
};

// The object as the API server tracks it: after the kind's defaults.
function defaulted(o: KubeObject): KubeObject {
  const copy = structuredClone(o);
  strategyFor(schemaOf(o).group, schemaOf(o).kind).applyDefaults?.(copy);
  return copy;
}

const field = (name: string) => new FieldSet([[fieldElement(name)]]);

function variants(c: Case): Array<{ name: string; object: KubeObject; options: UpdateManagedFieldsOptions }> {
  const gvk = schemaOf(c.object);
  const base = { manager: 'kubectl-create', operation: 'Update' as const, now: '2026-01-01T00:05:00.789Z', apiVersion: c.object.apiVersion ?? '', schema: schemaForKind(gvk) };
  const withManaged = (managedFields: unknown) => ({ ...c.object, metadata: { ...c.object.metadata, managedFields: managedFields as ManagedFieldsEntry[] } });
  return [
    { name: 'as sent', object: c.object, options: base },
    { name: 'status reset', object: c.object, options: { ...base, resetFields: field('status') } },
    { name: 'defaulted, status reset', object: defaulted(c.object), options: { ...base, resetFields: field('status') } },
    { name: 'status subresource', object: c.object, options: { ...base, manager: '', subresource: 'status', resetFields: field('spec') } },
    { name: 'metadata reset', object: c.object, options: { ...base, manager: 'a<b>&c', resetFields: new FieldSet([[fieldElement('metadata'), fieldElement('labels')], [fieldElement('spec'), fieldElement('containers')]]) } },
    { name: 'managedFields []', object: withManaged([]), options: base },
    { name: 'managedFields [{}]', object: withManaged([{}]), options: base },
    { name: 'managedFields null', object: withManaged(null), options: base },
  ];
}

const cases = [...fixtureCases(), ...goldenCases(), ...generated];

test('the fixtures and goldens are found', () => {
  assert.ok(cases.length >= 80, `${cases.length} cases`);
});

for (const c of [...cases, ...malformed]) {
  test(`create of ${c.name}: the fast path gives what the general path gives`, () => {
    let handOvers = 0;
    for (const v of variants(c)) {
      const before = JSON.stringify(v.object);
      const fast = updateManagedFields(undefined, v.object, v.options);
      const general = updateManagedFieldsGeneral(undefined, v.object, v.options);
      assert.deepStrictEqual(fast, general, v.name);
      assert.equal(JSON.stringify(fast), JSON.stringify(general), `${v.name}: key order`);
      assert.equal(JSON.stringify(v.object), before, `${v.name}: the input was modified`);
      if (createdFieldsV1(v.object, v.options.schema, v.options.resetFields ?? new FieldSet()) !== undefined) continue;
      handOvers++;
      // Outside the malformed cases, only objects whose tracking fails (an unaddressable list
      // item, which the general path absorbs by recording nothing) may be handed over.
      assert.ok(c.name.startsWith('malformed') || fast.managedFields.length === 0, `${v.name}: handed over to the general path`);
    }
    if (c.name.startsWith('malformed')) assert.ok(handOvers > 0, 'the fast path handed the object over');
  });
}

test('sent managedFields that decode are not a create from nothing: the general path decides', () => {
  const object = pod({ containers: [container('c')] }, { managedFields: [{ manager: 'm', operation: 'Update', apiVersion: 'v1', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': {} } }] });
  const options = { manager: 'x', operation: 'Update' as const, now: '2026-01-01T00:00:00Z', apiVersion: 'v1', schema: schemaForKind({ group: '', version: 'v1', kind: 'Pod' }) };
  assert.deepStrictEqual(updateManagedFields(undefined, object, options), updateManagedFieldsGeneral(undefined, object, options));
  assert.equal(updateManagedFields(undefined, object, options).managedFields.length, 2);
});
