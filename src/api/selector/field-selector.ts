/**
 * Field selectors, as k8s.io/apimachinery/pkg/fields (selector.go) parses and matches them:
 * comma-separated terms `field=value`, `field==value` or `field!=value`, all of which must hold.
 * In values, `\`, `,` and `=` are escaped with a backslash. A field an object does not have
 * reads as the empty string, so `spec.nodeName=` selects unscheduled pods.
 */
import { badRequest } from '../status.ts';

export interface FieldRequirement {
  readonly field: string;
  /** selection.Equals ("=", also for "==") or selection.NotEquals ("!="). */
  readonly operator: '=' | '!=';
  /** Unescaped. */
  readonly value: string;
}

export class FieldSelector {
  private static readonly EVERYTHING = new FieldSelector([]);

  /** Matches every object. */
  static everything(): FieldSelector { return FieldSelector.EVERYTHING; }

  /** `requirements` in the order given; parseFieldSelector sorts them by their text first. */
  constructor(readonly requirements: readonly FieldRequirement[]) {}

  /** Every requirement holds; a missing field is "". */
  matches(fields: Readonly<Record<string, string>>): boolean {
    return this.requirements.every((r) => {
      const actual = Object.hasOwn(fields, r.field) ? fields[r.field] : '';
      return r.operator === '=' ? actual === r.value : actual !== r.value;
    });
  }

  isEmpty(): boolean { return this.requirements.length === 0; }

  /** The value `field` must equal, if one `=` term names it (fields.Selector.RequiresExactMatch). */
  requiresExactMatch(field: string): string | undefined {
    return this.requirements.find((r) => r.field === field && r.operator === '=')?.value;
  }

  /**
   * fields.Selector.Transform: rewrites each term; a term mapped to an empty field and value is
   * dropped. Kube-apiserver runs each kind's field-label conversion through this.
   */
  transform(fn: (field: string, value: string) => { field: string; value: string }): FieldSelector {
    const out: FieldRequirement[] = [];
    for (const r of this.requirements) {
      const t = fn(r.field, r.value);
      if (t.field === '' && t.value === '') continue;
      out.push({ field: t.field, operator: r.operator, value: t.value });
    }
    return new FieldSelector(out);
  }

  toString(): string {
    return this.requirements.map((r) => `${r.field}${r.operator}${escapeFieldValue(r.value)}`).join(',');
  }
}

/**
 * Parses the string form. Errors are 400 BadRequest with apimachinery's messages, e.g.
 * `invalid selector: 'a'; can't understand 'a'`.
 */
export function parseFieldSelector(selector: string): FieldSelector {
  // as fields.parseSelector: terms are sorted by their raw text; empty terms are skipped
  const parts = splitTerms(selector).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const reqs: FieldRequirement[] = [];
  for (const part of parts) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (!term) throw badRequest(`invalid selector: '${selector}'; can't understand '${part}'`);
    reqs.push({ field: term.lhs, operator: term.op === '!=' ? '!=' : '=', value: unescapeFieldValue(term.rhs) });
  }
  return reqs.length === 0 ? FieldSelector.everything() : new FieldSelector(reqs);
}

/** Kubernetes' default field labels: every kind supports these (runtime.DefaultMetaV1FieldSelectorConversion). */
export const DEFAULT_FIELD_LABELS: readonly string[] = ['metadata.name', 'metadata.namespace'];

/**
 * The per-kind field-label conversion kube-apiserver applies before listing (Scheme
 * ConvertFieldLabel via Selector.Transform): labels in `supported` pass unchanged, a label in
 * `aliases` is renamed (as Pod's legacy `spec.host` → `spec.nodeName`), anything else is a 400
 * `field label not supported: X`. `supported` should include DEFAULT_FIELD_LABELS.
 */
export function convertFieldLabels(
  selector: FieldSelector,
  supported: Iterable<string>,
  options: { aliases?: Readonly<Record<string, string>> } = {},
): FieldSelector {
  const allowed = new Set(supported);
  return selector.transform((field, value) => {
    if (allowed.has(field)) return { field, value };
    const alias = options.aliases && Object.hasOwn(options.aliases, field) ? options.aliases[field] : undefined;
    if (alias !== undefined) return { field: alias, value };
    throw badRequest(`field label not supported: ${field}`);
  });
}

/** fields.EscapeValue. */
export function escapeFieldValue(s: string): string {
  return s.replace(/[\\,=]/g, (c) => `\\${c}`);
}

/** fields.UnescapeValue; errors keep apimachinery's text, including the rune printed as a number. */
function unescapeFieldValue(s: string): string {
  if (!/[\\,=]/.test(s)) return s;
  let out = '';
  let inSlash = false;
  for (const c of s) {
    if (inSlash) {
      if (c !== '\\' && c !== ',' && c !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${c}`);
      out += c;
      inSlash = false;
    } else if (c === '\\') {
      inSlash = true;
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${c.codePointAt(0)}`);
    } else {
      out += c;
    }
  }
  if (inSlash) throw badRequest('invalid field selector: invalid escape sequence: \\');
  return out;
}

/** Splits on commas that are not escaped (a backslash protects the next character). */
function splitTerms(selector: string): string[] {
  if (selector === '') return [];
  const terms: string[] = [];
  let start = 0;
  let inSlash = false;
  for (let i = 0; i < selector.length; i++) {
    const c = selector[i];
    if (inSlash) inSlash = false;
    else if (c === '\\') inSlash = true;
    else if (c === ',') { terms.push(selector.slice(start, i)); start = i + 1 }
  }
  terms.push(selector.slice(start));
  return terms;
}

/** The first operator from the left, trying "!=", then "==", then "=" at each position. */
function splitTerm(term: string): { lhs: string; op: string; rhs: string } | undefined {
  for (let i = 0; i < term.length; i++) {
    for (const op of ['!=', '==', '=']) {
      if (term.startsWith(op, i)) return { lhs: term.slice(0, i), op, rhs: term.slice(i + op.length) };
    }
  }
  return undefined;
}
