/**
 * Pod defaulting, after pkg/apis/core/v1/defaults.go (SetDefaults_Pod, SetDefaults_PodSpec,
 * SetDefaults_Container, SetDefaults_Probe, SetDefaults_Volume, ...) and the effects of the
 * v1 <-> internal conversion that a real apiserver applies on every write (serviceAccount and
 * serviceAccountName kept equal; podIP/podIPs and hostIP/hostIPs kept in step).
 *
 * Go serialises non-pointer structs even when empty, so a real apiserver returns
 * `resources: {}` on every container and `creationTimestamp: null` in every pod template; those
 * are reproduced here because they are what kubectl shows.
 *
 * Deliberately not here: `priority` and `preemptionPolicy`, which kube-apiserver's Priority
 * admission plugin sets from the PriorityClass (defaulting them first would make that plugin
 * reject pods of a class with a different value).
 */
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr, ensureObj, objects, setDefault, setDefaultString } from '../validation/access.ts';

export const DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS = 30;
export const DEFAULT_SCHEDULER_NAME = 'default-scheduler';
export const TERMINATION_MESSAGE_PATH_DEFAULT = '/dev/termination-log';
/** 0644, the default file mode of secret, configMap, downwardAPI and projected volumes. */
const DEFAULT_VOLUME_MODE = 0o644;

// distribution/reference grammar, enough to tell a tag from a digest and a bad reference.
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const domain = `${domainComponent}(?:\\.${domainComponent})*(?::[0-9]+)?`;
const pathComponent = '[a-z0-9]+(?:(?:[._]|__|[-]*)[a-z0-9]+)*';
const referenceRe = new RegExp(`^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::([\\w][\\w.-]{0,127}))?(?:@([A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9A-Fa-f]{32,}))?$`);

/**
 * The tag kubelet's parsers.ParseImageName would find: the explicit tag, "latest" when neither tag
 * nor digest is given, "" for a digest-only or unparsable reference.
 */
export function imageTag(image: string): string {
  const m = referenceRe.exec(image);
  if (!m || m[1].length > 255) return '';
  if (m[2] !== undefined) return m[2];
  return m[3] !== undefined ? '' : 'latest';
}

/** SetDefaults_Container's imagePullPolicy rule. */
export function defaultImagePullPolicy(image: string): 'Always' | 'IfNotPresent' {
  return imageTag(image) === 'latest' ? 'Always' : 'IfNotPresent';
}

function setDefaultsHTTPGet(handler: Obj | undefined): void {
  const http = asObj(handler?.httpGet);
  if (!http) return;
  setDefaultString(http, 'path', '/');
  setDefaultString(http, 'scheme', 'HTTP');
}

/** SetDefaults_Probe plus the handler defaults (httpGet path/scheme, grpc service). */
export function setDefaultsProbe(probe: Obj): void {
  for (const [k, v] of [['timeoutSeconds', 1], ['periodSeconds', 10], ['successThreshold', 1], ['failureThreshold', 3]] as const) {
    if (!probe[k]) probe[k] = v;
  }
  setDefaultsHTTPGet(probe);
  const grpc = asObj(probe.grpc);
  if (grpc) setDefault(grpc, 'service', '');
}

