/**
 * Node selectors compiled once per pod, after k8s.io/component-helpers nodeaffinity
 * (nodeaffinity.go): `spec.nodeSelector` AND the required node affinity terms (ORed; each term
 * ANDs its matchExpressions on labels and matchFields on `metadata.name`). A term with no
 * requirements matches nothing; a term that does not parse (bad operator, non-integer Gt/Lt)
 * matches nothing either, as LazyErrorNodeSelector does.
 */
import type { NodeSelectorRequirement, NodeSelectorTerm, Pod, PreferredSchedulingTerm } from '../api-types.ts';

type Labels = Readonly<Record<string, string>>;
type Check = (labels: Labels, name: string) => boolean;

function compileRequirement(r: NodeSelectorRequirement, field: boolean): Check | undefined {
  const values = r.values ?? [];
  const get = field
    ? (_l: Labels, name: string) => (r.key === 'metadata.name' ? name : undefined)
    : (l: Labels) => (Object.hasOwn(l, r.key) ? l[r.key] : undefined);
  if (field && r.key !== 'metadata.name') return undefined;
  switch (r.operator) {
    case 'In': {
      if (values.length === 0) return undefined;
      if (values.length === 1) { const v0 = values[0]; return (l, n) => get(l, n) === v0; }
      const set = new Set(values);
      return (l, n) => { const v = get(l, n); return v !== undefined && set.has(v); };
    }
    case 'NotIn': {
      if (values.length === 0) return undefined;
      const set = new Set(values);
      return (l, n) => { const v = get(l, n); return v === undefined || !set.has(v); };
    }
    case 'Exists': return field || values.length > 0 ? undefined : (l, n) => get(l, n) !== undefined;
    case 'DoesNotExist': return field || values.length > 0 ? undefined : (l, n) => get(l, n) === undefined;
    case 'Gt': case 'Lt': {
      if (field || values.length !== 1 || !/^[+-]?\d+$/.test(values[0])) return undefined;
      const bound = Number(values[0]);
      const gt = r.operator === 'Gt';
      return (l, n) => {
        const v = get(l, n);
        if (v === undefined || !/^[+-]?\d+$/.test(v)) return false;
        return gt ? Number(v) > bound : Number(v) < bound;
      };
    }
    default: return undefined;
  }
}

/** One NodeSelectorTerm; `undefined` when it can never match. */
export function compileTerm(term: NodeSelectorTerm): Check | undefined {
  const exprs = term.matchExpressions ?? [];
  const fields = term.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return undefined;
  const checks: Check[] = [];
  for (const r of exprs) { const c = compileRequirement(r, false); if (!c) return undefined; checks.push(c); }
  for (const r of fields) { const c = compileRequirement(r, true); if (!c) return undefined; checks.push(c); }
  if (checks.length === 1) return checks[0];
  return (l, n) => { for (const c of checks) if (!c(l, n)) return false; return true; };
}

/** NodeSelector: the terms ORed. */
export function compileNodeSelector(terms: readonly NodeSelectorTerm[]): Check {
  const compiled = terms.map(compileTerm).filter((c): c is Check => c !== undefined);
  if (compiled.length === 0) return () => false;
  if (compiled.length === 1) return compiled[0];
  return (l, n) => { for (const c of compiled) if (c(l, n)) return true; return false; };
}

/**
 * nodeaffinity.RequiredNodeAffinity: what a node must satisfy for the pod, from nodeSelector and
 * requiredDuringSchedulingIgnoredDuringExecution. `empty` when the pod states neither.
 */
export class RequiredNodeAffinity {
  readonly empty: boolean;
  private readonly selector: readonly [string, string][];
  private readonly terms: Check | undefined;

  constructor(pod: Pod) {
    this.selector = Object.entries(pod.spec.nodeSelector ?? {});
    const required = pod.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
    this.terms = required ? compileNodeSelector(required.nodeSelectorTerms ?? []) : undefined;
    this.empty = this.selector.length === 0 && this.terms === undefined;
  }

  match(labels: Labels | undefined, name: string): boolean {
    if (this.empty) return true;
    const l = labels ?? {};
    for (const [k, v] of this.selector) if (l[k] !== v) return false;
    return this.terms ? this.terms(l, name) : true;
  }
}

/** The preferred terms with their weights (nodeaffinity.PreferredSchedulingTerms). */
export class PreferredSchedulingTerms {
  private readonly terms: { weight: number; check: Check }[] = [];
  constructor(terms: readonly PreferredSchedulingTerm[]) {
    for (const t of terms) {
      if (!t.weight) continue;
      const check = compileTerm(t.preference ?? {});
      if (check) this.terms.push({ weight: t.weight, check });
    }
  }
  get length(): number { return this.terms.length; }
  /** The sum of the weights of the terms the node matches (Score). */
  score(labels: Labels | undefined, name: string): number {
    let s = 0;
    const l = labels ?? {};
    for (const t of this.terms) if (t.check(l, name)) s += t.weight;
    return s;
  }
}
