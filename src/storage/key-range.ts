/**
 * Key order and prefix ranges shared by the drivers.
 *
 * etcd orders keys as bytes, so the contract's key order is the byte order of the keys' UTF-8
 * encoding, which is Unicode code point order. SQLite's BINARY collation compares TEXT the same
 * way (memcmp of UTF-8). JavaScript's `<` compares UTF-16 code units instead, which disagrees
 * only when a character above U+FFFF (a surrogate pair, 0xD800–0xDFFF) meets one in
 * U+E000–U+FFFF at the first difference.
 */

/** Rank of a UTF-16 code unit in code point order: surrogates sort after every BMP character. */
function rank(unit: number): number {
  if (unit < 0xd800) return unit;
  if (unit < 0xe000) return unit + 0x2000; // surrogate → 0xF800–0xFFFF
  return unit - 0x800; // 0xE000–0xFFFF → 0xD800–0xF7FF
}

/** Compares two keys in UTF-8 byte order (etcd's key order); negative, 0 or positive. */
export function compareKeys(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return rank(x) - rank(y);
  }
  return a.length - b.length;
}

/**
 * The smallest key greater than every key that starts with prefix, or undefined when there is
 * none (empty prefix). As etcd's `GetPrefixRangeEnd`, but on code points instead of bytes: the
 * last code point is incremented, dropping trailing U+10FFFF.
 */
export function prefixEnd(prefix: string): string | undefined {
  const points = Array.from(prefix);
  while (points.length > 0) {
    const last = points.pop()!.codePointAt(0)!;
    if (last < 0x10ffff) {
      // U+D800–U+DFFF are not characters; the code point after U+D7FF is U+E000.
      const next = last === 0xd7ff ? 0xe000 : last + 1;
      return points.join('') + String.fromCodePoint(next);
    }
  }
  return undefined;
}