/** SetDefaults_Container and the defaults of everything a container holds. */
export function setDefaultsContainer(c: Obj): void {
  setDefaultString(c, 'imagePullPolicy', defaultImagePullPolicy(asStr(c.image)));
  setDefaultString(c, 'terminationMessagePath', TERMINATION_MESSAGE_PATH_DEFAULT);
  setDefaultString(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  for (const p of objects(c.ports)) setDefaultString(p, 'protocol', 'TCP');
  for (const e of objects(c.env)) {
    const fieldRef = asObj(asObj(e.valueFrom)?.fieldRef);
    if (fieldRef) setDefaultString(fieldRef, 'apiVersion', 'v1');
  }
  for (const k of ['livenessProbe', 'readinessProbe', 'startupProbe']) {
    const probe = asObj(c[k]);
    if (probe) setDefaultsProbe(probe);
  }
  const lifecycle = asObj(c.lifecycle);
  setDefaultsHTTPGet(asObj(lifecycle?.postStart));
  setDefaultsHTTPGet(asObj(lifecycle?.preStop));
}

const VOLUME_SOURCES = ['hostPath', 'emptyDir', 'gcePersistentDisk', 'awsElasticBlockStore', 'gitRepo', 'secret', 'nfs', 'iscsi',
  'glusterfs', 'persistentVolumeClaim', 'rbd', 'flexVolume', 'cinder', 'cephfs', 'flocker', 'downwardAPI', 'fc', 'azureFile',
  'configMap', 'vsphereVolume', 'quobyte', 'azureDisk', 'photonPersistentDisk', 'projected', 'portworxVolume', 'scaleIO',
  'storageos', 'csi', 'ephemeral', 'image'];

function setDefaultsDownwardAPIItems(items: unknown): void {
  for (const item of objects(items)) {
    const fieldRef = asObj(item.fieldRef);
    if (fieldRef) setDefaultString(fieldRef, 'apiVersion', 'v1');
  }
}

/** SetDefaults_Volume (no source → emptyDir) and the per-source defaults. */
export function setDefaultsVolume(v: Obj): void {
  if (!VOLUME_SOURCES.some((s) => v[s] !== undefined && v[s] !== null)) v.emptyDir = {};
  for (const s of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    const src = asObj(v[s]);
    if (src) setDefault(src, 'defaultMode', DEFAULT_VOLUME_MODE);
  }
  setDefaultsDownwardAPIItems(asObj(v.downwardAPI)?.items);
  for (const source of objects(asObj(v.projected)?.sources)) {
    setDefaultsDownwardAPIItems(asObj(source.downwardAPI)?.items);
    const token = asObj(source.serviceAccountToken);
    if (token) setDefault(token, 'expirationSeconds', 3600);
  }
  const hostPath = asObj(v.hostPath);
  if (hostPath) setDefault(hostPath, 'type', '');
  const iscsi = asObj(v.iscsi);
  if (iscsi) setDefaultString(iscsi, 'iscsiInterface', 'default');
  const rbd = asObj(v.rbd);
  if (rbd) { setDefaultString(rbd, 'pool', 'rbd'); setDefaultString(rbd, 'user', 'admin'); setDefaultString(rbd, 'keyring', '/etc/ceph/keyring'); }
  const azureDisk = asObj(v.azureDisk);
  if (azureDisk) {
    setDefaultString(azureDisk, 'cachingMode', 'ReadWrite'); setDefaultString(azureDisk, 'fsType', 'ext4');
    setDefault(azureDisk, 'readOnly', false); setDefaultString(azureDisk, 'kind', 'Shared');
  }
  const claimSpec = asObj(asObj(asObj(v.ephemeral)?.volumeClaimTemplate)?.spec);
  if (claimSpec) setDefaultString(claimSpec, 'volumeMode', 'Filesystem');
}

/** SetDefaults_PodSpec and the defaults of its volumes and containers (pods and templates alike). */
export function setDefaultsPodSpec(spec: Obj): void {
  setDefaultString(spec, 'dnsPolicy', 'ClusterFirst');
  setDefaultString(spec, 'restartPolicy', 'Always');
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'terminationGracePeriodSeconds', DEFAULT_TERMINATION_GRACE_PERIOD_SECONDS);
  setDefaultString(spec, 'schedulerName', DEFAULT_SCHEDULER_NAME);
  // Conversion: serviceAccount (deprecated) is read when serviceAccountName is empty, and always
  // written back equal to serviceAccountName.
  if (asStr(spec.serviceAccountName) === '' && asStr(spec.serviceAccount) !== '') spec.serviceAccountName = spec.serviceAccount;
  if (asStr(spec.serviceAccountName) !== '') spec.serviceAccount = spec.serviceAccountName;
  else delete spec.serviceAccount;
  for (const v of objects(spec.volumes)) setDefaultsVolume(v);
  for (const k of ['initContainers', 'containers', 'ephemeralContainers']) for (const c of objects(spec[k])) setDefaultsContainer(c);
}

/** A PodTemplateSpec inside a workload: spec defaults plus Go's `creationTimestamp: null`. */
export function setDefaultsPodTemplateSpec(template: Obj): void {
  const meta = ensureObj(template, 'metadata');
  if (meta.creationTimestamp === undefined) meta.creationTimestamp = null;
  setDefaultsPodSpec(ensureObj(template, 'spec'));
}

function syncIPs(status: Obj, single: string, plural: string): void {
  const list = objects(status[plural]);
  const ip = asStr(status[single]);
  // v1 → internal: the singular field is authoritative when both are set and differ.
  if (ip !== '' && (list.length === 0 || asStr(list[0].ip) !== ip)) status[plural] = [{ ip }];
  else if (ip === '' && list.length > 0) status[single] = asStr(list[0].ip);
}

/** SetDefaults_Pod: pod-only defaults on top of the spec defaults. */
export function setDefaultsPod(pod: KubeObject): void {
  const spec = ensureObj(pod, 'spec');
  for (const k of ['containers', 'initContainers']) {
    for (const c of objects(spec[k])) {
      // Requests default to limits, for Pods only (not templates).
      const resources = asObj(c.resources);
      const limits = asObj(resources?.limits);
      if (resources && limits) {
        const requests = ensureObj(resources, 'requests');
        for (const [name, q] of Object.entries(limits)) if (requests[name] === undefined) requests[name] = q;
      }
    }
  }
  setDefault(spec, 'enableServiceLinks', true);
  if (spec.hostNetwork === true) {
    // defaultHostNetworkPorts: with the host's network, hostPort is containerPort.
    for (const k of ['containers', 'initContainers']) {
      for (const c of objects(spec[k])) for (const p of objects(c.ports)) if (!p.hostPort) p.hostPort = p.containerPort;
    }
  }
  setDefaultsPodSpec(spec);
  const status = asObj(pod.status);
  if (status) { syncIPs(status, 'podIP', 'podIPs'); syncIPs(status, 'hostIP', 'hostIPs'); }
}
