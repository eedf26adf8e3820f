/**
 * Pods (and PodTemplates) as kube-apiserver v1.32 prints them (printPod in
 * pkg/printers/internalversion). The STATUS cell is the part users read most and the part with
 * the most rules; {@link podStatus} reproduces them in kube's order:
 *
 *  1. start from status.reason, else status.phase; a PodScheduled condition with reason
 *     SchedulingGated overrides both;
 *  2. walk init container statuses in order and stop at the first one not done: a failed one
 *     prints "Init:<reason>" / "Init:Signal:N" / "Init:ExitCode:N", a waiting one
 *     "Init:<waiting reason>" (except PodInitializing), otherwise "Init:<i>/<n>". Sidecars
 *     (restartPolicy Always) that started count as done and toward READY;
 *  3. when initialisation is over, walk app containers from last to first: a waiting or
 *     terminated reason wins (the first container's, being visited last), then
 *     "Signal:N"/"ExitCode:N"; "Completed" becomes "Running" (or "NotReady") if a container
 *     still runs;
 *  4. a pod being deleted prints "Unknown" if its node was lost, else "Terminating" unless its
 *     phase is terminal.
 *
 * RESTARTS sums restart counts and appends "(<age> ago)" of the latest lastState.terminated.
 */
import type { KubeObject } from '../../api/object.ts';
import { AGE, NAME, age, column, containerCells, nameOf, wide } from './columns.ts';
import { humanDuration, parseTime } from './human-duration.ts';
import { formatLabels } from './labels.ts';
import type { Printer, TableRowCondition } from './table.ts';
import { arr, num, obj, optObj, str, type JsonObject } from './value.ts';

/** The reason the node lifecycle controller sets on pods of an unreachable node. */
const NODE_LOST = 'NodeLost';

export interface PodSummary {
  /** "ready/total" containers, sidecars included in both. */
  readonly ready: string;
  readonly status: string;
  /** "3" or "3 (12s ago)". */
  readonly restarts: string;
}

/** The READY, STATUS and RESTARTS cells of a pod, by kube's printPod rules (see file comment). */
export function podStatus(pod: KubeObject, now: number): PodSummary {
  const spec = obj(pod.spec);
  const status = obj(pod.status);
  const conditions = arr(status.conditions);
  const phase = str(status.phase);
  let reason = str(status.reason) || phase;
  for (const c of conditions) {
    const cond = obj(c);
    if (cond.type === 'PodScheduled' && cond.reason === 'SchedulingGated') reason = 'SchedulingGated';
  }

  const initSpecs = arr(spec.initContainers);
  const sidecars = new Set<string>();
  for (const c of initSpecs) {
    const container = obj(c);
    if (container.restartPolicy === 'Always') sidecars.add(str(container.name));
  }
  const total = arr(spec.containers).length + sidecars.size;
  let ready = 0;
  let restarts = 0;
  let sidecarRestarts = 0;
  let lastRestart: number | undefined;
  let lastSidecarRestart: number | undefined;

  let initializing = false;
  const initStatuses = arr(status.initContainerStatuses);
  for (let i = 0; i < initStatuses.length; i++) {
    const cs = obj(initStatuses[i]);
    const isSidecar = sidecars.has(str(cs.name));
    const finished = lastTerminatedAt(cs);
    restarts += num(cs.restartCount);
    lastRestart = later(lastRestart, finished);
    if (isSidecar) {
      sidecarRestarts += num(cs.restartCount);
      lastSidecarRestart = later(lastSidecarRestart, finished);
    }
    const state = obj(cs.state);
    const terminated = optObj(state.terminated);
    const waiting = optObj(state.waiting);
    if (terminated && num(terminated.exitCode) === 0) continue;
    if (isSidecar && cs.started === true) {
      if (cs.ready === true) ready++;
      continue;
    }
    if (terminated) {
      reason = str(terminated.reason) !== '' ? `Init:${str(terminated.reason)}` : `Init:${exitText(terminated)}`;
    } else if (waiting && str(waiting.reason) !== '' && waiting.reason !== 'PodInitializing') {
      reason = `Init:${str(waiting.reason)}`;
    } else {
      reason = `Init:${i}/${initSpecs.length}`;
    }
    initializing = true;
    break;
  }

  if (!initializing || conditionTrue(conditions, 'Initialized')) {
    restarts = sidecarRestarts;
    lastRestart = lastSidecarRestart;
    let hasRunning = false;
    const statuses = arr(status.containerStatuses);
    for (let i = statuses.length - 1; i >= 0; i--) {
      const cs = obj(statuses[i]);
      restarts += num(cs.restartCount);
      lastRestart = later(lastRestart, lastTerminatedAt(cs));
      const state = obj(cs.state);
      const waiting = optObj(state.waiting);
      const terminated = optObj(state.terminated);
      if (waiting && str(waiting.reason) !== '') reason = str(waiting.reason);
      else if (terminated && str(terminated.reason) !== '') reason = str(terminated.reason);
      else if (terminated) reason = exitText(terminated);
      else if (cs.ready === true && optObj(state.running)) {
        hasRunning = true;
        ready++;
      }
    }
    if (reason === 'Completed' && hasRunning) reason = conditionTrue(conditions, 'Ready') ? 'Running' : 'NotReady';
  }

  if (pod.metadata?.deletionTimestamp) {
    if (str(status.reason) === NODE_LOST) reason = 'Unknown';
    else if (phase !== 'Succeeded' && phase !== 'Failed') reason = 'Terminating';
  }

  const restartText = restarts !== 0 && lastRestart !== undefined
    ? `${restarts} (${humanDuration(now - lastRestart)} ago)`
    : String(restarts);
  return { ready: `${ready}/${total}`, status: reason, restarts: restartText };
}

