/**
 * IP addresses and prefixes as Go's net/netip parses and prints them (ParseAddr, ParsePrefix,
 * Addr.String, Prefix.Masked and the Is* predicates), for the Kubernetes CEL IP and CIDR
 * libraries: IPv4 in dotted decimal with no leading zeros, IPv6 with an optional embedded IPv4
 * tail and zone, printed lower-case with the longest run of zero groups shortened (RFC 5952).
 */

export interface Addr {
  readonly family: 4 | 6;
  /** 4 or 16 bytes, network order. */
  readonly bytes: Uint8Array;
  readonly zone: string;
}

export interface Prefix {
  readonly addr: Addr;
  readonly bits: number;
}

/** netip's parse error: `ParseAddr("x"): msg` (with ` (at "rest")` when it points somewhere). */
export class AddrParseError extends Error {
  override name = 'AddrParseError';
  constructor(input: string, reason: string, at?: string) {
    super(`ParseAddr(${JSON.stringify(input)}): ${reason}${at !== undefined ? ` (at ${JSON.stringify(at)})` : ''}`);
  }
}

/** netip.ParsePrefix's error: `netip.ParsePrefix("x"): msg`. */
export class PrefixParseError extends Error {
  override name = 'PrefixParseError';
  constructor(input: string, reason: string) {
    super(`netip.ParsePrefix(${JSON.stringify(input)}): ${reason}`);
  }
}

function parseIPv4(s: string, input = s): Uint8Array {
  const fields = new Uint8Array(4);
  let val = 0;
  let pos = 0;
  let digits = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c >= '0' && c <= '9') {
      if (digits === 1 && val === 0) throw new AddrParseError(input, 'IPv4 field has octet with leading zero');
      val = val * 10 + Number(c);
      digits++;
      if (val > 255) throw new AddrParseError(input, 'IPv4 field has value >255');
    } else if (c === '.') {
      if (i === 0 || i === s.length - 1 || s[i - 1] === '.') throw new AddrParseError(input, 'IPv4 field must have at least one digit', s.slice(i));
      if (pos === 3) throw new AddrParseError(input, 'IPv4 address too long');
      fields[pos++] = val;
      val = 0;
      digits = 0;
    } else {
      throw new AddrParseError(input, 'unexpected character', s.slice(i));
    }
  }
  if (pos < 3) throw new AddrParseError(input, 'IPv4 address too short');
  fields[3] = val;
  return fields;
}

function parseIPv6(input: string): Addr {
  let s = input;
  let zone = '';
  const pct = s.indexOf('%');
  if (pct >= 0) {
    zone = s.slice(pct + 1);
    s = s.slice(0, pct);
    if (zone === '') throw new AddrParseError(input, 'zone must be a non-empty string');
  }
  const bytes = new Uint8Array(16);
  let ellipsis = -1;
  let i = 0;
  if (s.startsWith('::')) { ellipsis = 0; s = s.slice(2); if (s === '') return { family: 6, bytes, zone }; }
  while (i < 16) {
    let off = 0;
    let acc = 0;
    while (off < s.length) {
      const c = s[off];
      const d = /[0-9a-fA-F]/.test(c) ? parseInt(c, 16) : -1;
      if (d < 0) break;
      acc = acc * 16 + d;
      off++;
      if (off > 4) throw new AddrParseError(input, 'each colon-separated field must have at most 4 hex digits', s);
    }
    if (off === 0) throw new AddrParseError(input, 'each colon-separated field must have at least one digit', s);
    if (off < s.length && s[off] === '.') {
      if (ellipsis < 0 && i !== 12) throw new AddrParseError(input, 'embedded IPv4 address must replace the final 2 fields of the address', s);
      if (i + 4 > 16) throw new AddrParseError(input, 'too many hex fields to fit an embedded IPv4 at the end of the address', s);
      bytes.set(parseIPv4(s, input), i);
      s = '';
      i += 4;
      break;
    }
    bytes[i] = acc >> 8;
    bytes[i + 1] = acc & 0xff;
    i += 2;
    s = s.slice(off);
    if (s === '') break;
    if (s[0] !== ':') throw new AddrParseError(input, 'unexpected character, want colon', s);
    if (s.length === 1) throw new AddrParseError(input, 'colon must be followed by more characters', s);
    s = s.slice(1);
    if (s[0] === ':') {
      if (ellipsis >= 0) throw new AddrParseError(input, 'multiple :: in address', s);
      ellipsis = i;
      s = s.slice(1);
      if (s === '') break;
    }
  }
  if (s !== '') throw new AddrParseError(input, 'trailing garbage after address', s);
  if (i < 16) {
    if (ellipsis < 0) throw new AddrParseError(input, 'address string too short');
    const n = 16 - i;
    for (let j = i - 1; j >= ellipsis; j--) bytes[j + n] = bytes[j];
    bytes.fill(0, ellipsis, ellipsis + n);
  } else if (ellipsis >= 0) {
    throw new AddrParseError(input, 'the :: must expand to at least one field of zeros');
  }
  return { family: 6, bytes, zone };
}

