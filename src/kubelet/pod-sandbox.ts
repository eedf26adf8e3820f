/**
 * A pod's sandbox as the pod worker sees it: the address (VPC CNI IPAM, or the node's for
 * hostNetwork), the volumes, and the runtime's sandbox, set up in kubelet's order (network, then
 * volumes — WaitForAttachAndMount — then RunPodSandbox) and released together at termination.
 * Failures are reported as kubelet's events (FailedCreatePodSandBox, FailedMount) and retried.
 */
import type { KubeObject } from '../api/object.ts';
import { IpamExhaustedError } from '../network/ipam.ts';
import { podDir } from './pod-paths.ts';
import type { Pod } from './pod-types.ts';
import type { PodWorkerContext } from './pod-worker-context.ts';
import { type MountedVolume, setUpVolumes, tearDownVolumes, VolumeError } from './volumes.ts';

/** How often a failed sandbox or mount is retried. */
export const SANDBOX_RETRY_MS = 5_000;

type Report = (type: 'Normal' | 'Warning', reason: string, message: string) => void;

export class PodSandbox {
  id?: string;
  podIP?: string;
  volumes = new Map<string, MountedVolume>();
  lastVolumeSync = 0;

  constructor(private readonly ctx: PodWorkerContext, private readonly uid: string) {}

  /** Sets everything up; false (after reporting why) when it must be retried later. */
  async create(pod: Pod, report: Report): Promise<boolean> {
    const { ctx } = this;
    try {
      this.podIP = pod.spec.hostNetwork ? ctx.hostIP : ctx.ipam.allocate(this.uid);
    } catch (e) {
      if (!(e instanceof IpamExhaustedError)) throw e;
      report('Warning', 'FailedCreatePodSandBox', `Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox: plugin type="aws-cni" name="aws-cni" failed (add): ${e.message}`);
      return false;
    }
    if (!(await this.mountVolumes(pod, report))) return false;
    this.id = await ctx.runtime.runPodSandbox({
      uid: this.uid, namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name!, hostname: pod.spec.hostname ?? pod.metadata.name!,
      ip: this.podIP, hostNetwork: pod.spec.hostNetwork, labels: pod.metadata.labels, podDir: podDir(ctx.rootDir, this.uid),
    });
    ctx.probes.addPod(pod, this.podIP);
    return true;
  }

  /** (Re)writes the pod's volumes: ConfigMap/Secret/downward API changes reach the files. */
  async mountVolumes(pod: Pod, report: Report): Promise<boolean> {
    const { ctx } = this;
    try {
      this.volumes = await setUpVolumes(pod, {
        podDir: podDir(ctx.rootDir, this.uid), rootDir: ctx.rootDir, objects: ctx.objects, allocatable: ctx.allocatable, now: ctx.clock.now(),
        field: { podIP: this.podIP, hostIP: ctx.hostIP },
        requestToken: (r) => ctx.requestToken(r.namespace, r.serviceAccountName, r.audience, r.expirationSeconds, r.pod),
      });
      this.lastVolumeSync = ctx.clock.now();
      return true;
    } catch (e) {
      if (!(e instanceof VolumeError)) throw e;
      report('Warning', 'FailedMount', e.message);
      return false;
    }
  }

  /** Services whose link variables the pod's containers get (its namespace's, and default/kubernetes). */
  async services(pod: Pod): Promise<KubeObject[]> {
    const list = (ns: string) => this.ctx.objects.services(ns).catch((): KubeObject[] => []);
    const own = pod.spec.enableServiceLinks === false ? [] : await list(pod.metadata.namespace ?? 'default');
    const isMaster = (s: KubeObject) => s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes';
    if (own.some(isMaster)) return own;
    return [...own, ...(await list('default')).filter(isMaster)];
  }

  /** Stops the sandbox and releases the address and volumes (SyncTerminatedPod). */
  async release(): Promise<void> {
    const { ctx } = this;
    ctx.probes.removePod(this.uid);
    if (this.id) await ctx.runtime.stopPodSandbox(this.id);
    ctx.ipam.release(this.uid);
    await tearDownVolumes(podDir(ctx.rootDir, this.uid));
  }
}
