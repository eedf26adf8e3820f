/**
 * URL parsing as Go's net/url does it (Parse, ParseRequestURI, EscapedPath, Hostname, Port,
 * Query), for the Kubernetes CEL URL library: the WHATWG parser of `new URL` accepts and
 * normalises differently (it accepts "https://a:b:c/" as no error Go would not, lower-cases
 * hosts, resolves dot segments), and the library's answers are Go's.
 */

export interface GoURL {
  readonly scheme: string;
  readonly opaque: string;
  readonly user?: string;
  /** host or host:port, IPv6 in brackets. */
  readonly host: string;
  /** The decoded path. */
  readonly path: string;
  /** The path as written, when its encoding differs from the default one. */
  readonly rawPath: string;
  readonly rawQuery: string;
  readonly fragment: string;
}

/** url.Error: `parse "<url>": <reason>`. */
export class GoURLError extends Error {
  override name = 'GoURLError';
  constructor(url: string, reason: string) {
    super(`parse ${JSON.stringify(url)}: ${reason}`);
  }
}

type Mode = 'path' | 'host' | 'query' | 'fragment' | 'pathSegment';

const isHex = (c: string): boolean => /^[0-9a-fA-F]$/.test(c);

/** url.shouldEscape: whether byte `c` must be %-escaped in `mode`. */
function shouldEscape(c: number, mode: Mode): boolean {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z0-9]/.test(ch)) return false;
  if (mode === 'host') {
    // host names may hold sub-delims, and brackets and colon for IPv6 literals and ports
    if ("!$&'()*+,;=:[]<>\"".includes(ch)) return false;
  }
  if ('-_.~'.includes(ch)) return false;
  if ('$&+,/:;=?@'.includes(ch)) {
    if (mode === 'path') return ch === '?';
    if (mode === 'pathSegment') return ch === '/' || ch === ';' || ch === ',' || ch === '?';
    if (mode === 'query') return true;
    if (mode === 'fragment') return false;
  }
  if (mode === 'fragment' && "!()*".includes(ch)) return false;
  return true;
}

