/**
 * The `fieldPath` of a validation rule, after apiextensions-apiserver
 * pkg/apiserver/schema/cel/validation.go (ValidFieldPath): a relative JSONPath of field
 * selections (`.spec.replicas`) and quoted keys (`['a.b']`, with `\'` and the usual escapes),
 * checked against the schema of the node the rule is on: a name selects a declared property of
 * an object with properties, or a key of a map (additionalProperties). The result is the path
 * that errors report, in field.Path form (`spec.replicas`, `labels[a.b]`).
 */
import { type CelSchema, asCelSchema } from './schema-types.ts';

export type FieldPathSegment = { readonly kind: 'child' | 'key'; readonly name: string };

const SINGLE_QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  a: '\x07', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t', v: '\v', "'": "'", '\\': '\\',
};

/** The tokens of a JSONPath: '.', '[', ']', quoted strings and names. */
function tokens(path: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < path.length) {
    const c = path[i];
    if (c === '.' || c === '[' || c === ']') { out.push(c); i++; continue; }
    if (c === "'") {
      let j = i + 1;
      while (j < path.length && !(path[j] === "'" && path[j - 1] !== '\\')) j++;
      out.push(path.slice(i, j + 1));
      i = j + 1;
      continue;
    }
    let j = i;
    while (j < path.length && !'.[]'.includes(path[j])) j++;
    out.push(path.slice(i, j));
    i = j;
  }
  return out;
}

/** The path's segments, or an error message (Go's) when it is not valid for `schema`. */
export function parseFieldPath(path: string, schema: CelSchema): { segments: FieldPathSegment[] } | { error: string } {
  const toks = tokens(path);
  const segments: FieldPathSegment[] = [];
  let s: CelSchema | undefined = schema;
  const append = (name: string): string | undefined => {
    if (s?.properties) {
      const next = asCelSchema(s.properties[name]);
      if (!next) return 'does not refer to a valid field';
      segments.push({ kind: 'child', name });
      s = next;
      return undefined;
    }
    const additional = asCelSchema(s?.additionalProperties);
    if (additional) {
      segments.push({ kind: 'key', name });
      s = additional;
      return undefined;
    }
    return 'does not refer to a valid field';
  };
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t === '[') {
      const quoted = toks[++i];
      if (quoted === undefined) return { error: 'unexpected end of JSON path' };
      if (quoted.length < 2 || !quoted.startsWith("'") || !quoted.endsWith("'")) return { error: `expected single quoted string but got ${quoted}` };
      let bad: string | undefined;
      const name = quoted.slice(1, -1).replace(/\\(.)/g, (m, d: string) => {
        const r = SINGLE_QUOTE_ESCAPES[d];
        if (r === undefined) bad ??= m;
        return r ?? '';
      });
      if (bad) return { error: `invalid string literal: invalid escape char ${bad}` };
      const err = append(name);
      if (err) return { error: err };
      if (toks[++i] === undefined) return { error: 'unexpected end of JSON path' };
      if (toks[i] !== ']') return { error: `expected ] but got ${toks[i]}` };
    } else if (t === '.') {
      const name = toks[++i];
      if (name === undefined) return { error: 'unexpected end of JSON path' };
      const err = append(name);
      if (err) return { error: err };
    } else {
      return { error: `expected [ or . but got: ${t}` };
    }
  }
  return { segments };
}

/** `base` extended by `segments` as field.Path prints it (the root is ""). */
export function appendFieldPath(base: string, segments: readonly FieldPathSegment[]): string {
  return segments.reduce((p, seg) => (seg.kind === 'key' ? `${p}[${seg.name}]` : p === '' ? seg.name : `${p}.${seg.name}`), base);
}