function exitText(terminated: JsonObject): string {
  const signal = num(terminated.signal);
  return signal !== 0 ? `Signal:${signal}` : `ExitCode:${num(terminated.exitCode)}`;
}

function lastTerminatedAt(containerStatus: JsonObject): number | undefined {
  const terminated = obj(obj(containerStatus.lastState).terminated);
  return parseTime(terminated.finishedAt);
}

function later(a: number | undefined, b: number | undefined): number | undefined {
  if (b === undefined) return a;
  return a === undefined || b > a ? b : a;
}

/** True when the first condition of the type has status "True", as kube's helpers read it. */
function conditionTrue(conditions: readonly unknown[], type: string): boolean {
  for (const c of conditions) {
    const cond = obj(c);
    if (cond.type === type) return cond.status === 'True';
  }
  return false;
}

const SUCCEEDED: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
];
const FAILED: readonly TableRowCondition[] = [
  { type: 'Completed', status: 'True', reason: 'Failed', message: 'The pod failed.' },
];

export const podPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'string', 'Ready containers out of all containers, sidecars included.'),
    column('Status', 'string', 'Summary of the pod phase and its containers\' states.'),
    column('Restarts', 'string', 'Container restarts, and how long ago the latest one ended.'),
    AGE,
    wide('IP', 'string', 'The first pod IP.'),
    wide('Node', 'string', 'The node the pod is bound to.'),
    wide('Nominated Node', 'string', 'The node preemption nominated for the pod.'),
    wide('Readiness Gates', 'string', 'Readiness gates whose condition is True, out of all gates.'),
  ],
  row(pod, now) {
    const spec = obj(pod.spec);
    const status = obj(pod.status);
    const summary = podStatus(pod, now);
    // v1 → internal conversion fills podIPs from podIP; read either, for objects stored without podIPs.
    const podIP = str(obj(arr(status.podIPs)[0]).ip) || str(status.podIP) || '<none>';
    return [
      nameOf(pod), summary.ready, summary.status, summary.restarts, age(pod, now),
      podIP, str(spec.nodeName) || '<none>', str(status.nominatedNodeName) || '<none>', readinessGates(spec, status),
    ];
  },
  conditions(pod) {
    const phase = obj(pod.status).phase;
    return phase === 'Succeeded' ? SUCCEEDED : phase === 'Failed' ? FAILED : undefined;
  },
};

function readinessGates(spec: JsonObject, status: JsonObject): string {
  const gates = arr(spec.readinessGates);
  if (gates.length === 0) return '<none>';
  const conditions = arr(status.conditions);
  let trueCount = 0;
  for (const g of gates) if (conditionTrue(conditions, str(obj(g).conditionType))) trueCount++;
  return `${trueCount}/${gates.length}`;
}

export const podTemplatePrinter: Printer = {
  columns: [
    NAME,
    column('Containers', 'string', 'Names of the containers in the template.'),
    column('Images', 'string', 'Images of the containers in the template.'),
    column('Pod Labels', 'string', 'Labels of the pod template.'),
  ],
  row(o) {
    const template = obj(o.template);
    const [names, images] = containerCells(template.spec);
    return [nameOf(o), names, images, formatLabels(obj(template.metadata).labels)];
  },
};
