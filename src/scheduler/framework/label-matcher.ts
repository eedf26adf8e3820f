/**
 * Label selectors compiled for the scheduler's hot loops (counting matching pods on thousands of
 * nodes). Parsing and validation are api/selector's labelSelectorAsSelector (so `null` selects
 * nothing and `{}` everything, as metav1.LabelSelectorAsSelector); matching is a closure over
 * Sets that allocates nothing per call. A selector that does not validate selects nothing, as
 * kube-scheduler drops terms whose selector fails to parse.
 */
import { labelSelectorAsSelector, type LabelRequirement } from '../../api/selector/label-selector.ts';
import type { LabelSelectorSpec } from '../api-types.ts';

type Labels = Readonly<Record<string, string>> | undefined;

export interface LabelMatcher {
  matches(labels: Labels): boolean;
  /** labels.Selector.Empty: selects everything. */
  readonly empty: boolean;
  /** Selects nothing (a nil or invalid selector). */
  readonly nothing: boolean;
}

export const MATCH_NOTHING: LabelMatcher = { matches: () => false, empty: false, nothing: true };
export const MATCH_EVERYTHING: LabelMatcher = { matches: () => true, empty: true, nothing: false };

function compileRequirement(r: LabelRequirement): (l: Readonly<Record<string, string>>) => boolean {
  const key = r.key;
  const set = new Set(r.values);
  switch (r.operator) {
    case 'in': case '=': case '==': return (l) => Object.hasOwn(l, key) && set.has(l[key]);
    case 'notin': case '!=': return (l) => !Object.hasOwn(l, key) || !set.has(l[key]);
    case 'exists': return (l) => Object.hasOwn(l, key);
    case '!': return (l) => !Object.hasOwn(l, key);
    case 'gt': case 'lt': {
      const bound = Number(r.values[0]);
      const gt = r.operator === 'gt';
      return (l) => {
        if (!Object.hasOwn(l, key) || !/^[+-]?\d+$/.test(l[key])) return false;
        const v = Number(l[key]);
        return gt ? v > bound : v < bound;
      };
    }
  }
}

/** Compiles requirements (already valid) into a matcher. */
export function matcherOf(requirements: readonly LabelRequirement[]): LabelMatcher {
  if (requirements.length === 0) return MATCH_EVERYTHING;
  const checks = requirements.map(compileRequirement);
  const empty: Readonly<Record<string, string>> = {};
  return {
    empty: false,
    nothing: false,
    matches(labels: Labels): boolean {
      const l = labels ?? empty;
      for (let i = 0; i < checks.length; i++) if (!checks[i](l)) return false;
      return true;
    },
  };
}

export function compileLabelSelector(spec: LabelSelectorSpec | null | undefined): LabelMatcher {
  if (spec === null || spec === undefined) return MATCH_NOTHING;
  try {
    return matcherOf(labelSelectorAsSelector(spec).requirements);
  } catch {
    return MATCH_NOTHING;
  }
}

/** labels.SelectorFromSet: every key equal to its value; an empty set selects everything. */
export function matcherFromSet(set: Readonly<Record<string, string>> | undefined): LabelMatcher {
  const entries = Object.entries(set ?? {});
  if (entries.length === 0) return MATCH_EVERYTHING;
  return {
    empty: false,
    nothing: false,
    matches(labels: Labels): boolean {
      if (!labels) return false;
      for (const [k, v] of entries) if (labels[k] !== v) return false;
      return true;
    },
  };
}

/** Both selectors must match (labels.Selector.Add of another selector's requirements). */
export function intersect(a: LabelMatcher, b: LabelMatcher): LabelMatcher {
  if (a.empty) return b;
  if (b.empty) return a;
  if (a.nothing || b.nothing) return MATCH_NOTHING;
  return { empty: false, nothing: false, matches: (l) => a.matches(l) && b.matches(l) };
}
