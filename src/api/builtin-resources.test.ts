import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ResourceTable, builtinResources, compareKubeVersions } from './builtin-resources.ts';
import { RESOURCE_NAMES } from './resource-names.ts';
import type { ResourceInfo } from './resource-info.ts';

const table = new ResourceTable(builtinResources());
const get = (group: string, version: string, resource: string): ResourceInfo => {
  const r = table.get({ group, version, resource });
  assert.ok(r, `${resource}.${group}/${version} is served`);
  return r;
};

test('pods: namespaced, every verb, and their subresources with their kinds', () => {
  const pods = get('', 'v1', 'pods');
  assert.equal(pods.kind, 'Pod');
  assert.equal(pods.listKind, 'PodList');
  assert.equal(pods.singular, 'pod');
  assert.ok(pods.namespaced);
  assert.deepEqual(pods.verbs, ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);
  assert.deepEqual(pods.shortNames, ['po']);
  assert.deepEqual(pods.categories, ['all']);
  const sub = Object.fromEntries(pods.subresources.map((s) => [s.name, s]));
  assert.deepEqual(Object.keys(sub).sort(),
    ['attach', 'binding', 'ephemeralcontainers', 'eviction', 'exec', 'log', 'portforward', 'proxy', 'resize', 'status']);
  assert.deepEqual(sub.status.kind, { group: '', version: 'v1', kind: 'Pod' });
  assert.deepEqual(sub.status.verbs, ['get', 'patch', 'update']);
  assert.deepEqual(sub.log.verbs, ['get']);
  assert.deepEqual(sub.exec.kind, { group: '', version: 'v1', kind: 'PodExecOptions' });
  assert.deepEqual(sub.exec.verbs, ['create', 'get']);
  assert.deepEqual(sub.proxy.verbs, ['create', 'delete', 'get', 'patch', 'update']);
  assert.deepEqual(sub.eviction.kind, { group: 'policy', version: 'v1', kind: 'Eviction' });
  assert.deepEqual(sub.eviction.verbs, ['create']);
  assert.deepEqual(sub.binding.kind, { group: '', version: 'v1', kind: 'Binding' });
});

test('scale subresources answer with autoscaling/v1 Scale', () => {
  for (const [group, resource] of [['apps', 'deployments'], ['apps', 'replicasets'], ['apps', 'statefulsets'], ['', 'replicationcontrollers']]) {
    const scale = get(group, 'v1', resource).subresources.find((s) => s.name === 'scale');
    assert.deepEqual(scale?.kind, { group: 'autoscaling', version: 'v1', kind: 'Scale' }, resource);
    assert.deepEqual(scale?.verbs, ['get', 'patch', 'update']);
  }
  assert.equal(get('apps', 'v1', 'daemonsets').subresources.some((s) => s.name === 'scale'), false);
});

test('other subresources from the reference OpenAPI', () => {
  const token = get('', 'v1', 'serviceaccounts').subresources.find((s) => s.name === 'token');
  assert.deepEqual(token, { name: 'token', kind: { group: 'authentication.k8s.io', version: 'v1', kind: 'TokenRequest' }, verbs: ['create'] });
  const approval = get('certificates.k8s.io', 'v1', 'certificatesigningrequests').subresources.find((s) => s.name === 'approval');
  assert.deepEqual(approval?.verbs, ['get', 'patch', 'update']);
  assert.deepEqual(get('', 'v1', 'namespaces').subresources.map((s) => s.name), ['finalize', 'status']);
  assert.deepEqual(get('', 'v1', 'nodes').subresources.map((s) => s.name), ['proxy', 'status']);
});

test('scope: nodes, namespaces and persistent volumes are cluster-scoped', () => {
  for (const [group, resource] of [['', 'nodes'], ['', 'namespaces'], ['', 'persistentvolumes'], ['rbac.authorization.k8s.io', 'clusterroles'],
    ['storage.k8s.io', 'storageclasses'], ['apiextensions.k8s.io', 'customresourcedefinitions']]) {
    assert.equal(table.preferred().find((r) => r.group === group && r.resource === resource)?.namespaced, false, resource);
  }
  for (const [group, resource] of [['', 'configmaps'], ['apps', 'deployments'], ['coordination.k8s.io', 'leases'],
    ['authorization.k8s.io', 'localsubjectaccessreviews'], ['', 'bindings']]) {
    assert.equal(table.preferred().find((r) => r.group === group && r.resource === resource)?.namespaced, true, resource);
  }
});

