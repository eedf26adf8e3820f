/**
 * Go's base64.StdEncoding decoding rules, which decide whether a Secret's `data` value (a []byte
 * in Go, a base64 string in JSON) can be decoded: padding required, '\r' and '\n' ignored,
 * nothing after the padding. The error position matches Go's CorruptInputError, so the message
 * reads as kube-apiserver's "illegal base64 data at input byte N".
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(256).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

const isNewline = (b: number | undefined): boolean => b === 0x0a || b === 0x0d;

/** The byte offset Go reports for an undecodable string, or undefined when it decodes. */
export function base64ErrorOffset(value: string): number | undefined {
  const src = Buffer.from(value, 'utf8');
  let si = 0;
  while (si < src.length) {
    // One quantum of four symbols, as encoding/base64 decodeQuantum.
    for (let j = 0; j < 4; j++) {
      if (si === src.length) {
        if (j === 0) return undefined;
        return si - j;
      }
      const c = src[si++];
      if (DECODE[c] >= 0) continue;
      if (isNewline(c)) { j--; continue; }
      if (c !== 0x3d) return si - 1;
      // padding
      if (j === 0 || j === 1) return si - 1;
      if (j === 2) {
        while (si < src.length && isNewline(src[si])) si++;
        if (si === src.length) return src.length;
        if (src[si] !== 0x3d) return si - 1;
        si++;
      }
      while (si < src.length && isNewline(src[si])) si++;
      return si < src.length ? si : undefined;
    }
  }
  return undefined;
}

/** Go's message for an undecodable value, or undefined when it decodes. */
export function base64Error(value: string): string | undefined {
  const at = base64ErrorOffset(value);
  return at === undefined ? undefined : `illegal base64 data at input byte ${at}`;
}

/** The decoded length of a value that decodes (what kube counts against the 1 MiB limit). */
export function base64DecodedLength(value: string): number {
  return Buffer.from(value.replace(/[\r\n]/g, ''), 'base64').length;
}
