/**
 * Volumes of a pod materialised as host directories under `<rootDir>/pods/<uid>/volumes/`, in the
 * kubelet's layout (`kubernetes.io~empty-dir/<name>`, `kubernetes.io~configmap/<name>`…), since
 * process-runtime containers are host processes that read plain directories.
 *
 * - emptyDir: a fresh 0777 directory (medium Memory and sizeLimit are not enforced).
 * - configMap, secret (values base64-decoded), downwardAPI, projected: written with the
 *   AtomicWriter layout, refreshed on every pod sync, so updates propagate as on a real node.
 * - projected serviceAccountToken: a TokenRequest for the pod's service account, bound to the pod;
 *   when the API server does not serve `serviceaccounts/token` the file is skipped (and the
 *   caller told), so pods that never read it still start. Tokens are not refreshed at 80% TTL.
 * - hostPath: the host path itself, after kubelet's type checks (DirectoryOrCreate creates it).
 * - persistentVolumeClaim: the bound PV's `local.path` or `hostPath.path`; a CSI volume maps to a
 *   node-local directory keyed by driver and volume handle, so its data outlives the pod.
 * Failures carry kubelet's FailedMount message (`MountVolume.SetUp failed for volume "x" : …`).
 */
import { mkdir, open, rm, stat, chmod } from 'node:fs/promises';
import { join } from 'node:path';
import { type ApiObjects, objectData } from './api-objects.ts';
import { type FileProjection, writeAtomically } from './atomic-writer.ts';
import { type FieldContext, podFieldValue, resourceFieldValue } from './field-ref.ts';
import type { DownwardAPIVolumeFile, KeyToPath, Pod, Volume } from './pod-types.ts';

export interface MountedVolume {
  readonly name: string;
  readonly hostPath: string;
  /** The volume itself is read-only (configMap, secret, downwardAPI, projected are). */
  readonly readOnly: boolean;
}

export interface TokenRequest {
  readonly namespace: string;
  readonly serviceAccountName: string;
  readonly audience?: string;
  readonly expirationSeconds: number;
  readonly pod: Pod;
}

export interface VolumeContext {
  /** `<rootDir>/pods/<uid>`. */
  readonly podDir: string;
  /** `<rootDir>`, for node-level directories (CSI volumes). */
  readonly rootDir: string;
  readonly objects: ApiObjects;
  readonly field: FieldContext;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly now: number;
  /** Returns the token, or undefined when the API does not issue tokens. */
  readonly requestToken: (req: TokenRequest) => Promise<string | undefined>;
  readonly onNote?: (volume: string, message: string) => void;
}

export class VolumeError extends Error {
  override name = 'VolumeError';
  constructor(readonly volume: string, reason: string) {
    super(`MountVolume.SetUp failed for volume "${volume}" : ${reason}`);
  }
}

const DEFAULT_MODE = 0o644;

export function volumesDir(podDir: string): string { return join(podDir, 'volumes'); }

export async function setUpVolumes(pod: Pod, ctx: VolumeContext): Promise<Map<string, MountedVolume>> {
  const out = new Map<string, MountedVolume>();
  for (const v of pod.spec.volumes ?? []) {
    try {
      out.set(v.name, await setUpVolume(pod, v, ctx));
    } catch (e) {
      if (e instanceof VolumeError) throw e;
      throw new VolumeError(v.name, (e as Error).message);
    }
  }
  return out;
}

