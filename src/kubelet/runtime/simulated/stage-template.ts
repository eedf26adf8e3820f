/**
 * The small data language of simulated-runtime stages, in the spirit of KWOK's Stage
 * (selector + delay + next) but JSON instead of Go templates:
 *
 * - paths are KWOK's: `.status.podIP`, `.metadata.ownerReferences.[].kind` (`[]` spreads a list);
 * - a selector is `matchExpressions` of `{key, operator: In|NotIn|Exists|DoesNotExist, values}`,
 *   all of which must hold; In/NotIn compare each value a path yields;
 * - a template is JSON in which strings may hold `{{Now}}`, `{{PodIP}}`, `{{NodeIP}}` or
 *   `{{.path}}` (relative to the pod, or to the item inside `$forEach`; `{{$.path}}` is always the
 *   pod's); an object
 *   `{"$forEach": ".spec.containers", "$item": …}` renders one element per item of the list;
 *   `{"$if": ".spec.initContainers", "$then": …}` renders only when the path yields something,
 *   and a key whose value renders to nothing is left out.
 */

export type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

export interface Requirement {
  readonly key: string;
  readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  readonly values?: readonly string[];
}

export interface Selector { readonly matchExpressions: readonly Requirement[] }

export interface TemplateContext {
  readonly now: string;
  readonly podIP?: string;
  readonly nodeIP: string;
}

/** Values at a KWOK path; missing or empty values yield nothing. */
export function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const seg of path.split('.').filter(Boolean)) {
    const next: unknown[] = [];
    for (const v of current) {
      if (seg === '[]') { if (Array.isArray(v)) next.push(...v); continue; }
      if (v && typeof v === 'object' && !Array.isArray(v) && seg in v) next.push((v as Record<string, unknown>)[seg]);
    }
    current = next;
  }
  return current.filter((v) => v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0));
}

export function matches(selector: Selector, obj: unknown): boolean {
  return selector.matchExpressions.every((r) => {
    const vals = valuesAt(obj, r.key);
    switch (r.operator) {
      case 'Exists': return vals.length > 0;
      case 'DoesNotExist': return vals.length === 0;
      case 'In': return vals.some((v) => (r.values ?? []).includes(String(v)));
      case 'NotIn': return !vals.some((v) => (r.values ?? []).includes(String(v)));
      default: return false;
    }
  });
}

const NOTHING = Symbol('nothing');

function renderString(s: string, scope: unknown, root: unknown, ctx: TemplateContext): Json | typeof NOTHING {
  const whole = /^\{\{\s*([^}]+?)\s*\}\}$/.exec(s);
  const lookup = (expr: string): unknown => {
    if (expr === 'Now') return ctx.now;
    if (expr === 'PodIP') return ctx.podIP;
    if (expr === 'NodeIP') return ctx.nodeIP;
    if (expr.startsWith('$.')) return valuesAt(root, expr.slice(1))[0];
    if (expr.startsWith('.')) return valuesAt(scope, expr)[0];
    throw new Error(`unknown template expression {{${expr}}}`);
  };
  if (whole) {
    const v = lookup(whole[1]);
    return v === undefined ? NOTHING : (v as Json);
  }
  return s.replace(/\{\{\s*([^}]+?)\s*\}\}/g, (_m, expr: string) => String(lookup(expr) ?? ''));
}

function render(t: Json, scope: unknown, root: unknown, ctx: TemplateContext): Json | typeof NOTHING {
  if (typeof t === 'string') return renderString(t, scope, root, ctx);
  if (Array.isArray(t)) {
    const out: Json[] = [];
    for (const x of t) {
      if (x && typeof x === 'object' && !Array.isArray(x) && '$forEach' in x) {
        for (const item of valuesAt(root, String(x.$forEach)).flatMap((v) => (Array.isArray(v) ? v : [v]))) {
          const r = render(x.$item ?? null, item, root, ctx);
          if (r !== NOTHING) out.push(r);
        }
        continue;
      }
      const r = render(x, scope, root, ctx);
      if (r !== NOTHING) out.push(r);
    }
    return out;
  }
  if (t && typeof t === 'object') {
    if ('$if' in t) return valuesAt(root, String(t.$if)).length > 0 ? render(t.$then ?? null, scope, root, ctx) : NOTHING;
    const out: { [k: string]: Json } = {};
    for (const [k, v] of Object.entries(t)) {
      const r = render(v, scope, root, ctx);
      if (r !== NOTHING) out[k] = r;
    }
    return out;
  }
  return t;
}

/** Renders a template against an object (the pod). */
export function renderTemplate(template: Json, obj: unknown, ctx: TemplateContext): Json {
  const r = render(template, obj, obj, ctx);
  return r === NOTHING ? null : r;
}