test('verbs follow what each resource supports', () => {
  assert.deepEqual(get('', 'v1', 'namespaces').verbs, ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'], 'no deletecollection');
  assert.deepEqual(get('', 'v1', 'componentstatuses').verbs, ['get', 'list']);
  assert.deepEqual(get('', 'v1', 'bindings').verbs, ['create']);
  assert.deepEqual(get('authorization.k8s.io', 'v1', 'subjectaccessreviews').verbs, ['create']);
  assert.deepEqual(get('authentication.k8s.io', 'v1', 'tokenreviews').verbs, ['create']);
});

test('the "all" category is exactly what kube-apiserver puts in it', () => {
  assert.deepEqual(table.byCategory('all').map((r) => `${r.resource}.${r.group}/${r.version}`).sort(), [
    'cronjobs.batch/v1', 'daemonsets.apps/v1', 'deployments.apps/v1', 'horizontalpodautoscalers.autoscaling/v2', 'jobs.batch/v1',
    'pods./v1', 'replicasets.apps/v1', 'replicationcontrollers./v1', 'services./v1', 'statefulsets.apps/v1',
  ]);
  assert.deepEqual(table.byCategory('api-extensions').map((r) => r.resource).sort(), [
    'apiservices', 'customresourcedefinitions', 'mutatingwebhookconfigurations', 'validatingadmissionpolicies',
    'validatingadmissionpolicybindings', 'validatingwebhookconfigurations',
  ]);
});

test('every resource has a singular name, a list kind and a storage version', () => {
  for (const r of builtinResources({ enable: ['resource.k8s.io/v1beta1', 'storage.k8s.io/v1beta1'] })) {
    assert.equal(r.singular, r.kind.toLowerCase(), r.resource);
    assert.equal(r.listKind, `${r.kind}List`, r.resource);
    assert.ok(r.storageVersion.length > 0, r.resource);
  }
  assert.equal(get('', 'v1', 'endpoints').singular, 'endpoints');
  assert.equal(get('networking.k8s.io', 'v1', 'networkpolicies').singular, 'networkpolicy');
});

test('every hand-written name entry belongs to a resource the reference OpenAPI knows', () => {
  const known = new Set(builtinResources({ enable: allNonGa() }).map((r) => (r.group === '' ? r.resource : `${r.resource}.${r.group}`)));
  for (const key of Object.keys(RESOURCE_NAMES)) assert.ok(known.has(key), key);
});

test('short names resolve to the preferred resource, core events first', () => {
  const cases: Array<[string, string, string]> = [
    ['po', '', 'pods'], ['svc', '', 'services'], ['deploy', 'apps', 'deployments'], ['rs', 'apps', 'replicasets'],
    ['ds', 'apps', 'daemonsets'], ['sts', 'apps', 'statefulsets'], ['cm', '', 'configmaps'], ['ns', '', 'namespaces'],
    ['no', '', 'nodes'], ['ev', '', 'events'], ['ep', '', 'endpoints'], ['sa', '', 'serviceaccounts'],
    ['pv', '', 'persistentvolumes'], ['pvc', '', 'persistentvolumeclaims'], ['rc', '', 'replicationcontrollers'],
    ['quota', '', 'resourcequotas'], ['limits', '', 'limitranges'], ['hpa', 'autoscaling', 'horizontalpodautoscalers'],
    ['cj', 'batch', 'cronjobs'], ['ing', 'networking.k8s.io', 'ingresses'], ['netpol', 'networking.k8s.io', 'networkpolicies'],
    ['pdb', 'policy', 'poddisruptionbudgets'], ['sc', 'storage.k8s.io', 'storageclasses'], ['pc', 'scheduling.k8s.io', 'priorityclasses'],
    ['crd', 'apiextensions.k8s.io', 'customresourcedefinitions'], ['crds', 'apiextensions.k8s.io', 'customresourcedefinitions'],
    ['csr', 'certificates.k8s.io', 'certificatesigningrequests'], ['cs', '', 'componentstatuses'],
  ];
  for (const [short, group, resource] of cases) {
    const r = table.byShortName(short);
    assert.equal(r && `${r.resource}.${r.group}`, `${resource}.${group}`, short);
  }
  assert.equal(table.byShortName('hpa')?.version, 'v2');
  assert.equal(table.byShortName('nope'), undefined);
});

test('discovery order: core, then apiregistration, then kube-aggregator group priority', () => {
  assert.deepEqual(table.groups(), [
    '', 'apiregistration.k8s.io', 'apps', 'events.k8s.io', 'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch',
    'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io',
    'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'scheduling.k8s.io', 'coordination.k8s.io', 'node.k8s.io',
    'discovery.k8s.io', 'flowcontrol.apiserver.k8s.io',
  ]);
  assert.deepEqual(table.versions('autoscaling'), ['v2', 'v1']);
  assert.equal(table.preferredVersion('autoscaling'), 'v2');
  assert.equal(table.preferredVersion(''), 'v1');
  assert.equal(table.preferredVersion('nope'), undefined);
  const coreNames = table.inGroupVersion('', 'v1').map((r) => r.resource);
  assert.deepEqual(coreNames, [...coreNames].sort(), 'resources sorted by name within a version');
  assert.equal(builtinResources()[0].resource, 'bindings');
  // enabled betas sit after their group's GA version, and resource.k8s.io after discovery.k8s.io
  const more = new ResourceTable(builtinResources({ enable: ['admissionregistration.k8s.io/v1beta1', 'resource.k8s.io/v1beta1'] }));
  assert.deepEqual(more.versions('admissionregistration.k8s.io'), ['v1', 'v1beta1']);
  assert.ok(more.groups().indexOf('resource.k8s.io') === more.groups().indexOf('discovery.k8s.io') + 1);
});

test('only GA versions are served by default', () => {
  for (const r of builtinResources()) assert.match(r.version, /^v[0-9]+$/, `${r.resource}.${r.group}/${r.version}`);
  assert.equal(table.get({ group: 'resource.k8s.io', version: 'v1beta1', resource: 'resourceclaims' }), undefined);
});

test('storage versions: HPA versions share v2, events.k8s.io events are core events', () => {
  assert.equal(get('autoscaling', 'v1', 'horizontalpodautoscalers').storageVersion, 'autoscaling/v2');
  assert.equal(get('autoscaling', 'v2', 'horizontalpodautoscalers').storageVersion, 'autoscaling/v2');
  assert.equal(get('events.k8s.io', 'v1', 'events').storageVersion, 'v1');
  assert.equal(get('', 'v1', 'events').storageVersion, 'v1');
  assert.equal(get('apps', 'v1', 'deployments').storageVersion, 'apps/v1');
  const beta = new ResourceTable(builtinResources({ enable: ['admissionregistration.k8s.io/v1beta1'] }));
  assert.equal(beta.get({ group: 'admissionregistration.k8s.io', version: 'v1beta1', resource: 'validatingadmissionpolicies' })?.storageVersion,
    'admissionregistration.k8s.io/v1');
});

test('lookups by kind', () => {
  assert.equal(table.byKind({ group: 'apps', version: 'v1', kind: 'Deployment' })?.resource, 'deployments');
  assert.equal(table.byKind({ group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' })?.version, 'v1');
  assert.equal(table.byGroupKind({ group: 'autoscaling', kind: 'HorizontalPodAutoscaler' })?.version, 'v2');
  assert.equal(table.byGroupKind({ group: '', kind: 'Event' })?.group, '');
  assert.equal(table.byGroupKind({ group: 'events.k8s.io', kind: 'Event' })?.group, 'events.k8s.io');
  assert.equal(table.byKind({ group: 'apps', version: 'v1', kind: 'Scale' }), undefined);
});

test('a table refuses duplicate resources', () => {
  const pods = get('', 'v1', 'pods');
  assert.throws(() => new ResourceTable([pods, pods]), /duplicate resource \/v1\/pods/);
});

test('compareKubeVersions orders GA > beta > alpha, then by number', () => {
  const sorted = ['v1alpha1', 'v11beta2', 'foo10', 'v2', 'v10beta3', 'v1', 'v12alpha1', 'v10', 'v3beta1', 'v11alpha2', 'foo1']
    .sort((a, b) => compareKubeVersions(b, a));
  // the example order of the apiregistration VersionPriority documentation
  assert.deepEqual(sorted, ['v10', 'v2', 'v1', 'v11beta2', 'v10beta3', 'v3beta1', 'v12alpha1', 'v11alpha2', 'v1alpha1', 'foo1', 'foo10']);
});

function allNonGa(): string[] {
  return ['admissionregistration.k8s.io/v1alpha1', 'admissionregistration.k8s.io/v1beta1', 'authentication.k8s.io/v1beta1',
    'certificates.k8s.io/v1alpha1', 'coordination.k8s.io/v1alpha2', 'internal.apiserver.k8s.io/v1alpha1', 'networking.k8s.io/v1beta1',
    'resource.k8s.io/v1alpha3', 'resource.k8s.io/v1beta1', 'storage.k8s.io/v1alpha1', 'storage.k8s.io/v1beta1', 'storagemigration.k8s.io/v1alpha1'];
}