async function setUpVolume(pod: Pod, v: Volume, ctx: VolumeContext): Promise<MountedVolume> {
  const plugin = (kind: string) => join(volumesDir(ctx.podDir), `kubernetes.io~${kind}`, v.name);
  if (v.emptyDir) {
    const dir = plugin('empty-dir');
    await mkdir(dir, { recursive: true });
    await chmod(dir, 0o777);
    return { name: v.name, hostPath: dir, readOnly: false };
  }
  if (v.hostPath) return { name: v.name, hostPath: await checkHostPath(v.name, v.hostPath.path, v.hostPath.type ?? ''), readOnly: false };
  if (v.persistentVolumeClaim) return { name: v.name, hostPath: await pvcPath(pod, v, ctx), readOnly: v.persistentVolumeClaim.readOnly ?? false };
  const payload = new Map<string, FileProjection>();
  let kind: string;
  if (v.configMap) {
    kind = 'configmap';
    await addConfigMap(pod, v.name, v.configMap.name ?? '', v.configMap.items, v.configMap.optional, v.configMap.defaultMode ?? DEFAULT_MODE, payload, ctx);
  } else if (v.secret) {
    kind = 'secret';
    await addSecret(pod, v.name, v.secret.secretName ?? '', v.secret.items, v.secret.optional, v.secret.defaultMode ?? DEFAULT_MODE, payload, ctx);
  } else if (v.downwardAPI) {
    kind = 'downward-api';
    addDownward(pod, v.downwardAPI.items ?? [], v.downwardAPI.defaultMode ?? DEFAULT_MODE, payload, ctx);
  } else if (v.projected) {
    kind = 'projected';
    const mode = v.projected.defaultMode ?? DEFAULT_MODE;
    for (const s of v.projected.sources ?? []) {
      if (s.configMap) await addConfigMap(pod, v.name, s.configMap.name ?? '', s.configMap.items, s.configMap.optional, mode, payload, ctx);
      else if (s.secret) await addSecret(pod, v.name, s.secret.name ?? '', s.secret.items, s.secret.optional, mode, payload, ctx);
      else if (s.downwardAPI) addDownward(pod, s.downwardAPI.items ?? [], mode, payload, ctx);
      else if (s.serviceAccountToken) {
        const token = await ctx.requestToken({
          namespace: pod.metadata.namespace ?? 'default', serviceAccountName: pod.spec.serviceAccountName ?? 'default',
          audience: s.serviceAccountToken.audience, expirationSeconds: s.serviceAccountToken.expirationSeconds ?? 3600, pod,
        });
        if (token === undefined) ctx.onNote?.(v.name, `service account token for ${s.serviceAccountToken.path} skipped: the API server issues no tokens`);
        else payload.set(s.serviceAccountToken.path, { data: Buffer.from(token), mode });
      }
    }
  } else {
    const type = Object.keys(v).find((k) => k !== 'name') ?? 'unknown';
    throw new VolumeError(v.name, `volume type ${type} is not supported by ekslite's kubelet`);
  }
  const dir = plugin(kind);
  await writeAtomically(dir, payload, ctx.now);
  return { name: v.name, hostPath: dir, readOnly: true };
}

function project(name: string, data: Map<string, Buffer>, items: readonly KeyToPath[] | undefined, mode: number, payload: Map<string, FileProjection>, missing: (key: string) => string): void {
  if (!items || items.length === 0) {
    for (const [k, d] of data) payload.set(k, { data: d, mode });
    return;
  }
  for (const it of items) {
    const d = data.get(it.key);
    if (!d) throw new VolumeError(name, missing(it.key));
    payload.set(it.path, { data: d, mode: it.mode ?? mode });
  }
}

async function addConfigMap(pod: Pod, vol: string, name: string, items: readonly KeyToPath[] | undefined, optional: boolean | undefined, mode: number, payload: Map<string, FileProjection>, ctx: VolumeContext): Promise<void> {
  const cm = await ctx.objects.configMap(pod.metadata.namespace ?? 'default', name);
  if (!cm) { if (optional) return; throw new VolumeError(vol, `configmap "${name}" not found`); }
  project(vol, objectData(cm, 'ConfigMap'), items, mode, payload, (k) => `configmap references non-existent config key: ${k}`);
}

