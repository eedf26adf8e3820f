import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTrue, error } from './testing.ts';


test('cidr and isCIDR (cidr.go examples)', () => {
  allTrue(["isCIDR('192.168.0.0/16')", "isCIDR('::1/128')", "!isCIDR('192.168.0.0/33')", "!isCIDR('::1/129')", "isCIDR('192.168.0.1/16')"]);
  assert.equal(error("cidr('192.168.0.0/33')"),
    'network address parse error during conversion from string: network address parse error during conversion from string: netip.ParsePrefix("192.168.0.0/33"): prefix length out of range');
});

test('containment, ip, masked and prefixLength (cidr.go examples)', () => {
  allTrue([
    "cidr('192.168.0.0/24').containsIP(ip('192.168.0.1'))", "!cidr('192.168.0.0/24').containsIP(ip('192.168.1.1'))",
    "cidr('192.168.0.0/24').containsIP('192.168.0.1')", "!cidr('192.168.0.0/24').containsIP('192.168.1.1')",
    "cidr('192.168.0.0/16').containsCIDR(cidr('192.168.10.0/24'))", "!cidr('192.168.1.0/24').containsCIDR(cidr('192.168.2.0/24'))",
    "cidr('192.168.0.0/16').containsCIDR('192.168.10.0/24')", "!cidr('192.168.1.0/24').containsCIDR('192.168.2.0/24')",
    "cidr('192.168.0.1/24').ip() == ip('192.168.0.1')", "cidr('192.168.0.1/24').ip().family() == 4",
    "cidr('::1/128').ip() == ip('::1')", "cidr('::1/128').ip().family() == 6",
    "cidr('192.168.0.0/24').masked() == cidr('192.168.0.0/24')", "cidr('192.168.0.1/24').masked() == cidr('192.168.0.0/24')",
    "cidr('192.168.0.0/24') == cidr('192.168.0.0/24').masked()", "cidr('192.168.0.1/24') != cidr('192.168.0.1/24').masked()",
    "cidr('192.168.0.0/16').prefixLength() == 16", "cidr('::1/128').prefixLength() == 128",
    "string(cidr('192.168.0.1/24').masked()) == '192.168.0.0/24'",
  ]);
});
