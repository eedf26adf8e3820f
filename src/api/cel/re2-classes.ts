/**
 * RE2 escapes and bracketed character classes in JavaScript RegExp syntax (for re2-translate.ts):
 * Go's escapes (`\x{…}`, octal, `\Q…\E`, `\A`, `\z`), RE2's ASCII `\s`, POSIX classes and, under
 * (?i), ASCII case folding spelled out.
 */

export interface Flags { i: boolean; m: boolean; s: boolean; U: boolean }
export type Fail = (what: string, arg: string) => never;

const POSIX_CLASSES: Readonly<Record<string, string>> = {
  alnum: '0-9A-Za-z', alpha: 'A-Za-z', ascii: '\\x00-\\x7F', blank: '\\t ', cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9', graph: '!-~', lower: 'a-z', print: ' -~', punct: '!-\\/:-@\\[-`{-~', space: '\\t\\n\\v\\f\\r ',
  upper: 'A-Z', word: '0-9A-Za-z_', xdigit: '0-9A-Fa-f',
};
/** JavaScript's SyntaxCharacter, plus '/', '-': what may (and, in a class, must) be escaped. */
const JS_SYNTAX = new Set('^$\\.*+?()[]{}|/-');
const RE2_SPACE = '\\t\\n\\f\\r ';

const hex = (cp: number): string => (cp <= 0xffff ? `\\u${cp.toString(16).padStart(4, '0')}` : `\\u{${cp.toString(16)}}`);
/** A literal character, escaped when JavaScript gives it a meaning. */
export const escapeLiteral = (ch: string): string => (JS_SYNTAX.has(ch) ? `\\${ch}` : ch);
export const isLetter = (c: string): boolean => /^[A-Za-z]$/.test(c);
export const swapCase = (c: string): string => (c === c.toLowerCase() ? c.toUpperCase() : c.toLowerCase());

/** An escape outside a character class: [JavaScript text, characters consumed, needs the u flag]. */
export function escapeOutsideClass(chars: readonly string[], i: number, flags: Flags, fail: Fail): [string, number, boolean] {
  const e = chars[i + 1];
  if (e === undefined) fail('trailing backslash at end of expression', '');
  if (e === 'A') return ['^', 2, false];
  if (e === 'z') return ['$', 2, false];
  if (e === 'Q') {
    let j = i + 2;
    let text = '';
    while (j < chars.length && !(chars[j] === '\\' && chars[j + 1] === 'E')) {
      text += flags.i && isLetter(chars[j]) ? `[${chars[j]}${swapCase(chars[j])}]` : escapeLiteral(chars[j]);
      j++;
    }
    return [text, j - i + (j < chars.length ? 2 : 0), false];
  }
  if (e === 's') return [`[${RE2_SPACE}]`, 2, false];
  if (e === 'S') return [`[^${RE2_SPACE}]`, 2, false];
  if ('dDwWbB'.includes(e)) return [`\\${e}`, 2, false];
  if (e === 'p' || e === 'P') {
    const [cls, consumed] = unicodeClass(chars, i, fail);
    return [cls, consumed, true];
  }
  const code = escapedCodePoint(chars, i, fail);
  if (code) {
    const ch = String.fromCodePoint(code.cp);
    if (flags.i && isLetter(ch)) return [`[${ch}${swapCase(ch)}]`, code.consumed, false];
    return [hex(code.cp), code.consumed, code.cp > 0xffff];
  }
  if (/[A-Za-z0-9]/.test(e)) fail('invalid escape sequence', `\\${e}`);
  return [escapeLiteral(e), 2, false];
}

/** `\pL`, `\p{Greek}`, `\PN` → `\p{L}`, `\p{Script=Greek}`, `\P{N}` (JavaScript's u-mode syntax). */
function unicodeClass(chars: readonly string[], i: number, fail: Fail): [string, number] {
  const neg = chars[i + 1] === 'P';
  let name: string;
  let consumed: number;
  if (chars[i + 2] === '{') {
    const close = chars.indexOf('}', i + 3);
    if (close < 0) fail('invalid character class range', chars.slice(i).join(''));
    name = chars.slice(i + 3, close).join('');
    consumed = close - i + 1;
  } else {
    name = chars[i + 2] ?? '';
    consumed = 3;
  }
  let negated = neg;
  if (name.startsWith('^')) { negated = !negated; name = name.slice(1); }
  const general = /^(L|Lu|Ll|Lt|Lm|Lo|M|Mn|Mc|Me|N|Nd|Nl|No|P|Pc|Pd|Ps|Pe|Pi|Pf|Po|S|Sm|Sc|Sk|So|Z|Zs|Zl|Zp|C|Cc|Cf|Cs|Co)$/.test(name);
  if (name === '' ) fail('invalid character class range', chars.slice(i, i + consumed).join(''));
  return [`\\${negated ? 'P' : 'p'}{${general || name === 'Any' ? name : `Script=${name}`}}`, consumed];
}

/** `\x41`, `\x{1F600}`, `\101`, `\0`, `\a\f\t\n\r\v`: the code point and the characters consumed. */
function escapedCodePoint(chars: readonly string[], i: number, fail: Fail): { cp: number; consumed: number } | undefined {
  const e = chars[i + 1];
  const simple: Readonly<Record<string, number>> = { a: 7, f: 12, t: 9, n: 10, r: 13, v: 11 };
  if (e in simple) return { cp: simple[e], consumed: 2 };
  if (e === 'x') {
    if (chars[i + 2] === '{') {
      const close = chars.indexOf('}', i + 3);
      const digits = close < 0 ? '' : chars.slice(i + 3, close).join('');
      if (!/^[0-9A-Fa-f]{1,8}$/.test(digits) || parseInt(digits, 16) > 0x10ffff) fail('invalid escape sequence', chars.slice(i, close + 1).join(''));
      return { cp: parseInt(digits, 16), consumed: close - i + 1 };
    }
    const digits = chars.slice(i + 2, i + 4).join('');
    if (!/^[0-9A-Fa-f]{2}$/.test(digits)) fail('invalid escape sequence', `\\x${digits}`);
    return { cp: parseInt(digits, 16), consumed: 4 };
  }
  if (e >= '0' && e <= '7') {
    // as Go's parser: a lone non-zero digit would be a back-reference, which RE2 does not support
    if (e !== '0' && !(chars[i + 2] >= '0' && chars[i + 2] <= '7')) fail('invalid escape sequence', `\\${e}`);
    let j = i + 1;
    let digits = '';
    while (j < chars.length && digits.length < 3 && chars[j] >= '0' && chars[j] <= '7') digits += chars[j++];
    return { cp: parseInt(digits, 8), consumed: j - i };
  }
  if (e === '8' || e === '9') fail('invalid escape sequence', `\\${e}`);
  return undefined;
}

/** A bracketed class: [JavaScript text, characters consumed, needs the u flag]. */
export function translateClass(chars: readonly string[], start: number, flags: Flags, fail: Fail): [string, number, boolean] {
  let i = start + 1;
  let negated = false;
  if (chars[i] === '^') { negated = true; i++; }
  const items: string[] = [];
  let unicode = false;
  let first = true;
  const single = (cp: number): void => {
    const ch = String.fromCodePoint(cp);
    items.push(classChar(cp));
    if (flags.i && isLetter(ch)) items.push(swapCase(ch));
  };
  while (true) {
    if (i >= chars.length) fail('missing closing ]', chars.slice(start).join(''));
    const c = chars[i];
    if (c === ']' && !first) { i++; break; }
    first = false;
    if (c === '[' && chars[i + 1] === ':') {
      const m = /^\[:(\^?)([a-z]+):\]/.exec(chars.slice(i).join(''));
      if (m && POSIX_CLASSES[m[2]] !== undefined) {
        if (m[1] === '^') fail('invalid character class range', m[0]);
        items.push(POSIX_CLASSES[m[2]]);
        i += m[0].length;
        continue;
      }
    }
    let lo: number | undefined;
    let consumed = 1;
    if (c === '\\') {
      const e = chars[i + 1];
      if (e === undefined) fail('missing closing ]', chars.slice(start).join(''));
      if (e === 's') { items.push(RE2_SPACE); i += 2; continue; }
      if ('dDwWS'.includes(e)) { items.push(`\\${e}`); i += 2; continue; }
      if (e === 'p' || e === 'P') {
        const [cls, n] = unicodeClass(chars, i, fail);
        items.push(cls);
        unicode = true;
        i += n;
        continue;
      }
      const code = escapedCodePoint(chars, i, fail);
      if (code) { lo = code.cp; consumed = code.consumed; }
      else if (/[A-Za-z0-9]/.test(e)) fail('invalid escape sequence', `\\${e}`);
      else { lo = e.codePointAt(0)!; consumed = 2; }
    } else {
      lo = c.codePointAt(0)!;
    }
    i += consumed;
    if (chars[i] === '-' && chars[i + 1] !== undefined && chars[i + 1] !== ']') {
      let hi: number;
      let n = 1;
      if (chars[i + 1] === '\\') {
        const code = escapedCodePoint(chars, i + 1, fail);
        hi = code ? code.cp : chars[i + 2]?.codePointAt(0) ?? 0;
        n = code ? code.consumed : 2;
      } else {
        hi = chars[i + 1].codePointAt(0)!;
      }
      if (hi < lo) fail('invalid character class range', `${String.fromCodePoint(lo)}-${String.fromCodePoint(hi)}`);
      items.push(`${classChar(lo)}-${classChar(hi)}`);
      if (lo > 0xffff || hi > 0xffff) unicode = true;
      if (flags.i) items.push(...caseCounterparts(lo, hi));
      i += 1 + n;
      continue;
    }
    if (lo > 0xffff) unicode = true;
    single(lo);
  }
  return [`[${negated ? '^' : ''}${items.join('')}]`, i - start, unicode];
}

const classChar = (cp: number): string => {
  const ch = String.fromCodePoint(cp);
  if (ch === '\\' || ch === ']' || ch === '[' || ch === '^' || ch === '-') return `\\${ch}`;
  return cp < 0x20 || cp === 0x7f || cp > 0xffff ? hex(cp) : ch;
};

/** Under (?i): the other-case ASCII letters of the range lo-hi. */
function caseCounterparts(lo: number, hi: number): string[] {
  const out: string[] = [];
  const overlap = (a: number, b: number, shift: number): void => {
    const from = Math.max(lo, a);
    const to = Math.min(hi, b);
    if (from <= to) out.push(`${String.fromCharCode(from + shift)}-${String.fromCharCode(to + shift)}`);
  };
  overlap(0x61, 0x7a, -32);
  overlap(0x41, 0x5a, 32);
  return out;
}

