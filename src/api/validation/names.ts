/**
 * String-format rules with Kubernetes' exact messages, after
 * k8s.io/apimachinery/pkg/util/validation (validation.go) and pkg/api/validation/path (names.go).
 * Predicates return the list of failure messages ([] when valid), as kube's IsX functions do;
 * the validateX wrappers turn them into FieldErrors on a path.
 */
import { isIP } from 'node:net';
import { type FieldError, invalidValue } from '../field-error.ts';

export const emptyError = (): string => 'must be non-empty';
export const maxLenError = (length: number): string => `must be no more than ${length} characters`;
export const inclusiveRangeError = (lo: number, hi: number): string => `must be between ${lo} and ${hi}, inclusive`;

/** kube's RegexError, including its doubled space before " or " (kubectl users see exactly this). */
export function regexError(msg: string, fmt: string, ...examples: string[]): string {
  if (examples.length === 0) return `${msg} (regex used for validation is '${fmt}')`;
  let s = `${msg} (e.g. `;
  examples.forEach((e, i) => { if (i > 0) s += ' or '; s += `'${e}', `; });
  return `${s}regex used for validation is '${fmt}')`;
}

const full = (fmt: string): RegExp => new RegExp(`^(?:${fmt})$`);

const qualifiedNameCharFmt = '[A-Za-z0-9]';
const qualifiedNameExtCharFmt = '[-A-Za-z0-9_.]';
export const qualifiedNameFmt = `(${qualifiedNameCharFmt}${qualifiedNameExtCharFmt}*)?${qualifiedNameCharFmt}`;
const qualifiedNameErrMsg = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const qualifiedNameMaxLength = 63;
const qualifiedNameRe = full(qualifiedNameFmt);

/** A label key / annotation key / finalizer: `[prefix/]name`, prefix a DNS subdomain (IsQualifiedName). */
export function isQualifiedName(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const [prefix, n] = parts;
    name = n;
    if (prefix.length === 0) errs.push(`prefix part ${emptyError()}`);
    else for (const m of isDNS1123Subdomain(prefix)) errs.push(`prefix part ${m}`);
  } else {
    return [`a qualified name ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push(`name part ${emptyError()}`);
  else if (name.length > qualifiedNameMaxLength) errs.push(`name part ${maxLenError(qualifiedNameMaxLength)}`);
  if (!qualifiedNameRe.test(name)) errs.push(`name part ${regexError(qualifiedNameErrMsg, qualifiedNameFmt, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

const labelValueFmt = `(${qualifiedNameFmt})?`;
const labelValueErrMsg = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
export const LABEL_VALUE_MAX_LENGTH = 63;
const labelValueRe = full(labelValueFmt);

/** IsValidLabelValue. */
export function isValidLabelValue(value: string): string[] {
  const errs: string[] = [];
  if (value.length > LABEL_VALUE_MAX_LENGTH) errs.push(maxLenError(LABEL_VALUE_MAX_LENGTH));
  if (!labelValueRe.test(value)) errs.push(regexError(labelValueErrMsg, labelValueFmt, 'MyValue', 'my_value', '12345'));
  return errs;
}

const dns1123LabelFmt = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const dns1123LabelErrMsg = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
export const DNS1123_LABEL_MAX_LENGTH = 63;
const dns1123LabelRe = full(dns1123LabelFmt);

/** IsDNS1123Label. */
export function isDNS1123Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1123_LABEL_MAX_LENGTH));
  if (!dns1123LabelRe.test(value)) errs.push(regexError(dns1123LabelErrMsg, dns1123LabelFmt, 'my-name', '123-abc'));
  return errs;
}

const dns1123SubdomainFmt = `${dns1123LabelFmt}(\\.${dns1123LabelFmt})*`;
const dns1123SubdomainErrMsg = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
export const DNS1123_SUBDOMAIN_MAX_LENGTH = 253;
const dns1123SubdomainRe = full(dns1123SubdomainFmt);

/** IsDNS1123Subdomain. */
export function isDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!dns1123SubdomainRe.test(value)) errs.push(regexError(dns1123SubdomainErrMsg, dns1123SubdomainFmt, 'example.com'));
  return errs;
}

