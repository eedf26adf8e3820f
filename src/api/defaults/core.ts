/**
 * core/v1 defaulting other than pods, after pkg/apis/core/v1/defaults.go (SetDefaults_Service,
 * SetDefaults_Namespace, SetDefaults_NamespaceStatus, SetDefaults_Secret,
 * SetDefaults_PersistentVolume, SetDefaults_PersistentVolumeClaim(Spec),
 * SetDefaults_ReplicationController, SetDefaults_Endpoints, SetDefaults_NodeStatus,
 * SetDefaults_LimitRangeItem) and the v1 conversion's Secret stringData merge.
 */
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr, ensureObj, mapLen, objects, setDefault, setDefaultString } from '../validation/access.ts';
import { isExternallyAccessible } from '../validation/core-service.ts';
import { setDefaultsPodTemplateSpec } from './core-pod.ts';

/** DefaultClientIPServiceAffinitySeconds: three hours. */
export const DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS = 10800;
/** LabelMetadataName: every Namespace carries its own name as this label. */
export const LABEL_METADATA_NAME = 'kubernetes.io/metadata.name';

/** SetDefaults_Service. (clusterIP(s), ipFamilies and ipFamilyPolicy are set at allocation.) */
export function setDefaultsService(svc: KubeObject): void {
  const spec = ensureObj(svc, 'spec');
  setDefaultString(spec, 'sessionAffinity', 'None');
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    const clientIP = asObj(asObj(spec.sessionAffinityConfig)?.clientIP);
    if (typeof clientIP?.timeoutSeconds !== 'number') spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: DEFAULT_CLIENT_IP_SERVICE_AFFINITY_SECONDS } };
  }
  setDefaultString(spec, 'type', 'ClusterIP');
  for (const p of objects(spec.ports)) {
    setDefaultString(p, 'protocol', 'TCP');
    if (p.targetPort === undefined || p.targetPort === null || p.targetPort === 0 || p.targetPort === '') p.targetPort = p.port;
  }
  if (isExternallyAccessible(spec)) setDefaultString(spec, 'externalTrafficPolicy', 'Cluster');
  if (['NodePort', 'LoadBalancer', 'ClusterIP'].includes(asStr(spec.type))) setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') {
    setDefault(spec, 'allocateLoadBalancerNodePorts', true);
    // LoadBalancerIPMode (beta, on in 1.32): load balancer IPs default to mode VIP.
    for (const ing of objects(asObj(asObj(svc.status)?.loadBalancer)?.ingress)) if (asStr(ing.ip) !== '') setDefault(ing, 'ipMode', 'VIP');
  }
}

/**
 * SetDefaults_Namespace and SetDefaults_NamespaceStatus: the kubernetes.io/metadata.name label
 * (always equal to the name; set on every write) and phase Active.
 */
export function setDefaultsNamespace(ns: KubeObject): void {
  const name = asStr(ns.metadata?.name);
  if (name !== '') ns.metadata.labels = { ...(ns.metadata.labels ?? {}), [LABEL_METADATA_NAME]: name };
  const status = asObj(ns.status);
  if (status) setDefaultString(status, 'phase', 'Active');
}

/**
 * SetDefaults_Secret (type Opaque) and the v1 → internal conversion: stringData is write-only,
 * merged into data (overwriting) as base64 and never stored.
 */
export function setDefaultsSecret(secret: KubeObject): void {
  setDefaultString(secret as Obj, 'type', 'Opaque');
  const stringData = asObj(secret.stringData);
  if (stringData && Object.keys(stringData).length > 0) {
    const data = ensureObj(secret, 'data');
    for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(asStr(v), 'utf8').toString('base64');
  }
  delete secret.stringData;
}

/** SetDefaults_PersistentVolumeClaimSpec. */
export function setDefaultsPersistentVolumeClaimSpec(spec: Obj): void {
  setDefault(spec, 'volumeMode', 'Filesystem');
}

/** SetDefaults_PersistentVolumeClaim (+ its spec): status.phase Pending. */
export function setDefaultsPersistentVolumeClaim(pvc: Obj): void {
  setDefaultsPersistentVolumeClaimSpec(ensureObj(pvc, 'spec'));
  setDefaultString(ensureObj(pvc, 'status'), 'phase', 'Pending');
}

/** SetDefaults_PersistentVolume: phase Pending, reclaim policy Retain, volumeMode Filesystem. */
export function setDefaultsPersistentVolume(pv: KubeObject): void {
  const spec = ensureObj(pv, 'spec');
  setDefaultString(spec, 'persistentVolumeReclaimPolicy', 'Retain');
  setDefault(spec, 'volumeMode', 'Filesystem');
  setDefaultString(ensureObj(pv, 'status'), 'phase', 'Pending');
  const hostPath = asObj(spec.hostPath);
  if (hostPath) setDefault(hostPath, 'type', '');
}

/**
 * SetDefaults_ReplicationController: selector and labels default to the template's labels,
 * replicas to 1.
 */
export function setDefaultsReplicationController(rc: KubeObject): void {
  const spec = ensureObj(rc, 'spec');
  const template = asObj(spec.template);
  const labels = asObj(asObj(template?.metadata)?.labels);
  if (labels) {
    if (mapLen(spec.selector) === 0) spec.selector = { ...labels };
    if (mapLen(rc.metadata?.labels) === 0) rc.metadata.labels = { ...(labels as Record<string, string>) };
  }
  setDefault(spec, 'replicas', 1);
  if (template) setDefaultsPodTemplateSpec(template);
}

/** SetDefaults_Endpoints: port protocol TCP. */
export function setDefaultsEndpoints(ep: KubeObject): void {
  for (const ss of objects(ep.subsets)) for (const p of objects(ss.ports)) setDefaultString(p, 'protocol', 'TCP');
}

/** SetDefaults_NodeStatus: allocatable defaults to capacity. */
export function setDefaultsNode(node: KubeObject): void {
  const status = asObj(node.status);
  if (status && status.capacity && (status.allocatable === undefined || status.allocatable === null)) status.allocatable = { ...(asObj(status.capacity) ?? {}) };
}

/** SetDefaults_LimitRangeItem: for Container limits, default ← max, defaultRequest ← default ← min. */
export function setDefaultsLimitRange(lr: KubeObject): void {
  for (const item of objects(asObj(lr.spec)?.limits)) {
    if (item.type !== 'Container') continue;
    const def = { ...(asObj(item.default) ?? {}) };
    const defReq = { ...(asObj(item.defaultRequest) ?? {}) };
    for (const [k, v] of Object.entries(asObj(item.max) ?? {})) if (def[k] === undefined) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (defReq[k] === undefined) defReq[k] = v;
    for (const [k, v] of Object.entries(asObj(item.min) ?? {})) if (defReq[k] === undefined) defReq[k] = v;
    // Empty maps are omitted, as Go's omitempty does.
    if (Object.keys(def).length > 0) item.default = def; else delete item.default;
    if (Object.keys(defReq).length > 0) item.defaultRequest = defReq; else delete item.defaultRequest;
  }
}

