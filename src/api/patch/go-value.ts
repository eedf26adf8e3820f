/**
 * How Go sees a decoded JSON value (`interface{}` holding map[string]interface{}, []interface{},
 * string, bool, int64, float64 or nil), for the parts of a port whose behaviour or messages depend
 * on it: `==` between interface values, reflect type names, and `%v` formatting.
 *
 * JSON numbers: k8s.io/apimachinery/pkg/util/json decodes integers to int64 and the rest to
 * float64; a JavaScript number is taken as int64 when it is an integer.
 */

export type GoType = '<nil>' | 'map[string]interface {}' | '[]interface {}' | 'string' | 'bool' | 'int64' | 'float64';

export function goTypeOf(v: unknown): GoType {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return '[]interface {}';
  switch (typeof v) {
    case 'string': return 'string';
    case 'boolean': return 'bool';
    case 'number': return Number.isInteger(v) ? 'int64' : 'float64';
    default: return 'map[string]interface {}';
  }
}

/** A Go runtime panic, which kube-apiserver's handler chain turns into a 500. */
export class GoPanic extends Error {
  override name = 'GoPanic';
}

/**
 * Go's `a == b` on interface values: false when the dynamic types differ, a runtime panic when
 * both hold maps or slices (uncomparable), value equality otherwise.
 */
export function goEqual(a: unknown, b: unknown): boolean {
  const ta = goTypeOf(a);
  if (ta !== goTypeOf(b)) return false;
  if (ta === 'map[string]interface {}' || ta === '[]interface {}') throw new GoPanic(`runtime error: comparing uncomparable type ${ta}`);
  return ta === '<nil>' || a === b;
}

/** A key usable where Go hashes an interface value (map[interface{}]...); panics like Go for maps and slices. */
export function goHashKey(v: unknown): string {
  const t = goTypeOf(v);
  if (t === 'map[string]interface {}' || t === '[]interface {}') throw new GoPanic(`runtime error: hash of unhashable type ${t}`);
  return t === '<nil>' ? t : `${t}:${String(v)}`;
}

/** fmt's `%v`: maps as `map[k:v ...]` with sorted keys, slices as `[a b]`, nil as `<nil>`. */
export function goSprint(v: unknown): string {
  if (v === null || v === undefined) return '<nil>';
  if (Array.isArray(v)) return `[${v.map(goSprint).join(' ')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `map[${Object.keys(o).sort().map((k) => `${k}:${goSprint(o[k])}`).join(' ')}]`;
  }
  if (typeof v === 'number' && !Number.isInteger(v)) return formatFloat(v);
  return String(v);
}

// %v of a float64 is %g with the shortest representation: exponent form from 1e21 or below 1e-4.
function formatFloat(n: number): string {
  const abs = Math.abs(n);
  if (abs !== 0 && (abs < 1e-4 || abs >= 1e21)) {
    const [mantissa, exp] = n.toExponential().split('e');
    const e = Number(exp);
    return `${mantissa}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  return String(n);
}
