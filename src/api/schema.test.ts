import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SchemaRegistry, builtInSchemas, schemaForKind, type SchemaNode } from './schema.ts';

const deployment = () => schemaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' }) as SchemaNode;
const pod = () => schemaForKind({ group: '', version: 'v1', kind: 'Pod' }) as SchemaNode;

function walk(node: SchemaNode | undefined, path: string): SchemaNode | undefined {
  for (const step of path.split('.')) {
    if (node === undefined) return undefined;
    node = step === '[]' ? node.items() : node.child(step);
  }
  return node;
}

test('schemaForKind finds built-in kinds by group/version/kind and nothing else', () => {
  assert.equal(deployment().name, 'io.k8s.api.apps.v1.Deployment');
  assert.equal(pod().name, 'io.k8s.api.core.v1.Pod');
  assert.equal(schemaForKind({ group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' })?.name, 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler');
  assert.equal(schemaForKind({ group: 'apps', version: 'v1beta1', kind: 'Deployment' }), undefined);
  assert.equal(schemaForKind({ group: 'example.com', version: 'v1', kind: 'Widget' }), undefined);
  assert.equal(schemaForKind({ group: '', version: 'v1', kind: 'Deployment' }), undefined);
});

test('containers: a map-type list merged by name', () => {
  const containers = walk(deployment(), 'spec.template.spec.containers') as SchemaNode;
  assert.equal(containers.kind, 'array');
  assert.equal(containers.patchMergeKey, 'name');
  assert.equal(containers.patchStrategy, 'merge');
  assert.equal(containers.listType, 'map');
  assert.deepEqual(containers.listMapKeys, ['name']);
  const container = containers.items() as SchemaNode;
  assert.equal(container.kind, 'object');
  assert.equal(container.name, 'io.k8s.api.core.v1.Container');
  assert.deepEqual(container.required, ['name']);
  assert.equal(walk(container, 'image')?.kind, 'primitive');
  assert.equal(walk(container, 'image')?.type, 'string');
});

test('ports merge by containerPort; Service ports by port with two list-map keys', () => {
  const ports = walk(pod(), 'spec.containers.[].ports') as SchemaNode;
  assert.equal(ports.patchMergeKey, 'containerPort');
  assert.deepEqual(ports.listMapKeys, ['containerPort', 'protocol']);
  const servicePorts = walk(schemaForKind({ group: '', version: 'v1', kind: 'Service' }), 'spec.ports') as SchemaNode;
  assert.equal(servicePorts.patchMergeKey, 'port');
  assert.deepEqual(servicePorts.listMapKeys, ['port', 'protocol']);
});

test('patch strategies on fields: retainKeys on a struct, merge,retainKeys on volumes', () => {
  assert.equal(walk(deployment(), 'spec.strategy')?.patchStrategy, 'retainKeys');
  assert.equal(walk(deployment(), 'spec.strategy')?.kind, 'object');
  const volumes = walk(pod(), 'spec.volumes') as SchemaNode;
  assert.equal(volumes.patchStrategy, 'merge,retainKeys');
  assert.equal(volumes.patchMergeKey, 'name');
});

test('atomic and set lists, primitive items', () => {
  const tolerations = walk(pod(), 'spec.tolerations') as SchemaNode;
  assert.equal(tolerations.listType, 'atomic');
  assert.equal(tolerations.patchStrategy, undefined);
  assert.equal(tolerations.patchMergeKey, undefined);
  const args = walk(pod(), 'spec.containers.[].args') as SchemaNode;
  assert.equal(args.listType, 'atomic');
  assert.equal(args.items()?.kind, 'primitive');
  const finalizers = walk(pod(), 'metadata.finalizers') as SchemaNode;
  assert.equal(finalizers.listType, 'set');
  assert.equal(finalizers.patchStrategy, 'merge');
});

test('maps: labels are string maps, resource lists map to Quantity, map-type from field or struct', () => {
  const labels = walk(pod(), 'metadata.labels') as SchemaNode;
  assert.equal(labels.kind, 'map');
  assert.equal(labels.child('app.kubernetes.io/name')?.type, 'string');
  assert.equal(labels.items(), undefined);
  const limits = walk(pod(), 'spec.containers.[].resources.limits') as SchemaNode;
  assert.equal(limits.kind, 'map');
  assert.equal(limits.child('cpu')?.name, 'io.k8s.apimachinery.pkg.api.resource.Quantity');
  assert.equal(limits.child('cpu')?.kind, 'primitive');
  // LabelSelector is atomic as a struct (map-type on the definition), wherever it is used.
  assert.equal(walk(deployment(), 'spec.selector')?.mapType, 'atomic');
  assert.equal(walk(deployment(), 'spec.template.metadata')?.mapType, undefined);
});

test('IntOrString and free-form JSON', () => {
  const maxSurge = walk(deployment(), 'spec.strategy.rollingUpdate.maxSurge') as SchemaNode;
  assert.equal(maxSurge.isIntOrString, true);
  assert.equal(maxSurge.kind, 'primitive');
  assert.equal(walk(deployment(), 'spec.replicas')?.isIntOrString, false);
  assert.equal(walk(deployment(), 'spec.replicas')?.format, 'int32');
  const fieldsV1 = walk(pod(), 'metadata.managedFields.[].fieldsV1') as SchemaNode;
  assert.equal(fieldsV1.kind, 'unknown');
  assert.equal(fieldsV1.child('f:metadata')?.kind, 'unknown');
  assert.equal(fieldsV1.child('f:metadata')?.child('anything')?.kind, 'unknown');
  const data = walk(schemaForKind({ group: 'apps', version: 'v1', kind: 'ControllerRevision' }), 'data') as SchemaNode;
  assert.equal(data.kind, 'unknown');
});

test('unknown fields are undefined, with nothing below primitives and arrays', () => {
  assert.equal(deployment().child('spce'), undefined);
  assert.equal(walk(deployment(), 'spec.template.spec.containers.[].imagee'), undefined);
  assert.equal(walk(deployment(), 'spec.replicas')?.child('x'), undefined);
  assert.equal(walk(deployment(), 'spec.template.spec.containers')?.child('name'), undefined);
  assert.equal(deployment().items(), undefined);
});

test('fieldNames lists an object\'s fields, sorted', () => {
  assert.deepEqual(deployment().fieldNames(), ['apiVersion', 'kind', 'metadata', 'spec', 'status']);
  assert.deepEqual(walk(deployment(), 'metadata.labels')?.fieldNames(), []);
});

test('recursive definitions walk lazily and nodes are cached per definition', () => {
  const crd = schemaForKind({ group: 'apiextensions.k8s.io', version: 'v1', kind: 'CustomResourceDefinition' });
  const props = walk(crd, 'spec.versions.[].schema.openAPIV3Schema.properties') as SchemaNode;
  assert.equal(props.kind, 'map');
  const deeper = walk(props, 'spec.properties.replicas.type') as SchemaNode;
  assert.equal(deeper.type, 'string');
  // The same field of the same definition is one node, whichever path reached it.
  assert.equal(walk(deployment(), 'spec.template.spec.containers'), walk(pod(), 'spec.containers'));
  assert.equal(builtInSchemas(), builtInSchemas());
});

test('a registry built from raw definitions resolves $ref and reports dangling ones', () => {
  const registry = new SchemaRegistry({
    Thing: { type: 'object', properties: { a: { $ref: 'Missing' }, b: { type: 'string' } }, 'x-kubernetes-group-version-kind': [{ group: 'x', version: 'v1', kind: 'Thing' }] },
  });
  const thing = registry.forKind({ group: 'x', version: 'v1', kind: 'Thing' }) as SchemaNode;
  assert.equal(thing.child('b')?.type, 'string');
  assert.throws(() => thing.child('a'), /dangling \$ref Missing/);
  assert.equal(registry.forDefinition('Nope'), undefined);
});
