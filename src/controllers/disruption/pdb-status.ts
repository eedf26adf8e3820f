/**
 * PodDisruptionBudget status arithmetic, after kube's disruption controller (disruption.go:
 * getExpectedPodCount, countHealthyPods, buildDisruptedPodMap, updatePdbStatus) and
 * k8s.io/component-helpers/apps/poddisruptionbudget (the DisruptionAllowed condition). Pure:
 * the controller supplies the pods and each pod's controller scale.
 */
import type { KubeObject } from '../../api/object.ts';
import { rfc3339 } from '../../util/clock.ts';

/** as DeletionTimeout: how long a pod the eviction API approved is assumed to be going away. */
export const DELETION_TIMEOUT_MS = 2 * 60 * 1000;

export type IntOrString = number | string;

export interface PdbCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  observedGeneration?: number;
  lastTransitionTime: string;
  reason: string;
  message: string;
}

export interface PdbStatus {
  observedGeneration?: number;
  disruptedPods?: Record<string, string>;
  disruptionsAllowed: number;
  currentHealthy: number;
  desiredHealthy: number;
  expectedPods: number;
  conditions?: PdbCondition[];
}

export interface PdbSpec {
  minAvailable?: IntOrString;
  maxUnavailable?: IntOrString;
}

/**
 * as intstr.GetScaledValueFromIntOrPercent: an int as is; "N%" of total, rounded up or down.
 * Throws on anything else, with kube's wording.
 */
export function scaledValue(v: IntOrString, total: number, roundUp: boolean): number {
  if (typeof v === 'number') return v;
  const m = /^(-?\d+)%$/.exec(v);
  if (!m) throw new Error(`invalid value for IntOrString: invalid value "${v}"`);
  const scaled = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
}

/** as podutil.IsPodReady. */
export function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/**
 * Whether the PDB needs the summed scale of its pods' controllers: for maxUnavailable and for a
 * percentage minAvailable, as kube; an integer minAvailable counts the selected pods instead.
 */
export function usesControllerScale(spec: PdbSpec): boolean {
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) return true;
  return typeof spec.minAvailable === 'string';
}

/** as getExpectedPodCount; `controllerScale` is required when usesControllerScale(spec). */
export function expectedPodCount(spec: PdbSpec, podCount: number, controllerScale: number | undefined): { expectedCount: number; desiredHealthy: number } {
  if (spec.maxUnavailable !== undefined && spec.maxUnavailable !== null) {
    const expectedCount = controllerScale ?? 0;
    const maxUnavailable = scaledValue(spec.maxUnavailable, expectedCount, true);
    return { expectedCount, desiredHealthy: Math.max(0, expectedCount - maxUnavailable) };
  }
  if (spec.minAvailable !== undefined && spec.minAvailable !== null) {
    if (typeof spec.minAvailable === 'number') return { expectedCount: podCount, desiredHealthy: spec.minAvailable };
    const expectedCount = controllerScale ?? 0;
    return { expectedCount, desiredHealthy: scaledValue(spec.minAvailable, expectedCount, true) };
  }
  return { expectedCount: 0, desiredHealthy: 0 };
}

/**
 * as buildDisruptedPodMap: the status.disruptedPods entries still pending (pod present, not yet
 * terminating, approved less than DELETION_TIMEOUT ago), the entries that timed out, and when
 * the earliest pending one times out.
 */
export function disruptedPodMap(pods: readonly KubeObject[], previous: Record<string, string> | undefined, now: number): { map: Record<string, string>; expired: KubeObject[]; recheckAt?: number } {
  const map: Record<string, string> = {};
  const expired: KubeObject[] = [];
  let recheckAt: number | undefined;
  if (!previous) return { map, expired };
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = previous[pod.metadata.name!];
    if (at === undefined) continue;
    const expectedDeletion = Date.parse(at) + DELETION_TIMEOUT_MS;
    if (expectedDeletion < now) {
      expired.push(pod);
    } else {
      if (recheckAt === undefined || expectedDeletion < recheckAt) recheckAt = expectedDeletion;
      map[pod.metadata.name!] = at;
    }
  }
  return { map, expired, recheckAt };
}

