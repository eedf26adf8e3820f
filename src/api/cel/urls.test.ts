import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTrue, error, value } from './testing.ts';


test('url and isURL (urls.go examples)', () => {
  allTrue([
    "isURL('https://user:pass@example.com:80/path?query=val#fragment')",
    "isURL('/absolute-path')",
    "!isURL('https://a:b:c/')",
    "!isURL('../relative-path')",
    "isURL('mailto:someone@example.com')",
  ]);
  assert.equal(error("url('https://a:b:c/')"), 'URL parse error during conversion from string: parse "https://a:b:c/": invalid port ":c" after host');
  assert.equal(error("url('../relative-path')"), 'URL parse error during conversion from string: parse "../relative-path": invalid URI for request');
});

test('accessors (urls.go examples)', () => {
  const table: Array<[string, string]> = [
    ["url('/path').getScheme()", ''],
    ["url('https://example.com/').getScheme()", 'https'],
    ["url('https://example.com:80/').getHost()", 'example.com:80'],
    ["url('https://example.com/').getHost()", 'example.com'],
    ["url('https://[::1]:80/').getHost()", '[::1]:80'],
    ["url('https://[::1]/').getHost()", '[::1]'],
    ["url('/path').getHost()", ''],
    ["url('https://example.com:80/').getHostname()", 'example.com'],
    ["url('https://127.0.0.1:80/').getHostname()", '127.0.0.1'],
    ["url('https://[::1]:80/').getHostname()", '::1'],
    ["url('https://example.com:80/').getPort()", '80'],
    ["url('https://example.com/').getPort()", ''],
    ["url('https://example.com/path').getEscapedPath()", '/path'],
    ["url('https://example.com/path with spaces/').getEscapedPath()", '/path%20with%20spaces/'],
    ["url('https://example.com').getEscapedPath()", ''],
  ];
  for (const [expr, want] of table) assert.equal(value(expr), want, expr);
});

test('getQuery returns the values of each key', () => {
  allTrue([
    "url('https://example.com/path?k1=a&k2=b&k2=c').getQuery() == {'k1': ['a'], 'k2': ['b', 'c']}",
    "url('https://example.com/path?key with spaces=value with spaces').getQuery() == {'key with spaces': ['value with spaces']}",
    "url('https://example.com/path?').getQuery().size() == 0",
    "url('https://example.com/path').getQuery().size() == 0",
    "url('https://example.com/a#frag') == url('https://example.com/a#frag')",
  ]);
});