async function addSecret(pod: Pod, vol: string, name: string, items: readonly KeyToPath[] | undefined, optional: boolean | undefined, mode: number, payload: Map<string, FileProjection>, ctx: VolumeContext): Promise<void> {
  const secret = await ctx.objects.secret(pod.metadata.namespace ?? 'default', name);
  if (!secret) { if (optional) return; throw new VolumeError(vol, `secret "${name}" not found`); }
  project(vol, objectData(secret, 'Secret'), items, mode, payload, (k) => `references non-existent secret key: ${k}`);
}

function addDownward(pod: Pod, items: readonly DownwardAPIVolumeFile[], mode: number, payload: Map<string, FileProjection>, ctx: VolumeContext): void {
  for (const it of items) {
    let value = '';
    if (it.fieldRef) value = podFieldValue(pod, it.fieldRef, ctx.field);
    else if (it.resourceFieldRef) value = resourceFieldValue(pod, undefined, it.resourceFieldRef, ctx.allocatable);
    payload.set(it.path, { data: Buffer.from(value), mode: it.mode ?? mode });
  }
}

/** kubelet's hostPath type checker (pkg/volume/hostpath). */
async function checkHostPath(vol: string, path: string, type: string): Promise<string> {
  const info = await stat(path).catch(() => undefined);
  const fail = (what: string) => { throw new VolumeError(vol, `hostPath type check failed: ${path} is not a ${what}`); };
  switch (type) {
    case 'DirectoryOrCreate': if (!info) await mkdir(path, { recursive: true, mode: 0o755 }); else if (!info.isDirectory()) fail('directory'); break;
    case 'Directory': if (!info?.isDirectory()) fail('directory'); break;
    case 'FileOrCreate': if (!info) await (await open(path, 'a', 0o644)).close(); else if (!info.isFile()) fail('file'); break;
    case 'File': if (!info?.isFile()) fail('file'); break;
    case 'Socket': if (!info?.isSocket()) fail('socket'); break;
    case 'CharDevice': if (!info?.isCharacterDevice()) fail('character device'); break;
    case 'BlockDevice': if (!info?.isBlockDevice()) fail('block device'); break;
    default: break;
  }
  return path;
}

async function pvcPath(pod: Pod, v: Volume, ctx: VolumeContext): Promise<string> {
  const ns = pod.metadata.namespace ?? 'default';
  const claim = v.persistentVolumeClaim!.claimName;
  const pvc = await ctx.objects.pvc(ns, claim);
  if (!pvc) throw new VolumeError(v.name, `persistentvolumeclaim "${claim}" not found`);
  const volumeName = (pvc.spec as { volumeName?: string } | undefined)?.volumeName;
  if (!volumeName) throw new VolumeError(v.name, `PVC ${ns}/${claim} is not bound`);
  const pv = await ctx.objects.pv(volumeName);
  if (!pv) throw new VolumeError(v.name, `persistentvolume "${volumeName}" not found`);
  const spec = (pv.spec ?? {}) as { local?: { path: string }; hostPath?: { path: string; type?: string }; csi?: { driver: string; volumeHandle: string } };
  if (spec.local) return checkHostPath(v.name, spec.local.path, 'Directory');
  if (spec.hostPath) return checkHostPath(v.name, spec.hostPath.path, spec.hostPath.type || 'DirectoryOrCreate');
  if (spec.csi) {
    const dir = join(ctx.rootDir, 'plugins', 'kubernetes.io', 'csi', spec.csi.driver, encodeURIComponent(spec.csi.volumeHandle), 'mount');
    await mkdir(dir, { recursive: true });
    return dir;
  }
  throw new VolumeError(v.name, `persistentvolume "${volumeName}" has no local, hostPath or csi source ekslite can mount`);
}

/** Removes the pod's volume directories (never hostPath or PV data). */
export async function tearDownVolumes(podDir: string): Promise<void> {
  await rm(volumesDir(podDir), { recursive: true, force: true });
}