/** url.unescape. */
function unescape(s: string, mode: Mode): string {
  const bytes: number[] = [];
  const raw = Buffer.from(s, 'utf8');
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === 0x25 /* % */) {
      const h = String.fromCharCode(raw[i + 1] ?? 0, raw[i + 2] ?? 0);
      if (i + 2 >= raw.length || !isHex(h[0]) || !isHex(h[1])) {
        const rest = Buffer.from(raw.subarray(i, i + 3)).toString('utf8');
        throw new Error(`invalid URL escape ${JSON.stringify(rest)}`);
      }
      bytes.push(parseInt(h, 16));
      i += 2;
    } else if (c === 0x2b /* + */ && mode === 'query') {
      bytes.push(0x20);
    } else {
      if (mode === 'host' && c < 0x80 && shouldEscape(c, mode)) {
        throw new Error(`invalid character ${JSON.stringify(String.fromCharCode(c))} in host name`);
      }
      bytes.push(c);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

/** url.escape. */
function escape(s: string, mode: Mode): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) {
    if (shouldEscape(b, mode)) out += `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
    else out += String.fromCharCode(b);
  }
  return out;
}

const validOptionalPort = (port: string): boolean => port === '' || (port[0] === ':' && /^[0-9]*$/.test(port.slice(1)));

function getScheme(raw: string): [string, string] {
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (/[A-Za-z]/.test(c)) continue;
    if (/[0-9+\-.]/.test(c)) {
      if (i === 0) return ['', raw];
      continue;
    }
    if (c === ':') {
      if (i === 0) throw new Error('missing protocol scheme');
      return [raw.slice(0, i), raw.slice(i + 1)];
    }
    return ['', raw];
  }
  return ['', raw];
}

function parseHost(host: string): string {
  if (host.startsWith('[')) {
    const i = host.lastIndexOf(']');
    if (i < 0) throw new Error("missing ']' in host");
    const colonPort = host.slice(i + 1);
    if (!validOptionalPort(colonPort)) throw new Error(`invalid port ${JSON.stringify(colonPort)} after host`);
  } else {
    const i = host.lastIndexOf(':');
    if (i >= 0 && !validOptionalPort(host.slice(i))) throw new Error(`invalid port ${JSON.stringify(host.slice(i))} after host`);
  }
  return unescape(host, 'host');
}

function parseAuthority(authority: string): { user?: string; host: string } {
  const at = authority.lastIndexOf('@');
  const host = parseHost(at < 0 ? authority : authority.slice(at + 1));
  if (at < 0) return { host };
  const user = authority.slice(0, at);
  if (!/^[A-Za-z0-9\-._:~!$&'()*+,;=%@]*$/.test(user)) throw new Error('net/url: invalid userinfo');
  return { user, host };
}

function parse(raw: string, viaRequest: boolean): GoURL {
  // Go refuses ASCII control bytes anywhere
  if (/[\x00-\x1f\x7f]/.test(raw)) throw new Error('net/url: invalid control character in URL');
  if (raw === '' && viaRequest) throw new Error('empty url');
  const empty = { scheme: '', opaque: '', host: '', path: '', rawPath: '', rawQuery: '', fragment: '' };
  if (raw === '*') return { ...empty, path: '*' };
  const [scheme, afterScheme] = getScheme(raw);
  let rest = afterScheme;
  let rawQuery = '';
  if (rest.endsWith('?') && rest.split('?').length === 2) {
    rest = rest.slice(0, -1);
  } else {
    const q = rest.indexOf('?');
    if (q >= 0) { rawQuery = rest.slice(q + 1); rest = rest.slice(0, q); }
  }
  const lower = scheme.toLowerCase();
  if (!rest.startsWith('/')) {
    if (lower !== '') return { ...empty, scheme: lower, opaque: rest, rawQuery };
    if (viaRequest) throw new Error('invalid URI for request');
    if (rest.split('/')[0].includes(':')) throw new Error('first path segment in URL cannot contain colon');
  }
  let user: string | undefined;
  let host = '';
  if ((lower !== '' || (!viaRequest && !rest.startsWith('///'))) && rest.startsWith('//')) {
    let authority = rest.slice(2);
    rest = '';
    const slash = authority.indexOf('/');
    if (slash >= 0) { rest = authority.slice(slash); authority = authority.slice(0, slash); }
    ({ user, host } = parseAuthority(authority));
  }
  const path = unescape(rest, 'path');
  const rawPath = escape(path, 'path') === rest ? '' : rest;
  return { ...empty, scheme: lower, ...(user !== undefined ? { user } : {}), host, path, rawPath, rawQuery };
}

/** url.ParseRequestURI: an absolute URI or an absolute path; a fragment stays in the path or query. */
export function parseRequestURI(raw: string): GoURL {
  try {
    return parse(raw, true);
  } catch (e) {
    throw new GoURLError(raw, (e as Error).message);
  }
}

/** url.Parse: any URL reference, the fragment split off. */
export function parseURL(raw: string): GoURL {
  const hash = raw.indexOf('#');
  const u = hash < 0 ? raw : raw.slice(0, hash);
  let url: GoURL;
  try {
    url = parse(u, false);
  } catch (e) {
    throw new GoURLError(u, (e as Error).message);
  }
  if (hash < 0) return url;
  try {
    return { ...url, fragment: unescape(raw.slice(hash + 1), 'fragment') };
  } catch (e) {
    throw new GoURLError(raw, (e as Error).message);
  }
}

/** url.validEncoded: RFC 3986 pchar characters, or what escape would leave alone. */
function validEncoded(s: string, mode: Mode): boolean {
  for (const b of Buffer.from(s, 'utf8')) {
    if ("!$&'()*+,;=:@[]%".includes(String.fromCharCode(b))) continue;
    if (shouldEscape(b, mode)) return false;
  }
  return true;
}

/** URL.EscapedPath. */
export function escapedPath(u: GoURL): string {
  if (u.rawPath !== '' && validEncoded(u.rawPath, 'path')) {
    try {
      if (unescape(u.rawPath, 'path') === u.path) return u.rawPath;
    } catch { /* not a valid encoding: escape the path */ }
  }
  if (u.path === '*') return '*';
  return escape(u.path, 'path');
}

function splitHostPort(hostPort: string): [string, string] {
  let host = hostPort;
  let port = '';
  const colon = host.lastIndexOf(':');
  if (colon >= 0 && validOptionalPort(host.slice(colon))) { port = host.slice(colon + 1); host = host.slice(0, colon); }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1);
  return [host, port];
}

/** URL.Hostname: the host without port and brackets. */
export const hostname = (u: GoURL): string => splitHostPort(u.host)[0];
/** URL.Port: the port, or "". */
export const port = (u: GoURL): string => splitHostPort(u.host)[1];

/** URL.Query (url.ParseQuery, malformed pairs dropped): values by key, in order. */
export function query(u: GoURL): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const pair of u.rawQuery.split('&')) {
    if (pair === '' || pair.includes(';')) continue;
    const eq = pair.indexOf('=');
    let key: string;
    let value: string;
    try {
      key = unescape(eq < 0 ? pair : pair.slice(0, eq), 'query');
      value = unescape(eq < 0 ? '' : pair.slice(eq + 1), 'query');
    } catch {
      continue;
    }
    out.set(key, [...(out.get(key) ?? []), value]);
  }
  return out;
}
