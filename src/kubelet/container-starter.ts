/**
 * Starting one container, as kuberuntime's startContainer: ensure the image (with the image
 * manager's back-off: ErrImagePull, then ImagePullBackOff), build the environment and mounts
 * (CreateContainerConfigError on a missing ConfigMap/Secret key), expand $(VAR) in command and
 * args, create and start it (RunContainerError when the process cannot start), then run the
 * postStart hook (FailedPostStartHook kills the container). Outcomes are recorded on the
 * ContainerRecord and reported as the kubelet's events.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../api/object.ts';
import { parseQuantity } from '../api/quantity.ts';
import type { Clock } from '../util/clock.ts';
import type { ApiObjects } from './api-objects.ts';
import { ContainerConfigError } from './api-objects.ts';
import type { Backoff } from './backoff.ts';
import type { ContainerRecord } from './container-record.ts';
import { containerEnv } from './env.ts';
import { expand } from './expansion.ts';
import { runLifecycleHandler } from './lifecycle-handler.ts';
import { containerLogPath } from './pod-paths.ts';
import type { Container, Pod } from './pod-types.ts';
import { type ContainerRuntime, ImagePullError, type Mount } from './runtime/container-runtime.ts';
import type { MountedVolume } from './volumes.ts';

export interface StartContext {
  readonly pod: Pod;
  readonly container: Container;
  readonly record: ContainerRecord;
  readonly sandboxId: string;
  readonly podIP: string;
  readonly hostIP: string;
  readonly runtime: ContainerRuntime;
  readonly clock: Clock;
  readonly objects: ApiObjects;
  readonly rootDir: string;
  readonly allocatable: Readonly<Record<string, string>>;
  readonly services: readonly KubeObject[];
  readonly volumes: ReadonlyMap<string, MountedVolume>;
  readonly imageBackoff: Backoff;
  /** Images this node has pulled (IfNotPresent skips the pull). */
  readonly pulled: Set<string>;
  readonly event: (type: 'Normal' | 'Warning', reason: string, message: string) => void;
  /** Asks for a sync at that time (end of a back-off). */
  readonly wakeAt: (ms: number) => void;
}

const CONFIG_RETRY_MS = 10_000;

