/**
 * The translation of an RE2 pattern (Go's regexp syntax) to a JavaScript RegExp source; re2.ts
 * describes what is translated and what is approximated. The escapes and bracketed classes are
 * in re2-classes.ts.
 */
import { type Flags, escapeLiteral, escapeOutsideClass, isLetter, swapCase, translateClass } from './re2-classes.ts';

/** A pattern RE2 refuses; the message is Go's "error parsing regexp: …". */
export class RE2SyntaxError extends Error {
  override name = 'RE2SyntaxError';
}

/** Translates an RE2 pattern to JavaScript source and flags; throws RE2SyntaxError. */
export function translateRE2(pattern: string): { source: string; flags: string; unicode: boolean } {
  const flags: Flags = { i: false, m: false, s: false, U: false };
  let unicode = false;
  let out = '';
  let i = 0;
  let depth = 0;
  /** Whether the output ends with something a repetition operator may follow. */
  let atom = false;
  const chars = [...pattern];
  const at = (k: number): string => chars[k] ?? '';
  const rest = (k: number): string => chars.slice(k).join('');
  const fail = (what: string, arg: string): never => {
    throw new RE2SyntaxError(`error parsing regexp: ${what}: \`${arg}\``);
  };
  const setFlags = (spec: string): void => {
    let on = true;
    for (const f of spec) {
      if (f === '-') on = false;
      else if (f === 'i' || f === 'm' || f === 's' || f === 'U') flags[f] = on;
    }
  };
  /** Greedy/lazy suffix handling, with (?U) swapping them. */
  const quantifierSuffix = (): string => {
    const lazy = at(i) === '?';
    if (lazy) i++;
    if (at(i) === '*' || at(i) === '+' || at(i) === '?') fail('invalid nested repetition operator', `${at(i - 1)}${at(i)}`);
    return lazy !== flags.U ? '?' : '';
  };

  while (i < chars.length) {
    const c = chars[i];
    if (c === '\\') {
      const [text, consumed, needsUnicode] = escapeOutsideClass(chars, i, flags, fail);
      out += text;
      i += consumed;
      unicode ||= needsUnicode;
      atom = text !== '^' && text !== '$';
      continue;
    }
    if (c === '[') {
      const [text, consumed, needsUnicode] = translateClass(chars, i, flags, fail);
      out += text;
      i += consumed;
      unicode ||= needsUnicode;
      atom = true;
      continue;
    }
    if (c === '(') {
      atom = false;
      const tail = rest(i);
      let m: RegExpExecArray | null;
      if (tail.startsWith('(?P<') || (tail.startsWith('(?<') && !tail.startsWith('(?<=') && !tail.startsWith('(?<!'))) {
        const name = /^\(\?P?<([A-Za-z0-9_]+)>/.exec(tail);
        if (!name) fail('invalid named capture', tail.slice(0, 8));
        out += `(?<${name![1]}>`;
        i += name![0].length;
        depth++;
      } else if ((m = /^\(\?([imsU-]*):/.exec(tail))) {
        setFlags(m[1]);
        out += '(?:';
        i += m[0].length;
        depth++;
      } else if ((m = /^\(\?([imsU-]+)\)/.exec(tail))) {
        setFlags(m[1]);
        i += m[0].length;
      } else if (tail.startsWith('(?')) {
        fail('invalid or unsupported Perl syntax', tail.slice(0, 3));
      } else {
        out += '(';
        i++;
        depth++;
      }
      continue;
    }
    if (c === ')') {
      if (depth === 0) fail('unexpected )', pattern);
      depth--;
      out += ')';
      i++;
      atom = true;
      continue;
    }
    if (c === '*' || c === '+' || c === '?') {
      if (!atom) fail('missing argument to repetition operator', c);
      i++;
      out += c + quantifierSuffix();
      atom = false;
      continue;
    }
    if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(rest(i));
      if (m && atom) {
        const min = Number(m[1]);
        const max = m[3] === undefined || m[3] === '' ? min : Number(m[3]);
        if (min > 1000 || max > 1000 || (m[3] !== undefined && m[3] !== '' && max < min)) fail('invalid repeat count', m[0]);
        i += [...m[0]].length;
        out += m[0] + quantifierSuffix();
        atom = false;
        continue;
      }
      out += '\\{';
      i++;
      atom = true;
      continue;
    }
    if (c === '.') {
      out += flags.s ? '[\\s\\S]' : '[^\\n]';
    } else if (c === '^' || c === '$' || c === '|') {
      out += c;
      i++;
      atom = false;
      continue;
    } else if (flags.i && isLetter(c)) {
      out += `[${c}${swapCase(c)}]`;
    } else {
      out += escapeLiteral(c);
    }
    i++;
    atom = true;
  }
  if (depth > 0) fail('missing closing )', pattern);
  return { source: out, flags: flags.m ? 'm' : '', unicode };
}
