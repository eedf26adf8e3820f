/**
 * The pod's API status from what the kubelet knows, as kubelet's generateAPIPodStatus,
 * convertToAPIContainerStatuses, getPhase (kubelet_pods.go) and pkg/kubelet/status/generate.go
 * compute it. Pure: the pod worker gathers the inputs, the status manager writes the result.
 */
import { rfc3339 } from '../util/clock.ts';
import {
  type Container, type ContainerState, type ContainerStatusApi, isRestartableInit, type Pod, type PodCondition, type PodStatus,
} from './pod-types.ts';
import type { ContainerStatus } from './runtime/container-runtime.ts';

/** What the pod worker knows of one container (init or regular). */
export interface ContainerView {
  /** The current instance, as the runtime reports it. */
  readonly current?: ContainerStatus;
  /** The instance before the current one (lastState). */
  readonly previous?: ContainerStatus;
  readonly restartCount: number;
  /** Why the container is not running (kubelet's reason cache): ErrImagePull, CrashLoopBackOff… */
  readonly waiting?: { readonly reason: string; readonly message?: string };
  /** The image as the runtime names it, once pulled. */
  readonly image?: string;
  readonly imageRef?: string;
  readonly ready: boolean;
  readonly started: boolean;
}

export interface PodStatusInput {
  readonly pod: Pod;
  readonly views: ReadonlyMap<string, ContainerView>;
  readonly runtimeName: string;
  readonly hostIP: string;
  readonly podIP?: string;
  readonly startTime?: number;
  /** The sandbox exists and has its network (PodReadyToStartContainers). */
  readonly sandboxReady: boolean;
  /** The status this kubelet computed last, for condition transition times (the cache may lag). */
  readonly previous?: PodStatus;
  /** The pod will run no container again (kubelet's podIsTerminal). */
  readonly terminal: boolean;
  readonly now: number;
}

const KUBELET_CONDITIONS = new Set(['PodReadyToStartContainers', 'Initialized', 'ContainersReady', 'Ready']);

function terminated(s: ContainerStatus, runtimeName: string): ContainerState {
  return {
    terminated: {
      exitCode: s.exitCode ?? 0, reason: s.reason, message: s.message,
      startedAt: s.startedAt === undefined ? undefined : rfc3339(s.startedAt),
      finishedAt: s.finishedAt === undefined ? undefined : rfc3339(s.finishedAt),
      containerID: `${runtimeName}://${s.id}`,
    },
  };
}

function containerStatus(c: Container, v: ContainerView | undefined, defaultReason: string, runtimeName: string): ContainerStatusApi {
  let state: ContainerState;
  let lastState: ContainerState = v?.previous ? terminated(v.previous, runtimeName) : {};
  const cur = v?.current;
  if (cur?.state === 'running') state = { running: { startedAt: rfc3339(cur.startedAt ?? cur.createdAt) } };
  else if (cur?.state === 'exited' && v?.waiting) { state = { waiting: { ...v.waiting } }; lastState = terminated(cur, runtimeName); }
  else if (cur?.state === 'exited') state = terminated(cur, runtimeName);
  else state = { waiting: v?.waiting ? { ...v.waiting } : { reason: defaultReason } };
  const out: ContainerStatusApi = {
    name: c.name, state, lastState,
    ready: cur?.state === 'running' && (v?.ready ?? false),
    restartCount: v?.restartCount ?? 0,
    image: v?.image ?? c.image ?? '',
    imageID: v?.imageRef ?? '',
    started: cur?.state === 'running' && (v?.started ?? false),
  };
  if (cur) out.containerID = `${runtimeName}://${cur.id}`;
  if (c.volumeMounts && c.volumeMounts.length > 0) {
    // RecursiveReadOnlyMounts (beta, on in 1.32): read-only mounts report recursiveReadOnly Disabled
    out.volumeMounts = c.volumeMounts.map((m) => (m.readOnly ? { name: m.name, mountPath: m.mountPath, readOnly: true, recursiveReadOnly: 'Disabled' } : { name: m.name, mountPath: m.mountPath }));
  }
  return out;
}