/** Starts the container; resolves true when it is running. */
export async function startContainer(ctx: StartContext): Promise<boolean> {
  const { pod, container: c, record: rec, clock } = ctx;
  const image = c.image ?? '';
  // ---- image (pkg/kubelet/images/image_manager.go EnsureImageExists)
  const policy = c.imagePullPolicy ?? (image.endsWith(':latest') || !/:[^/]+$/.test(image) ? 'Always' : 'IfNotPresent');
  if (policy === 'Never' && !ctx.pulled.has(image)) {
    const msg = `Container image "${image}" is not present with pull policy of Never`;
    ctx.event('Warning', 'ErrImageNeverPull', msg);
    rec.waiting = { reason: 'ErrImageNeverPull', message: msg };
    return false;
  }
  if (policy === 'IfNotPresent' && ctx.pulled.has(image)) {
    ctx.event('Normal', 'Pulled', `Container image "${image}" already present on machine`);
  } else {
    const key = `${pod.metadata.uid}_${image}`;
    if (ctx.imageBackoff.isInBackOffSinceUpdate(key, clock.now())) {
      const msg = `Back-off pulling image "${image}"`;
      ctx.event('Normal', 'BackOff', msg);
      rec.waiting = { reason: 'ImagePullBackOff', message: msg };
      ctx.wakeAt(ctx.imageBackoff.endsAt(key)!);
      return false;
    }
    ctx.event('Normal', 'Pulling', `Pulling image "${image}"`);
    const started = clock.now();
    try {
      const pulled = await ctx.runtime.pullImage({ image, command: c.command });
      rec.image = pulled.image;
      rec.imageRef = pulled.imageRef;
      ctx.pulled.add(image);
      const took = `${((clock.now() - started) / 1000).toFixed(3)}s`;
      ctx.event('Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting). Image size: 0 bytes.`);
    } catch (e) {
      if (!(e instanceof ImagePullError)) throw e;
      ctx.event('Warning', 'Failed', `Failed to pull image "${image}": ${e.message}`);
      ctx.imageBackoff.next(key, clock.now());
      ctx.event('Warning', 'Failed', 'Error: ErrImagePull');
      rec.waiting = { reason: 'ErrImagePull', message: e.message };
      // as the kubelet re-syncs a pod soon after a failed sync: that sync finds the pull in
      // back-off (ImagePullBackOff); the one at the end of the back-off pulls again
      ctx.wakeAt(clock.now() + 1000);
      return false;
    }
  }
  if (!rec.image) {
    const pulled = await ctx.runtime.pullImage({ image, command: c.command });
    rec.image = pulled.image;
    rec.imageRef = pulled.imageRef;
  }

  // ---- config (kuberuntime generateContainerConfig)
  let env: Map<string, string>;
  let mounts: Mount[];
  try {
    env = await containerEnv(pod, c, {
      objects: ctx.objects, allocatable: ctx.allocatable, services: ctx.services, podIP: ctx.podIP, hostIP: ctx.hostIP,
      onSkippedKeys: (m) => ctx.event('Warning', 'InvalidEnvironmentVariableNames', m),
    });
    mounts = await containerMounts(c, ctx.volumes);
  } catch (e) {
    if (!(e instanceof ContainerConfigError)) throw e;
    ctx.event('Warning', 'Failed', `Error: ${e.message}`);
    rec.waiting = { reason: 'CreateContainerConfigError', message: e.message };
    ctx.wakeAt(clock.now() + CONFIG_RETRY_MS);
    return false;
  }
  const lookup = (name: string) => env.get(name);
  const command = c.command?.map((s) => expand(s, lookup));
  const args = c.args?.map((s) => expand(s, lookup));
  const memLimit = c.resources?.limits?.memory;
  const cpuLimit = c.resources?.limits?.cpu;
  const id = await ctx.runtime.createContainer(ctx.sandboxId, {
    name: c.name, image, command, args, workingDir: c.workingDir, env, mounts, ports: c.ports,
    tty: c.tty, stdin: c.stdin, stdinOnce: c.stdinOnce, attempt: rec.restartCount,
    logPath: containerLogPath(ctx.rootDir, pod, c.name, rec.restartCount),
    terminationMessagePath: c.terminationMessagePath, terminationMessagePolicy: c.terminationMessagePolicy,
    resources: {
      memoryLimitBytes: memLimit ? Number(parseQuantity(memLimit).value()) : undefined,
      cpuMillis: cpuLimit ? Number(parseQuantity(cpuLimit).milliValue()) : undefined,
    },
  });
  ctx.event('Normal', 'Created', `Created container ${c.name}`);
  try {
    await ctx.runtime.startContainer(id);
  } catch (e) {
    rec.current = await ctx.runtime.containerStatus(id);
    ctx.event('Warning', 'Failed', `Error: ${(e as Error).message}`);
    rec.waiting = { reason: 'RunContainerError', message: (e as Error).message };
    return false;
  }
  rec.current = await ctx.runtime.containerStatus(id);
  rec.waiting = undefined;
  ctx.event('Normal', 'Started', `Started container ${c.name}`);
  if (c.lifecycle?.postStart) {
    const failed = await runLifecycleHandler(c.lifecycle.postStart, { runtime: ctx.runtime, containerId: id, container: c, podIP: ctx.podIP, clock });
    if (failed) {
      ctx.event('Warning', 'FailedPostStartHook', failed);
      ctx.event('Normal', 'Killing', `FailedPostStartHook`);
      await ctx.runtime.stopContainer(id, pod.spec.terminationGracePeriodSeconds ?? 30);
      rec.current = await ctx.runtime.containerStatus(id);
      return false;
    }
  }
  return true;
}

/** Mounts of the container: its volumes' host paths, subPath directories created as kubelet does. */
async function containerMounts(c: Container, volumes: ReadonlyMap<string, MountedVolume>): Promise<Mount[]> {
  const out: Mount[] = [];
  for (const m of c.volumeMounts ?? []) {
    const v = volumes.get(m.name);
    if (!v) throw new ContainerConfigError(`cannot find volume "${m.name}" to mount into container "${c.name}"`);
    let hostPath = v.hostPath;
    if (m.subPath) {
      if (m.subPath.startsWith('/') || m.subPath.split('/').includes('..')) throw new ContainerConfigError(`subPath "${m.subPath}" must be a relative path without '..'`);
      hostPath = join(v.hostPath, m.subPath);
      if (!v.readOnly) await mkdir(hostPath, { recursive: true }).catch(() => {});
    }
    out.push({ containerPath: m.mountPath, hostPath, readOnly: (m.readOnly ?? false) || v.readOnly });
  }
  return out;
}
