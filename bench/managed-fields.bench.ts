/**
 * The managedFields bookkeeping of a non-apply create (what every POST costs the API server on
 * top of storage): a defaulted bench Pod and the Deployment of a typical manifest, through the
 * general path (typed compare → FieldSets → encoding) and through updateManagedFields, which
 * writes a create's one entry straight from the object. Also the default manager name of a
 * request without ?fieldManager.
 */
import { FieldSet } from '../src/api/apply/field-set.ts';
import { managerFromUserAgent, updateManagedFields, updateManagedFieldsGeneral } from '../src/api/apply/managed-fields.ts';
import { fieldElement } from '../src/api/apply/path-element.ts';
import { setDefaultsDeployment } from '../src/api/defaults/apps.ts';
import { setDefaultsPod } from '../src/api/defaults/core-pod.ts';
import type { KubeObject } from '../src/api/object.ts';
import { schemaForKind } from '../src/api/schema.ts';
import { measure, podManifest, printTable } from './support.ts';


const status = new FieldSet([[fieldElement('status')]]);
const pod: KubeObject = podManifest('bench-1');
setDefaultsPod(pod);
const podOptions = { manager: 'kubectl-create', operation: 'Update' as const, now: '2026-01-01T00:00:00.123Z', apiVersion: 'v1', schema: schemaForKind({ group: '', version: 'v1', kind: 'Pod' }), resetFields: status };

const deployment: KubeObject = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: 'default', labels: { app: 'web' } },
  spec: {
    replicas: 2, selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], env: [{ name: 'MODE', value: 'prod' }] }] },
    },
  },
};
setDefaultsDeployment(deployment);
const deploymentOptions = { ...podOptions, apiVersion: 'apps/v1', schema: schemaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' }) };

const N = 20_000;
const rows = [
  measure('Pod create: general path', N, 2000, () => updateManagedFieldsGeneral(undefined, pod, podOptions)),
  measure('Pod create: updateManagedFields', N, 2000, () => updateManagedFields(undefined, pod, podOptions)),
  measure('Deployment create: general path', N, 2000, () => updateManagedFieldsGeneral(undefined, deployment, deploymentOptions)),
  measure('Deployment create: updateManagedFields', N, 2000, () => updateManagedFields(undefined, deployment, deploymentOptions)),
  measure('managerFromUserAgent (kubectl)', N, 2000, () => managerFromUserAgent('kubectl/v1.32.4 (linux/amd64) kubernetes/4cb5f07')),
];
printTable([
  ['operation', 'mean µs', 'p50 µs', 'p99 µs'],
  ...rows.map((r) => [r.name, r.mean.toFixed(2), r.p50.toFixed(2), r.p99.toFixed(2)]),
]);
