// Protobuf codec speed (src/api/protobuf) for Deployments, against JSON.parse/JSON.stringify of
// the same objects measured in the same run (the apiserver's other wire format).
// Usage: node --import tsx bench/protobuf-codec.bench.ts
import { readFileSync } from 'node:fs';
import { decodeKubernetesProtobuf, encodeKubernetesProtobuf } from '../src/api/protobuf/index.ts';
import { printTable } from './support.ts';

/** Median µs per call over `rounds` timed batches, after a warm-up. */
function measure(f: () => unknown, batch = 2000, rounds = 15): number {
  for (let i = 0; i < batch * 3; i++) f();
  const samples: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    for (let i = 0; i < batch; i++) f();
    samples.push(((performance.now() - t0) * 1000) / batch);
  }
  return samples.sort((a, b) => a - b)[Math.floor(rounds / 2)];
}

const kubectlBody = readFileSync(new URL('../src/api/protobuf/testdata/deployment.pb', import.meta.url));
const stored = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: {
    name: 'web', namespace: 'default', uid: '7c0e3a52-93c6-4a57-9d5b-4f0a3f6a2b11', resourceVersion: '123456', generation: 4,
    creationTimestamp: '2024-01-02T03:04:05Z', labels: { app: 'web', tier: 'frontend' },
    annotations: { 'deployment.kubernetes.io/revision': '3', 'kubectl.kubernetes.io/last-applied-configuration': '{"apiVersion":"apps/v1","kind":"Deployment"}\n' },
    managedFields: [
      { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'apps/v1', time: '2024-01-02T03:04:05Z', fieldsType: 'FieldsV1',
        fieldsV1: { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } }, 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:image': {} } } } } } } },
      { manager: 'kube-controller-manager', operation: 'Update', apiVersion: 'apps/v1', time: '2024-01-02T03:05:05Z', fieldsType: 'FieldsV1', subresource: 'status',
        fieldsV1: { 'f:status': { 'f:availableReplicas': {}, 'f:conditions': {}, 'f:readyReplicas': {} } } },
    ],
  },
  spec: {
    replicas: 3, revisionHistoryLimit: 10, progressDeadlineSeconds: 600,
    selector: { matchLabels: { app: 'web' } },
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } },
    template: {
      metadata: { creationTimestamp: null, labels: { app: 'web', tier: 'frontend' } },
      spec: {
        containers: [{
          name: 'web', image: 'nginx:1.27', ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }],
          env: [{ name: 'MODE', value: 'production' }, { name: 'POD_NAME', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' } } }],
          resources: { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } },
          readinessProbe: { httpGet: { path: '/healthz', port: 'http', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          livenessProbe: { tcpSocket: { port: 8080 }, initialDelaySeconds: 5, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
          volumeMounts: [{ name: 'config', mountPath: '/etc/web', readOnly: true }],
          terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'IfNotPresent',
        }],
        volumes: [{ name: 'config', configMap: { name: 'web-config', defaultMode: 420 } }],
        restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', schedulerName: 'default-scheduler', securityContext: {},
      },
    },
  },
  status: {
    observedGeneration: 4, replicas: 3, updatedReplicas: 3, readyReplicas: 3, availableReplicas: 3,
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: '2024-01-02T03:05:05Z', lastTransitionTime: '2024-01-02T03:05:05Z', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: '2024-01-02T03:05:05Z', lastTransitionTime: '2024-01-02T03:04:05Z', reason: 'NewReplicaSetAvailable', message: 'ReplicaSet "web-5d9c7b9f6d" has successfully progressed.' },
    ],
  },
};

const rows: (string | number)[][] = [['object', 'bytes pb/json', 'pb decode µs', 'JSON.parse µs', 'pb encode µs', 'JSON.stringify µs']];
for (const [name, pb] of [['kubectl create deployment body', new Uint8Array(kubectlBody)], ['stored Deployment (status, managedFields)', encodeKubernetesProtobuf(stored)]] as const) {
  const obj = decodeKubernetesProtobuf(pb);
  const json = JSON.stringify(obj);
  const jsonBytes = Buffer.from(json);
  const dec = measure(() => decodeKubernetesProtobuf(pb));
  const parse = measure(() => JSON.parse(jsonBytes.toString('utf8')));
  const enc = measure(() => encodeKubernetesProtobuf(obj));
  const str = measure(() => Buffer.from(JSON.stringify(obj)));
  rows.push([name, `${pb.length}/${jsonBytes.length}`, dec.toFixed(2), parse.toFixed(2), enc.toFixed(2), str.toFixed(2)]);
}
printTable(rows);
console.log('(median of 15 batches of 2000 calls; JSON columns include the UTF-8 buffer conversion the server does too)');