/** netip.ParseAddr. */
export function parseAddr(s: string): Addr {
  for (const c of s) {
    if (c === '.') return { family: 4, bytes: parseIPv4(s), zone: '' };
    if (c === ':') return parseIPv6(s);
    if (c === '%') throw new AddrParseError(s, 'missing IPv6 address');
  }
  throw new AddrParseError(s, 'unable to parse IP');
}

/** netip.ParsePrefix. */
export function parsePrefix(s: string): Prefix {
  const slash = s.lastIndexOf('/');
  if (slash < 0) throw new PrefixParseError(s, 'no \'/\'');
  let addr: Addr;
  try {
    addr = parseAddr(s.slice(0, slash));
  } catch (e) {
    throw new PrefixParseError(s, (e as Error).message);
  }
  if (addr.zone !== '') throw new PrefixParseError(s, 'IPv6 zones cannot be present in a prefix');
  const bitsText = s.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bitsText)) throw new PrefixParseError(s, `bad bits after slash: ${JSON.stringify(bitsText)}`);
  const bits = Number(bitsText);
  if (bits > (addr.family === 4 ? 32 : 128)) throw new PrefixParseError(s, 'prefix length out of range');
  return { addr, bits };
}

/** Addr.Is4In6: an IPv4-mapped IPv6 address (::ffff:a.b.c.d). */
export const is4In6 = (a: Addr): boolean =>
  a.family === 6 && a.bytes.subarray(0, 10).every((b) => b === 0) && a.bytes[10] === 0xff && a.bytes[11] === 0xff;

/** Addr.String. */
export function formatAddr(a: Addr): string {
  if (a.family === 4) return [...a.bytes].join('.');
  if (is4In6(a)) return `::ffff:${[...a.bytes.subarray(12)].join('.')}${a.zone ? `%${a.zone}` : ''}`;
  const groups = Array.from({ length: 8 }, (_, k) => (a.bytes[2 * k] << 8) | a.bytes[2 * k + 1]);
  let bestStart = -1;
  let bestLen = 0;
  for (let k = 0; k < 8;) {
    if (groups[k] !== 0) { k++; continue; }
    let j = k;
    while (j < 8 && groups[j] === 0) j++;
    if (j - k > bestLen && j - k >= 2) { bestStart = k; bestLen = j - k; }
    k = j;
  }
  const hexes = groups.map((g) => g.toString(16));
  const text = bestStart < 0
    ? hexes.join(':')
    : `${hexes.slice(0, bestStart).join(':')}::${hexes.slice(bestStart + bestLen).join(':')}`;
  return text + (a.zone ? `%${a.zone}` : '');
}

export const formatPrefix = (p: Prefix): string => `${formatAddr(p.addr)}/${p.bits}`;

export const addrEquals = (a: Addr, b: Addr): boolean =>
  a.family === b.family && a.zone === b.zone && a.bytes.every((x, i) => x === b.bytes[i]);

/** Prefix.Masked: the host bits zeroed. */
export function masked(p: Prefix): Prefix {
  const bytes = new Uint8Array(p.addr.bytes);
  for (let bit = p.bits; bit < bytes.length * 8; bit++) bytes[bit >> 3] &= ~(0x80 >> (bit & 7));
  return { addr: { family: p.addr.family, bytes, zone: '' }, bits: p.bits };
}

/** Prefix.Contains: same family, and equal under the prefix's mask (zoned addresses never match). */
export function prefixContains(p: Prefix, a: Addr): boolean {
  if (a.family !== p.addr.family || a.zone !== '') return false;
  return addrEquals(masked({ addr: a, bits: p.bits }).addr, masked(p).addr);
}

const v4 = (a: Addr, b0: number, b1?: number): boolean => a.family === 4 && a.bytes[0] === b0 && (b1 === undefined || a.bytes[1] === b1);
const v6Zero = (a: Addr, upTo: number): boolean => a.bytes.subarray(0, upTo).every((b) => b === 0);

export const isUnspecified = (a: Addr): boolean => a.bytes.every((b) => b === 0);
export const isLoopback = (a: Addr): boolean => v4(a, 127) || (a.family === 6 && v6Zero(a, 15) && a.bytes[15] === 1);
export const isMulticast = (a: Addr): boolean => (a.family === 4 ? (a.bytes[0] & 0xf0) === 0xe0 : a.bytes[0] === 0xff);
export const isLinkLocalMulticast = (a: Addr): boolean =>
  (a.family === 4 ? a.bytes[0] === 224 && a.bytes[1] === 0 && a.bytes[2] === 0 : a.bytes[0] === 0xff && (a.bytes[1] & 0x0f) === 0x02);
export const isLinkLocalUnicast = (a: Addr): boolean =>
  (a.family === 4 ? v4(a, 169, 254) : a.bytes[0] === 0xfe && (a.bytes[1] & 0xc0) === 0x80);
export function isGlobalUnicast(a: Addr): boolean {
  if (a.family === 4 && (isUnspecified(a) || a.bytes.every((b) => b === 255))) return false;
  return !isUnspecified(a) && !isLoopback(a) && !isMulticast(a) && !isLinkLocalUnicast(a);
}