const dns1035LabelFmt = '[a-z]([-a-z0-9]*[a-z0-9])?';
const dns1035LabelErrMsg = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";
export const DNS1035_LABEL_MAX_LENGTH = 63;
const dns1035LabelRe = full(dns1035LabelFmt);

/** IsDNS1035Label. */
export function isDNS1035Label(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1035_LABEL_MAX_LENGTH) errs.push(maxLenError(DNS1035_LABEL_MAX_LENGTH));
  if (!dns1035LabelRe.test(value)) errs.push(regexError(dns1035LabelErrMsg, dns1035LabelFmt, 'my-name', 'abc-123'));
  return errs;
}

const wildcardDNS1123SubdomainFmt = `\\*\\.${dns1123SubdomainFmt}`;
const wildcardDNS1123SubdomainErrMsg = "a wildcard DNS-1123 subdomain must start with '*.', followed by a valid DNS subdomain, which must consist of lower case alphanumeric characters, '-' or '.' and end with an alphanumeric character";
const wildcardDNS1123SubdomainRe = full(wildcardDNS1123SubdomainFmt);

/** IsWildcardDNS1123Subdomain (Ingress hosts such as `*.example.com`). */
export function isWildcardDNS1123Subdomain(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!wildcardDNS1123SubdomainRe.test(value)) errs.push(regexError(wildcardDNS1123SubdomainErrMsg, wildcardDNS1123SubdomainFmt, '*.example.com'));
  return errs;
}

const configMapKeyFmt = '[-._a-zA-Z0-9]+';
const configMapKeyErrMsg = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
const configMapKeyRe = full(configMapKeyFmt);

/** IsConfigMapKey: keys of ConfigMap and Secret data (they become file names in volumes). */
export function isConfigMapKey(value: string): string[] {
  const errs: string[] = [];
  if (value.length > DNS1123_SUBDOMAIN_MAX_LENGTH) errs.push(maxLenError(DNS1123_SUBDOMAIN_MAX_LENGTH));
  if (!configMapKeyRe.test(value)) errs.push(regexError(configMapKeyErrMsg, configMapKeyFmt, 'key.name', 'KEY_NAME', 'key-name'));
  errs.push(...hasChDirPrefix(value));
  return errs;
}

function hasChDirPrefix(value: string): string[] {
  if (value === '.') return ["must not be '.'"];
  if (value === '..') return ["must not be '..'"];
  if (value.startsWith('..')) return ["must not start with '..'"];
  return [];
}

/** IsValidPortNum. */
export function isValidPortNum(port: number): string[] {
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? [] : [inclusiveRangeError(1, 65535)];
}

/** IsValidPortName: an IANA_SVC_NAME. */
export function isValidPortName(port: string): string[] {
  const errs: string[] = [];
  if (port.length > 15) errs.push(maxLenError(15));
  if (!/^[-a-z0-9]+$/.test(port)) errs.push('must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)');
  if (!/[a-z]/.test(port)) errs.push('must contain at least one letter (a-z)');
  if (port.includes('--')) errs.push('must not contain consecutive hyphens');
  if (port.length > 0 && (port.startsWith('-') || port.endsWith('-'))) errs.push('must not begin or end with a hyphen');
  return errs;
}

/** IsValidIP message; kube parses with ParseIPSloppy, node's isIP is the closest pure check. */
export function isValidIP(value: string): string[] {
  return isIP(value) !== 0 ? [] : ['must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)'];
}
export const isIPv4 = (value: string): boolean => isIP(value) === 4;
export const isIPv6 = (value: string): boolean => isIP(value) === 6;

