/**
 * Indexed Jobs, after kube-controller-manager's pkg/controller/job/indexed_job_utils.go: each pod
 * carries its completion index (annotation and label batch.kubernetes.io/job-completion-index,
 * env JOB_COMPLETION_INDEX, hostname `<job>-<index>`, generateName `<job>-<index>-`);
 * status.completedIndexes is a compressed interval list ("0-2,5"); pods are created for the
 * lowest indexes that are neither succeeded nor running, and a surplus pod per index is removed.
 */
import type { Pod, PodTemplateSpec } from '../common/workload-types.ts';
import { compareActivePods } from './job-pod-order.ts';
import { JOB_COMPLETION_INDEX, JOB_COMPLETION_INDEX_ENV, JOB_TRACKING_FINALIZER } from './job-types.ts';

export const UNKNOWN_COMPLETION_INDEX = -1;

/** as apiserver's names.MaxGeneratedNameLength: 63 minus the 5 generated characters. */
const MAX_GENERATED_NAME_LENGTH = 58;

/** The pod's completion index annotation as a non-negative integer, else {@link UNKNOWN_COMPLETION_INDEX}. */
export function getCompletionIndex(pod: Pod): number {
  const v = pod.metadata.annotations?.[JOB_COMPLETION_INDEX];
  if (v === undefined || !/^\+?\d+$/.test(v)) return UNKNOWN_COMPLETION_INDEX;
  const n = Number(v);
  return Number.isSafeInteger(n) ? n : UNKNOWN_COMPLETION_INDEX;
}

interface Interval { readonly first: number; readonly last: number }

/** orderedIntervals: disjoint, ascending, non-adjacent index ranges. */
export class OrderedIntervals {
  private constructor(readonly intervals: readonly Interval[]) {}

  static empty(): OrderedIntervals { return new OrderedIntervals([]); }

  /** parseIndexesFromString: "1,3-5" into intervals, dropping indexes ≥ completions and malformed parts. */
  static parse(text: string | undefined, completions: number): OrderedIntervals {
    if (!text) return OrderedIntervals.empty();
    const found: number[] = [];
    for (const part of text.split(',')) {
      const m = /^(\d+)(?:-(\d+))?$/.exec(part);
      if (!m) continue;
      const first = Number(m[1]);
      const last = Math.min(m[2] === undefined ? first : Number(m[2]), completions - 1);
      for (let i = first; i <= last; i++) found.push(i);
    }
    return OrderedIntervals.empty().withOrderedIndexes(found.sort((a, b) => a - b));
  }

  /** Merges ascending indexes in, joining neighbours ("0-1" + 2 = "0-2"). */
  withOrderedIndexes(indexes: readonly number[]): OrderedIntervals {
    const all = new Set<number>(indexes);
    for (const iv of this.intervals) for (let i = iv.first; i <= iv.last; i++) all.add(i);
    const sorted = [...all].sort((a, b) => a - b);
    const out: Interval[] = [];
    for (const i of sorted) {
      const last = out.at(-1);
      if (last && last.last + 1 >= i) out[out.length - 1] = { first: last.first, last: Math.max(last.last, i) };
      else out.push({ first: i, last: i });
    }
    return new OrderedIntervals(out);
  }

  total(): number {
    return this.intervals.reduce((n, iv) => n + iv.last - iv.first + 1, 0);
  }

  has(ix: number): boolean {
    return this.intervals.some((iv) => iv.first <= ix && ix <= iv.last);
  }

  toString(): string {
    return this.intervals.map((iv) => (iv.first === iv.last ? `${iv.first}` : iv.last === iv.first + 1 ? `${iv.first},${iv.last}` : `${iv.first}-${iv.last}`)).join(',');
  }
}

/**
 * calculateSucceededIndexes: the indexes already in status.completedIndexes, and those plus the
 * indexes of Succeeded pods not yet counted (still holding the tracking finalizer).
 */