/** kubelet's getPhase. */
export function podPhase(pod: Pod, init: readonly ContainerStatusApi[], regular: readonly ContainerStatusApi[], terminal: boolean): NonNullable<PodStatus['phase']> {
  const policy = pod.spec.restartPolicy ?? 'Always';
  let pendingInit = 0;
  let failedInit = 0;
  for (const c of pod.spec.initContainers ?? []) {
    const s = init.find((x) => x.name === c.name);
    if (isRestartableInit(c)) { if (!s || !(s.started ?? false)) pendingInit++; continue; }
    if (!s) { pendingInit++; continue; }
    if (s.state.running) pendingInit++;
    else if (s.state.terminated) { if (s.state.terminated.exitCode !== 0) failedInit++; }
    else if (s.state.waiting) {
      if (s.lastState.terminated) { if (s.lastState.terminated.exitCode !== 0) failedInit++; } else pendingInit++;
    } else pendingInit++;
  }
  let unknown = 0; let running = 0; let waiting = 0; let stopped = 0; let succeeded = 0;
  for (const c of pod.spec.containers) {
    const s = regular.find((x) => x.name === c.name);
    if (!s) { unknown++; continue; }
    if (s.state.running) running++;
    else if (s.state.terminated) { stopped++; if (s.state.terminated.exitCode === 0) succeeded++; }
    else if (s.state.waiting) { if (s.lastState.terminated) stopped++; else waiting++; }
    else unknown++;
  }
  if (failedInit > 0 && policy === 'Never') return 'Failed';
  if (pendingInit > 0 && !terminal) return 'Pending';
  if (waiting > 0) return 'Pending';
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    if (terminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (policy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (policy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}

function condition(type: string, ok: boolean, reason?: string, message?: string): PodCondition {
  const c: PodCondition = { type, status: ok ? 'True' : 'False', lastProbeTime: null };
  if (reason) c.reason = reason;
  if (message) c.message = message;
  return c;
}

export function generatePodStatus(input: PodStatusInput): PodStatus {
  const { pod, views, runtimeName } = input;
  const hasInit = (pod.spec.initContainers ?? []).length > 0;
  const defaultReason = hasInit ? 'PodInitializing' : 'ContainerCreating';
  const initStatuses = (pod.spec.initContainers ?? []).map((c) => containerStatus(c, views.get(c.name), defaultReason, runtimeName));
  const statuses = pod.spec.containers.map((c) => containerStatus(c, views.get(c.name), defaultReason, runtimeName))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const phase = podPhase(pod, initStatuses, statuses, input.terminal);

  // GeneratePodInitializedCondition
  const incompleteInit = (pod.spec.initContainers ?? []).filter((c) => {
    const st = initStatuses.find((x) => x.name === c.name)!;
    return isRestartableInit(c) ? !st.started : st.state.terminated?.exitCode !== 0;
  }).map((c) => c.name);
  const anyRegularStarted = statuses.some((st) => st.state.running || st.state.terminated || st.lastState.terminated);
  let initialized: PodCondition;
  if (phase === 'Succeeded') initialized = condition('Initialized', true, 'PodCompleted');
  else if (incompleteInit.length === 0 || anyRegularStarted) initialized = condition('Initialized', true);
  else initialized = condition('Initialized', false, 'ContainersNotInitialized', `containers with incomplete status: [${incompleteInit.join(' ')}]`);

  // GenerateContainersReadyCondition / GeneratePodReadyCondition
  const unready = statuses.filter((s) => !s.ready).map((s) => s.name);
  const sidecarsUnready = (pod.spec.initContainers ?? []).filter(isRestartableInit).map((c) => initStatuses.find((s) => s.name === c.name)!).filter((s) => !s.ready).map((s) => s.name);
  const allUnready = [...sidecarsUnready, ...unready];
  let containersReady: PodCondition;
  if (phase === 'Succeeded') containersReady = condition('ContainersReady', false, 'PodCompleted');
  else if (allUnready.length > 0) containersReady = condition('ContainersReady', false, 'ContainersNotReady', `containers with unready status: [${allUnready.join(' ')}]`);
  else containersReady = condition('ContainersReady', true);
  let ready: PodCondition = { ...containersReady, type: 'Ready' };
  if (ready.status === 'True') {
    const gateProblems: string[] = [];
    for (const g of pod.spec.readinessGates ?? []) {
      const c = pod.status?.conditions?.find((x) => x.type === g.conditionType);
      if (!c) gateProblems.push(`corresponding condition of pod readiness gate "${g.conditionType}" does not exist.`);
      else if (c.status !== 'True') gateProblems.push(`the status of pod readiness gate "${g.conditionType}" is not "True", but ${c.status}`);
    }
    if (gateProblems.length > 0) ready = condition('Ready', false, 'ReadinessGatesNotReady', gateProblems.join(', '));
  }

  const old = pod.status?.conditions ?? [];
  const prior = (type: string) => (KUBELET_CONDITIONS.has(type) ? input.previous?.conditions ?? old : old).find((o) => o.type === type);
  const owned = [condition('PodReadyToStartContainers', input.sandboxReady && !input.terminal), initialized, ready, containersReady];
  const kept = old.filter((c) => !KUBELET_CONDITIONS.has(c.type));
  if (!kept.some((c) => c.type === 'PodScheduled')) kept.push(condition('PodScheduled', true));
  const conditions = [...owned, ...kept].map((c) => {
    if (!KUBELET_CONDITIONS.has(c.type) && c.lastTransitionTime) return c;
    const p = prior(c.type);
    return { ...c, lastTransitionTime: p && p.status === c.status && p.lastTransitionTime ? p.lastTransitionTime : rfc3339(input.now) };
  });

  const status: PodStatus = {
    phase, conditions, hostIP: input.hostIP, hostIPs: [{ ip: input.hostIP }],
  };
  if (input.podIP) { status.podIP = input.podIP; status.podIPs = [{ ip: input.podIP }]; }
  if (input.startTime !== undefined) status.startTime = rfc3339(input.startTime);
  if (initStatuses.length > 0) status.initContainerStatuses = initStatuses;
  status.containerStatuses = statuses;
  if (pod.status?.qosClass) status.qosClass = pod.status.qosClass;
  return status;
}