/** IsValidCIDR. */
export function isValidCIDR(value: string): string[] {
  const slash = value.indexOf('/');
  const ok = slash > 0 && (() => {
    const ip = value.slice(0, slash);
    const bits = value.slice(slash + 1);
    const family = isIP(ip);
    if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
    return Number(bits) <= (family === 4 ? 32 : 128);
  })();
  return ok ? [] : ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'];
}

const percentFmt = '[0-9]+%';
/** IsValidPercent: "25%". */
export function isValidPercent(value: string): string[] {
  return full(percentFmt).test(value) ? [] : [regexError("a valid percent string must be a numeric string followed by an ending '%'", percentFmt, '1%', '93%')];
}

const httpHeaderNameFmt = '[-A-Za-z0-9]+';
/** IsHTTPHeaderName. */
export function isHTTPHeaderName(value: string): string[] {
  return full(httpHeaderNameFmt).test(value) ? [] : [regexError("a valid HTTP header must consist of alphanumeric characters or '-'", httpHeaderNameFmt, 'X-Header-Name')];
}

/** IsRelaxedEnvVarName (RelaxedEnvironmentVariableValidation is beta and on in 1.32). */
export function isRelaxedEnvVarName(value: string): string[] {
  const errs: string[] = [];
  if (value.length === 0) errs.push(`environment variable name ${emptyError()}`);
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (c > 0x7e || c < 0x20 || ch === '=') { errs.push("a valid environment variable name must consist only of printable ASCII characters other than '='"); break; }
  }
  return errs;
}

/** IsValidPathSegmentName (pkg/api/validation/path): names that appear as one URL path segment. */
export function isValidPathSegmentName(name: string): string[] {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  return isValidPathSegmentPrefix(name);
}
function isValidPathSegmentPrefix(name: string): string[] {
  return ['/', '%'].filter((c) => name.includes(c)).map((c) => `may not contain '${c}'`);
}

/**
 * A per-kind metadata.name rule (kube's ValidateNameFunc). With `prefix`, the value is a
 * generateName prefix, which may end in '-'.
 */
export type NameValidator = (name: string, options?: { prefix?: boolean }) => string[];

/** kube's maskTrailingDash, quirk included: it replaces the last two characters with "a". */
function maskTrailingDash(name: string): string {
  return name.length > 1 && name.endsWith('-') ? `${name.slice(0, -2)}a` : name;
}

/** NameIsDNSSubdomain: most kinds. */
export const nameIsDNSSubdomain: NameValidator = (name, o) => isDNS1123Subdomain(o?.prefix ? maskTrailingDash(name) : name);
/** NameIsDNSLabel: Namespace. */
export const nameIsDNSLabel: NameValidator = (name, o) => isDNS1123Label(o?.prefix ? maskTrailingDash(name) : name);
/** NameIsDNS1035Label: Service. */
export const nameIsDNS1035Label: NameValidator = (name, o) => isDNS1035Label(o?.prefix ? maskTrailingDash(name) : name);
/** ValidatePathSegmentName: RBAC kinds and the generic store's check. */
export const validatePathSegmentName: NameValidator = (name, o) => (o?.prefix ? isValidPathSegmentPrefix(name) : isValidPathSegmentName(name));

/** Each message of `msgs` as an Invalid error on `path` with `value`. */
export function invalidEach(path: string, value: unknown, msgs: readonly string[]): FieldError[] {
  return msgs.map((m) => invalidValue(path, value, m));
}

export const validateDNS1123Label = (value: string, path: string): FieldError[] => invalidEach(path, value, isDNS1123Label(value));
export const validateDNS1123Subdomain = (value: string, path: string): FieldError[] => invalidEach(path, value, isDNS1123Subdomain(value));
export const validateQualifiedName = (value: string, path: string): FieldError[] => invalidEach(path, value, isQualifiedName(value));
