/**
 * RE2 regular expressions (the syntax of Go's regexp, which cel-go's `matches`, `find` and
 * `findAll` use) on JavaScript's engine. The pattern is translated: leading flag groups
 * `(?i)`, `(?m)`, `(?s)`, `(?U)`; `(?P<name>…)`; `\A`, `\z`, `\Q…\E`; octal and `\x{…}` escapes;
 * POSIX classes `[[:alpha:]]`; RE2's `.` (no newline unless `(?s)`) and `\s` (ASCII space only);
 * a literal `]` first in a class; case-insensitivity spelled out as ASCII classes (`a` → `[aA]`).
 * Back-references and look-arounds do not exist in RE2 and are refused, as Go refuses them.
 *
 * Matching runs on V8's linear-time engine (the `l` flag, enabled here with the
 * `--enable-experimental-regexp-engine` V8 flag, which changes nothing else), so a rule cannot
 * hang the server on a pathological pattern, as RE2 guarantees in kube. Node 20's linear engine
 * refuses `\p{…}` classes (they need the `u` flag) and large counted repetitions; such patterns
 * run on the backtracking engine.
 *
 * Approximations, stated: flag groups in the middle of a pattern (`a(?i)b`, `(?i:b)`) apply to the
 * whole pattern; under `(?i)` only ASCII letters fold case; `.` and negated classes match UTF-16
 * code units, not code points, outside the `\p{…}` fallback.
 */
import { setFlagsFromString } from 'node:v8';
import { RE2SyntaxError, translateRE2 } from './re2-translate.ts';

export type CompiledRE2 = { readonly ok: true; readonly regexp: RegExp } | { readonly ok: false; readonly error: string };

let linearEngine: boolean | undefined;
/** Whether `new RegExp(p, 'l')` works in this process (V8 ≥ 8.8 with the flag set). */
function linearEngineAvailable(): boolean {
  if (linearEngine === undefined) {
    try {
      setFlagsFromString('--enable-experimental-regexp-engine');
      linearEngine = new RegExp('a', 'l').test('a');
    } catch {
      linearEngine = false;
    }
  }
  return linearEngine;
}

const cache = new Map<string, CompiledRE2>();
const CACHE_LIMIT = 1000;

/** Compiles an RE2 pattern (cached); `error` is Go's "error parsing regexp: …" text. */
export function compileRE2(pattern: string): CompiledRE2 {
  const hit = cache.get(pattern);
  if (hit) return hit;
  let result: CompiledRE2;
  try {
    const { source, flags, unicode } = translateRE2(pattern);
    let regexp: RegExp | undefined;
    if (!unicode && linearEngineAvailable()) {
      try { regexp = new RegExp(source, `${flags}l`); } catch { regexp = undefined; }
    }
    result = { ok: true, regexp: regexp ?? new RegExp(source, `${flags}${unicode ? 'u' : ''}`) };
  } catch (e) {
    result = { ok: false, error: e instanceof RE2SyntaxError ? e.message : `error parsing regexp: ${e instanceof Error ? e.message : String(e)}` };
  }
  if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string);
  cache.set(pattern, result);
  return result;
}

/** Go's regexp.MatchString: a match anywhere in `s`. */
export function re2Matches(s: string, re: RegExp): boolean {
  re.lastIndex = 0;
  return re.test(s);
}

/** Go's Regexp.FindString: the leftmost match, or "" (also for an empty match). */
export function re2Find(s: string, re: RegExp): string {
  re.lastIndex = 0;
  return re.exec(s)?.[0] ?? '';
}

/**
 * Go's Regexp.FindAllString(s, n): successive non-overlapping matches; an empty match right after
 * the previous match is skipped; n < 0 means all.
 */
export function re2FindAll(s: string, re: RegExp, n: number): string[] {
  const global = new RegExp(re.source, `${re.flags.replace(/[gy]/g, '')}g`);
  const out: string[] = [];
  let pos = 0;
  let prevEnd = -1;
  while ((n < 0 || out.length < n) && pos <= s.length) {
    global.lastIndex = pos;
    const m = global.exec(s);
    if (!m) break;
    const start = m.index;
    const end = start + m[0].length;
    let accept = true;
    if (end === pos) {
      if (start === prevEnd) accept = false;
      pos += pos < s.length ? (s.codePointAt(pos)! > 0xffff ? 2 : 1) : 1;
    } else {
      pos = end;
    }
    prevEnd = end;
    if (accept) out.push(m[0]);
  }
  return out;
}