/** as countHealthyPods: ready pods that are neither terminating nor approved for eviction. */
export function countHealthyPods(pods: readonly KubeObject[], disrupted: Record<string, string>, now: number): number {
  let healthy = 0;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    const at = disrupted[pod.metadata.name!];
    if (at !== undefined && Date.parse(at) + DELETION_TIMEOUT_MS > now) continue;
    if (isPodReady(pod)) healthy++;
  }
  return healthy;
}

/** as apimeta.SetStatusCondition: replace by type; the transition time moves only with the status. */
export function setCondition(conditions: readonly PdbCondition[], c: Omit<PdbCondition, 'lastTransitionTime'>, now: number): PdbCondition[] {
  const old = conditions.find((x) => x.type === c.type);
  const next: PdbCondition = { ...c, lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : rfc3339(now) };
  return old ? conditions.map((x) => (x === old ? next : x)) : [...conditions, next];
}

/** as UpdateDisruptionAllowedCondition: SufficientPods when a disruption is allowed, else InsufficientPods. */
export function withDisruptionAllowedCondition(status: PdbStatus, now: number): PdbStatus {
  const allowed = status.disruptionsAllowed > 0;
  const conditions = setCondition(status.conditions ?? [], {
    type: 'DisruptionAllowed', status: allowed ? 'True' : 'False', reason: allowed ? 'SufficientPods' : 'InsufficientPods',
    message: '', observedGeneration: status.observedGeneration,
  }, now);
  return { ...status, conditions };
}

/** as ConditionsAreUpToDate. */
function conditionsUpToDate(pdb: KubeObject, status: PdbStatus): boolean {
  const c = status.conditions?.find((x) => x.type === 'DisruptionAllowed');
  if (!c || status.observedGeneration !== pdb.metadata.generation) return false;
  return status.disruptionsAllowed > 0 ? c.status === 'True' && c.reason === 'SufficientPods' : c.status === 'False' && c.reason === 'InsufficientPods';
}

/**
 * as updatePdbStatus: the status to write, or undefined when the stored one is current.
 * A PDB expecting no pods allows no disruption, so its first pods are safe before the next sync.
 */
export function nextPdbStatus(
  pdb: KubeObject,
  computed: { currentHealthy: number; desiredHealthy: number; expectedCount: number; disruptedPods: Record<string, string> },
  now: number,
): PdbStatus | undefined {
  const old = (pdb.status ?? {}) as Partial<PdbStatus>;
  let disruptionsAllowed = computed.currentHealthy - computed.desiredHealthy;
  if (computed.expectedCount <= 0 || disruptionsAllowed <= 0) disruptionsAllowed = 0;
  const sameDisrupted = JSON.stringify(sortedEntries(old.disruptedPods)) === JSON.stringify(sortedEntries(computed.disruptedPods));
  if (old.currentHealthy === computed.currentHealthy && old.desiredHealthy === computed.desiredHealthy
    && old.expectedPods === computed.expectedCount && old.disruptionsAllowed === disruptionsAllowed && sameDisrupted
    && old.observedGeneration === pdb.metadata.generation && conditionsUpToDate(pdb, old as PdbStatus)) return undefined;
  const status: PdbStatus = {
    observedGeneration: pdb.metadata.generation,
    disruptionsAllowed,
    currentHealthy: computed.currentHealthy,
    desiredHealthy: computed.desiredHealthy,
    expectedPods: computed.expectedCount,
    conditions: old.conditions ?? [],
  };
  if (Object.keys(computed.disruptedPods).length) status.disruptedPods = computed.disruptedPods;
  return withDisruptionAllowedCondition(status, now);
}

/** as failSafe: no disruption allowed, and a SyncFailed condition saying why. */
export function failSafeStatus(pdb: KubeObject, err: Error, now: number): PdbStatus {
  const old = (pdb.status ?? {}) as Partial<PdbStatus>;
  const status: PdbStatus = {
    ...old,
    disruptionsAllowed: 0,
    currentHealthy: old.currentHealthy ?? 0,
    desiredHealthy: old.desiredHealthy ?? 0,
    expectedPods: old.expectedPods ?? 0,
  };
  status.conditions = setCondition(old.conditions ?? [], {
    type: 'DisruptionAllowed', status: 'False', reason: 'SyncFailed', message: err.message, observedGeneration: old.observedGeneration,
  }, now);
  return status;
}

function sortedEntries(m: Record<string, string> | undefined): [string, string][] {
  return Object.entries(m ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}