export function calculateSucceededIndexes(completedIndexes: string | undefined, pods: readonly Pod[], completions: number): { prev: OrderedIntervals; all: OrderedIntervals } {
  const prev = OrderedIntervals.parse(completedIndexes, completions);
  const fresh = new Set<number>();
  for (const p of pods) {
    const ix = getCompletionIndex(p);
    if (p.status?.phase === 'Succeeded' && ix !== UNKNOWN_COMPLETION_INDEX && ix < completions && p.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER)) fresh.add(ix);
  }
  return { prev, all: prev.withOrderedIndexes([...fresh].sort((a, b) => a - b)) };
}

/** firstPendingIndexes: the `count` lowest indexes below `completions` that are not in `nonPending`. */
export function firstPendingIndexes(nonPending: OrderedIntervals, count: number, completions: number): number[] {
  const out: number[] = [];
  for (let ix = 0; ix < completions && out.length < count; ix++) if (!nonPending.has(ix)) out.push(ix);
  return out;
}

/** The indexes of pods, ascending, for building a non-pending set. */
export function indexesOf(pods: readonly Pod[]): number[] {
  return pods.map(getCompletionIndex).filter((ix) => ix !== UNKNOWN_COMPLETION_INDEX).sort((a, b) => a - b);
}

/**
 * appendDuplicatedIndexPodsForRemoval: pods without a valid index, with an index ≥ completions,
 * and all but the best pod of each index go; `left` holds one pod per index.
 */
export function duplicatedIndexPodsForRemoval(pods: readonly Pod[], options: { completions: number }): { rm: Pod[]; left: Pod[] } {
  const rm: Pod[] = [];
  const left: Pod[] = [];
  const byIndex = new Map<number, Pod[]>();
  for (const p of pods) {
    const ix = getCompletionIndex(p);
    if (ix === UNKNOWN_COMPLETION_INDEX || ix >= options.completions) { rm.push(p); continue; }
    byIndex.set(ix, [...(byIndex.get(ix) ?? []), p]);
  }
  for (const ix of [...byIndex.keys()].sort((a, b) => a - b)) {
    const same = byIndex.get(ix)!.sort((a, b) => compareActivePods(a, b));
    rm.push(...same.slice(0, -1));
    left.push(same.at(-1)!);
  }
  return { rm, left };
}

/** addCompletionIndexEnvVariables: JOB_COMPLETION_INDEX from the index label, unless a container sets it. */
export function addCompletionIndexEnvVariables(template: PodTemplateSpec): void {
  const spec = (template.spec ??= {});
  for (const field of ['containers', 'initContainers'] as const) {
    const containers = spec[field] as { env?: { name: string }[] }[] | undefined;
    for (const c of containers ?? []) {
      if (c.env?.some((e) => e.name === JOB_COMPLETION_INDEX_ENV)) continue;
      c.env = [...(c.env ?? []), {
        name: JOB_COMPLETION_INDEX_ENV,
        valueFrom: { fieldRef: { fieldPath: `metadata.labels['${JOB_COMPLETION_INDEX}']` } },
      } as { name: string }];
    }
  }
}

/** The template for one index: annotation, label and hostname `<job>-<index>`. */
export function withCompletionIndex(template: PodTemplateSpec, options: { jobName: string; index: number }): PodTemplateSpec {
  const t = structuredClone(template);
  const meta = (t.metadata ??= {});
  meta.annotations = { ...(meta.annotations ?? {}), [JOB_COMPLETION_INDEX]: String(options.index) };
  meta.labels = { ...(meta.labels ?? {}), [JOB_COMPLETION_INDEX]: String(options.index) };
  (t.spec ??= {}).hostname = `${options.jobName}-${options.index}`;
  return t;
}

/** podGenerateNameWithIndex: `<job>-<index>-`, the job name cut so the whole fits 58 characters. */
export function podGenerateNameWithIndex(jobName: string, index: number): string {
  const suffix = `-${index}-`;
  const prefix = jobName + suffix;
  return prefix.length > MAX_GENERATED_NAME_LENGTH ? jobName.slice(0, MAX_GENERATED_NAME_LENGTH - suffix.length) + suffix : prefix;
}
