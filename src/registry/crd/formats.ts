/**
 * The string formats a CRD schema may validate, after apiextensions-apiserver
 * pkg/apiserver/validation/formats.go (supportedFormats; any other format is stripped and never
 * checked, StripUnsupportedFormatsPostProcess) and the checks of kube-openapi's strfmt registry.
 * As in kube-openapi's formatValidator, formats apply to string values only.
 *
 * Simplifications, stated: `email` is checked as `local@domain` without RFC 5322 parsing,
 * `hostname` as RFC 1123 labels, `uri` with WHATWG URL parsing (or an absolute path), as Go's
 * url.ParseRequestURI accepts both.
 */
import { isIP } from 'node:net';
import { base64ErrorOffset } from '../../api/validation/base64.ts';
import { isValidCIDR } from '../../api/validation/names.ts';

type Check = (s: string) => boolean;

const re = (pattern: RegExp): Check => (s) => pattern.test(s);

/** strfmt IsDate: a real calendar date, "2006-01-02". */
function isDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const at = new Date(Date.UTC(y, mo - 1, d));
  return at.getUTCFullYear() === y && at.getUTCMonth() === mo - 1 && at.getUTCDate() === d;
}

/** strfmt IsDateTime: a date, "T" (any case), hh:mm:ss, an optional fraction, then Z or ±hh:mm. */
function isDateTime(s: string): boolean {
  const lower = s.toLowerCase();
  const t = lower.indexOf('t');
  if (t < 0 || !isDate(lower.slice(0, t))) return false;
  const m = /^(\d{2}):(\d{2}):(\d{2})(\.\d+)?(z|[+-]\d{2}:\d{2})$/.exec(lower.slice(t + 1));
  return !!m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3]) < 60;
}

/** Go time.ParseDuration, or strfmt's "<n> <unit>" form ("3 days", "2w"). */
const GO_DURATION = /^[-+]?(0|((\d+(\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h))+)$/;
const STRFMT_DURATION = /^(\d+)\s*(ns|us|µs|ms|s|sec|secs|seconds?|m|min|mins|minutes?|h|hr|hrs|hours?|d|days?|w|wk|weeks?)$/;

function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  return s.split('.').every((label) => /^[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?$/.test(label));
}

function isUri(s: string): boolean {
  if (s.startsWith('/')) return !/\s/.test(s);
  try { return new URL(s).protocol !== ''; } catch { return false; }
}

function isbn10(s: string): boolean {
  const d = s.replace(/[- ]/g, '');
  if (!/^\d{9}[\dX]$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += (10 - i) * (d[i] === 'X' ? 10 : Number(d[i]));
  return sum % 11 === 0;
}

function isbn13(s: string): boolean {
  const d = s.replace(/[- ]/g, '');
  if (!/^\d{13}$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(d[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

/** govalidator IsCreditCard: digits (separators dropped) of a known issuer, with a Luhn checksum. */
function isCreditCard(s: string): boolean {
  const d = s.replace(/[^0-9]/g, '');
  if (!/^(?:4\d{12}(?:\d{3})?|5[1-5]\d{14}|(222[1-9]|22[3-9]\d|2[3-6]\d{2}|27[01]\d|2720)\d{12}|6(?:011|5\d\d)\d{12}|3[47]\d{13}|3(?:0[0-5]|[68]\d)\d{11}|(?:2131|1800|35\d{3})\d{11}|6[27]\d{14})$/.test(d)) return false;
  let sum = 0;
  for (let i = 0; i < d.length; i++) {
    let n = Number(d[d.length - 1 - i]);
    if (i % 2 === 1) { n *= 2; if (n > 9) n -= 9; }
    sum += n;
  }
  return sum % 10 === 0;
}

const BYTE_RANGE = '(0|[1-9]\\d?|1\\d\\d|2[0-4]\\d|25[0-5])';

const CHECKS: Readonly<Record<string, Check>> = {
  bsonobjectid: re(/^[0-9a-fA-F]{24}$/),
  uri: isUri,
  email: re(/^[^@\s]+@[^@\s]+$/),
  hostname: isHostname,
  ipv4: (s) => isIP(s) === 4,
  ipv6: (s) => isIP(s) === 6,
  cidr: (s) => isValidCIDR(s).length === 0,
  mac: re(/^([0-9a-fA-F]{2}([:-])[0-9a-fA-F]{2}(\2[0-9a-fA-F]{2}){4}|[0-9a-fA-F]{4}\.[0-9a-fA-F]{4}\.[0-9a-fA-F]{4})$/),
  uuid: re(/^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i),
  uuid3: re(/^[0-9a-f]{8}-[0-9a-f]{4}-3[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/i),
  uuid4: re(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i),
  uuid5: re(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i),
  isbn: (s) => isbn10(s) || isbn13(s),
  isbn10,
  isbn13,
  creditcard: isCreditCard,
  ssn: re(/^\d{3}[- ]?\d{2}[- ]?\d{4}$/),
  hexcolor: re(/^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/),
  rgbcolor: re(new RegExp(`^rgb\\(\\s*${BYTE_RANGE}\\s*,\\s*${BYTE_RANGE}\\s*,\\s*${BYTE_RANGE}\\s*\\)$`)),
  byte: (s) => base64ErrorOffset(s) === undefined,
  password: () => true,
  date: isDate,
  duration: (s) => GO_DURATION.test(s) || STRFMT_DURATION.test(s),
  datetime: isDateTime,
  'date-time': isDateTime,
};

/**
 * Whether `value` is valid for `format`; true for formats kube does not support (they are
 * stripped from CRD schemas before validation).
 */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[format];
  return check ? check(value) : true;
}
