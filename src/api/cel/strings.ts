/**
 * The parts of cel-go's strings extension (ext.Strings, version 2 in Kubernetes 1.32) that cel-js
 * lacks: `charAt`, `replace`, `strings.quote` and `format`. cel-js already has `indexOf`,
 * `lastIndexOf`, `substring`, `split`, `join`, `trim`, `lowerAscii` and `upperAscii`; unlike
 * cel-go they count UTF-16 code units rather than code points (a difference only for characters
 * outside the Basic Multilingual Plane), and cel-js's `lowerAscii`/`upperAscii` also fold
 * non-ASCII letters.
 *
 *     <string>.charAt(<int>) <string>
 *     <string>.replace(<string>, <string>[, <int>]) <string>
 *     strings.quote(<string>) <string>
 *     <string>.format(<list>) <string>      %s %d %f %e %b %o %x %X %%, with %.Nf precision
 */
import { type Environment } from '@marcbachmann/cel-js';
import { Duration, UnsignedInt } from '@marcbachmann/cel-js/evaluator';
import { chargeCost } from './cost.ts';
import { type CelLibrary, SYNC, celError, registerNamespace } from './library.ts';

function charAt(s: string, index: bigint): string {
  const chars = [...s];
  const i = Number(index);
  if (i < 0 || i > chars.length) throw celError(`index out of range: ${index}`);
  return chars[i] ?? '';
}

function replace(s: string, from: string, to: string, n: bigint = -1n): string {
  chargeCost(s.length);
  if (n === 0n) return s;
  if (n < 0n) return s.split(from).join(to);
  const parts = s.split(from);
  const limit = Number(n);
  if (parts.length - 1 <= limit) return parts.join(to);
  return parts.slice(0, limit + 1).join(to) + from + parts.slice(limit + 1).join(from);
}

const QUOTE_ESCAPES: Readonly<Record<string, string>> = {
  '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '\\': '\\\\', '"': '\\"',
};
const quote = (s: string): string => `"${[...s].map((c) => QUOTE_ESCAPES[c] ?? c).join('')}"`;

/** The %s text of a value, as cel-go's string formatter prints it. */
function display(v: unknown): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
  if (v === null) return 'null';
  if (v instanceof UnsignedInt) return v.toString();
  if (v instanceof Date) return v.toISOString().replace('.000Z', 'Z');
  if (v instanceof Duration) return v.toString();
  if (v instanceof Uint8Array) return Buffer.from(v).toString('utf8');
  if (Array.isArray(v)) return `[${v.map(display).join(', ')}]`;
  if (v instanceof Map) return `{${[...v].map(([k, x]) => `${display(k)}: ${display(x)}`).join(', ')}}`;
  if (typeof v === 'object') {
    const s = (v as { toString?: () => string }).toString?.();
    if (s !== undefined && s !== '[object Object]') return s;
    return `{${Object.entries(v).map(([k, x]) => `${k}: ${display(x)}`).join(', ')}}`;
  }
  return String(v);
}

const integer = (v: unknown, verb: string): bigint => {
  if (typeof v === 'bigint') return v;
  if (v instanceof UnsignedInt) return v.valueOf();
  throw celError(`error during formatting: ${verb} clause can only be used on integers, was given ${typeof v === 'number' ? 'double' : typeof v}`);
};

function format(template: string, args: unknown[]): string {
  let out = '';
  let next = 0;
  const take = (): unknown => {
    if (next >= args.length) throw celError(`index ${next} out of range`);
    return args[next++];
  };
  for (let i = 0; i < template.length; i++) {
    const c = template[i];
    if (c !== '%') { out += c; continue; }
    const m = /^%(?:\.(\d+))?([sdfeboxX%])/.exec(template.slice(i));
    if (!m) throw celError(`could not parse formatting clause: unrecognized formatting clause "${template.slice(i, i + 2)}"`);
    i += m[0].length - 1;
    const precision = m[1] === undefined ? 6 : Number(m[1]);
    switch (m[2]) {
      case '%': out += '%'; break;
      case 's': out += display(take()); break;
      case 'd': out += integer(take(), 'decimal').toString(); break;
      case 'b': out += integer(take(), 'binary').toString(2); break;
      case 'o': out += integer(take(), 'octal').toString(8); break;
      case 'x':
      case 'X': {
        const v = take();
        const hex = typeof v === 'string' ? Buffer.from(v, 'utf8').toString('hex')
          : v instanceof Uint8Array ? Buffer.from(v).toString('hex') : integer(v, 'hex').toString(16);
        out += m[2] === 'X' ? hex.toUpperCase() : hex;
        break;
      }
      case 'f':
      case 'e': {
        const v = take();
        const n = typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : v instanceof UnsignedInt ? Number(v.valueOf()) : NaN;
        if (typeof v !== 'number' && typeof v !== 'bigint' && !(v instanceof UnsignedInt)) {
          throw celError(`error during formatting: ${m[2] === 'f' ? 'fixed-point' : 'scientific'} clause can only be used on doubles, was given ${typeof v}`);
        }
        out += m[2] === 'f' ? n.toFixed(precision) : n.toExponential(precision).replace(/e([+-])(\d)$/, 'e$10$2');
        break;
      }
    }
  }
  return out;
}

export const stringsLibrary: CelLibrary = {
  name: 'cel.lib.ext.strings',
  register(env: Environment) {
    env.registerFunction('string.charAt(int): string', charAt, SYNC);
    env.registerFunction('string.replace(string, string): string', (s: string, a: string, b: string) => replace(s, a, b), SYNC);
    env.registerFunction('string.replace(string, string, int): string', replace, SYNC);
    registerNamespace(env, 'strings', 'k8s.StringsNamespace');
    env.registerFunction('k8s.StringsNamespace.quote(string): string', (_ns: unknown, s: string) => quote(s), SYNC);
    env.registerFunction('string.format(list): string', (s: string, args: unknown[]) => format(s, args), SYNC);
  },
};
