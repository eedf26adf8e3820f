import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isConfigMapKey, isDNS1035Label, isDNS1123Label, isDNS1123Subdomain, isQualifiedName, isRelaxedEnvVarName, isValidCIDR,
  isValidLabelValue, isValidPathSegmentName, isValidPercent, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain,
  nameIsDNSLabel, nameIsDNSSubdomain, regexError,
} from './names.ts';

test('DNS-1123 subdomain messages are kube-apiserver\'s, word for word', () => {
  assert.deepEqual(isDNS1123Subdomain('example.com'), []);
  assert.deepEqual(isDNS1123Subdomain('Nginx_1'), [
    "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')",
  ]);
  assert.equal(isDNS1123Subdomain('a'.repeat(254))[0], 'must be no more than 253 characters');
});

test('regexError keeps kube\'s doubled space before " or "', () => {
  assert.equal(regexError('m', 'f', 'a', 'b'), "m (e.g. 'a',  or 'b', regex used for validation is 'f')");
  assert.equal(regexError('m', 'f'), "m (regex used for validation is 'f')");
});

test('DNS-1123 and DNS-1035 labels', () => {
  assert.deepEqual(isDNS1123Label('123-abc'), []);
  assert.match(isDNS1123Label('a.b')[0], /^a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character \(e\.g\. 'my-name',  or '123-abc', regex used/);
  assert.deepEqual(isDNS1035Label('my-svc'), []);
  assert.match(isDNS1035Label('1svc')[0], /^a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character \(e\.g\. 'my-name',  or 'abc-123'/);
  assert.equal(isDNS1123Label('a'.repeat(64))[0], 'must be no more than 63 characters');
});

test('qualified names: prefix and name parts are checked separately', () => {
  assert.deepEqual(isQualifiedName('app.kubernetes.io/name'), []);
  assert.deepEqual(isQualifiedName('/x'), ['prefix part must be non-empty']);
  assert.match(isQualifiedName('Example.com/x')[0], /^prefix part a lowercase RFC 1123 subdomain/);
  assert.deepEqual(isQualifiedName('x/'), [
    'name part must be non-empty',
    "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')",
  ]);
  assert.match(isQualifiedName('a/b/c')[0], /^a qualified name must consist of .* with an optional DNS subdomain prefix and '\/' \(e\.g\. 'example\.com\/MyName'\)$/);
  assert.equal(isQualifiedName('a'.repeat(64))[0], 'name part must be no more than 63 characters');
});

test('label values may be empty but not malformed', () => {
  assert.deepEqual(isValidLabelValue(''), []);
  assert.deepEqual(isValidLabelValue('v1.2_x'), []);
  assert.match(isValidLabelValue('-bad')[0], /^a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '\.', and must start and end with an alphanumeric character \(e\.g\. 'MyValue',  or 'my_value',  or '12345'/);
});

test('config keys, port names, port numbers, percents, CIDRs', () => {
  assert.deepEqual(isConfigMapKey('app.properties'), []);
  assert.deepEqual(isConfigMapKey('a b'), ["a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')"]);
  assert.deepEqual(isConfigMapKey('..x'), ["must not start with '..'"]);
  assert.deepEqual(isConfigMapKey('.'), ["must not be '.'"]);
  assert.deepEqual(isValidPortName('http'), []);
  assert.deepEqual(isValidPortName('80'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
  assert.deepEqual(isValidPortName('-ab'), ['must not begin or end with a hyphen']);
  assert.deepEqual(isValidPortName('HTTP'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)', 'must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortNum(0), ['must be between 1 and 65535, inclusive']);
  assert.deepEqual(isValidPortNum(65535), []);
  assert.deepEqual(isValidPercent('25%'), []);
  assert.equal(isValidPercent('25').length, 1);
  assert.deepEqual(isValidCIDR('10.0.0.0/8'), []);
  assert.deepEqual(isValidCIDR('10.0.0.0/33'), ['must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)']);
  assert.deepEqual(isWildcardDNS1123Subdomain('*.example.com'), []);
  assert.equal(isWildcardDNS1123Subdomain('a.*.com').length, 1);
});

test('relaxed environment variable names allow printable ASCII except "="', () => {
  assert.deepEqual(isRelaxedEnvVarName('1.my-VAR'), []);
  assert.deepEqual(isRelaxedEnvVarName('A=B'), ["a valid environment variable name must consist only of printable ASCII characters other than '='"]);
  assert.deepEqual(isRelaxedEnvVarName(''), ['environment variable name must be non-empty']);
});

test('path-segment names (RBAC) forbid "/" and "%" and the dot names', () => {
  assert.deepEqual(isValidPathSegmentName('system:node'), []);
  assert.deepEqual(isValidPathSegmentName('..'), ["may not be '..'"]);
  assert.deepEqual(isValidPathSegmentName('a/b%'), ["may not contain '/'", "may not contain '%'"]);
});

test('generateName prefixes may end in "-" (maskTrailingDash)', () => {
  assert.deepEqual(nameIsDNSSubdomain('web-', { prefix: true }), []);
  assert.equal(nameIsDNSSubdomain('web-').length, 1);
  assert.deepEqual(nameIsDNSLabel('ns-', { prefix: true }), []);
});
