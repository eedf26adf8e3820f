/**
 * Server-side apply of a Deployment, in-process (what a `kubectl apply --server-side` PATCH costs
 * the API server before storage): create-if-absent, a no-op re-apply, a re-apply that changes
 * replicas over an object that a controller also manages, and the managedFields bookkeeping of a
 * status update. The peer is the strategic merge patch of the same replicas change (what a
 * client-side `kubectl apply` costs), measured in the same run.
 */
import { applyPatch } from '../src/api/apply/apply.ts';
import { FieldSet } from '../src/api/apply/field-set.ts';
import { updateManagedFields } from '../src/api/apply/managed-fields.ts';
import { fieldElement } from '../src/api/apply/path-element.ts';
import type { KubeObject } from '../src/api/object.ts';
import { applyStrategicMergePatch } from '../src/api/patch/strategic-merge-patch.ts';
import { schemaForKind } from '../src/api/schema.ts';
import { measure, printTable } from './support.ts';

const schema = schemaForKind({ group: 'apps', version: 'v1', kind: 'Deployment' })!;
const status = new FieldSet([[fieldElement('status')]]);
const spec = new FieldSet([[fieldElement('spec')]]);
const common = { schema, apiVersion: 'apps/v1', kind: 'Deployment', now: '2026-01-01T00:00:00Z' };

function config(replicas: number): KubeObject {
  const container = (name: string, image: string, port: number) => ({
    name, image, ports: [{ name: 'http', containerPort: port }],
    env: [{ name: 'MODE', value: 'prod' }, { name: 'LOG', value: 'info' }],
    resources: { requests: { cpu: '100m', memory: '128Mi' }, limits: { memory: '256Mi' } },
    readinessProbe: { httpGet: { path: '/healthz', port }, periodSeconds: 5 },
    args: ['--port', String(port)],
  });
  return {
    apiVersion: 'apps/v1', kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web', tier: 'frontend' } },
    spec: {
      replicas, selector: { matchLabels: { app: 'web' } },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } },
      template: {
        metadata: { labels: { app: 'web', tier: 'frontend' }, annotations: { 'prometheus.io/scrape': 'true' } },
        spec: {
          containers: [container('nginx', 'nginx:1.27', 80), container('proxy', 'envoy:1.31', 9901)],
          volumes: [{ name: 'cfg', configMap: { name: 'web' } }],
          tolerations: [{ key: 'dedicated', operator: 'Equal', value: 'web', effect: 'NoSchedule' }],
        },
      },
    },
  };
}


const created = applyPatch(undefined, config(2), { ...common, manager: 'kubectl', force: false, resetFields: status }).object;
const stored: KubeObject = { ...created, metadata: { ...created.metadata, uid: 'u', resourceVersion: '10' } };
const withStatus = updateManagedFields(stored, { ...stored, status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 } },
  { ...common, manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', resetFields: spec }).object;
const live = { ...withStatus, status: { replicas: 2, readyReplicas: 2, availableReplicas: 2, observedGeneration: 1 } };
const smpPatch = { spec: { replicas: 3 } };

const N = 5000;
const rows = [
  measure('apply: create if absent', N, 200, () => applyPatch(undefined, config(2), { ...common, manager: 'kubectl', force: false, resetFields: status })),
  measure('apply: unchanged re-apply', N, 200, () => applyPatch(live, config(2), { ...common, manager: 'kubectl', force: false, resetFields: status })),
  measure('apply: replicas 2→3', N, 200, () => applyPatch(live, config(3), { ...common, manager: 'kubectl', force: false, resetFields: status })),
  measure('update managedFields: status', N, 200, () => updateManagedFields(live, { ...live, status: { ...live.status as object, readyReplicas: 1 } },
    { ...common, manager: 'kube-controller-manager', operation: 'Update', subresource: 'status', resetFields: spec })),
  measure('peer: strategic merge patch replicas', N, 200, () => applyStrategicMergePatch(live, smpPatch, { schema })),
];
const peer = rows[rows.length - 1]!.p50;
printTable([
  ['operation (Deployment, 2 containers)', 'mean µs', 'p50 µs', 'p99 µs', 'p50 × SMP'],
  ...rows.map((r) => [r.name, r.mean.toFixed(1), r.p50.toFixed(1), r.p99.toFixed(1), (r.p50 / peer).toFixed(1)]),
]);
