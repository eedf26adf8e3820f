import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTrue, error, value } from './testing.ts';


test('ip and isIP (ip.go examples)', () => {
  allTrue(["isIP('127.0.0.1')", "isIP('::1')", "!isIP('127.0.0.256')", "!isIP(':::1')", "!isIP('::ffff:1.2.3.4')", "!isIP('fe80::1%eth0')", "!isIP('01.2.3.4')"]);
  assert.equal(error("ip('127.0.0.256')"), 'IP Address "127.0.0.256" parse error during conversion from string: ParseAddr("127.0.0.256"): IPv4 field has value >255');
  assert.equal(error("ip('::ffff:1.2.3.4')"), 'IPv4-mapped IPv6 address "::ffff:1.2.3.4" is not allowed');
  assert.equal(error("ip('fe80::1%eth0')"), 'IP address "fe80::1%eth0" with zone value is not allowed');
});

test('ip.isCanonical', () => {
  allTrue(["ip.isCanonical('127.0.0.1')", "ip.isCanonical('2001:db8::abcd')", "!ip.isCanonical('2001:DB8::ABCD')", "!ip.isCanonical('2001:db8::0:0:0:abcd')"]);
  assert.equal(value("string(ip('2001:db8:0:0:0::1'))"), '2001:db8::1');
});

test('family and the address classes (ip.go examples)', () => {
  allTrue([
    "ip('127.0.0.1').family() == 4", "ip('::1').family() == 6",
    "ip('0.0.0.0').isUnspecified()", "!ip('127.0.0.1').isUnspecified()", "ip('::').isUnspecified()", "!ip('::1').isUnspecified()",
    "ip('127.0.0.1').isLoopback()", "!ip('192.168.0.1').isLoopback()", "ip('::1').isLoopback()", "!ip('2001:db8::abcd').isLoopback()",
    "ip('224.0.0.1').isLinkLocalMulticast()", "!ip('224.0.1.1').isLinkLocalMulticast()", "ip('ff02::1').isLinkLocalMulticast()", "!ip('fd00::1').isLinkLocalMulticast()",
    "ip('169.254.169.254').isLinkLocalUnicast()", "!ip('192.168.0.1').isLinkLocalUnicast()", "ip('fe80::1').isLinkLocalUnicast()", "!ip('fd80::1').isLinkLocalUnicast()",
    "ip('192.168.0.1').isGlobalUnicast()", "!ip('255.255.255.255').isGlobalUnicast()", "ip('2001:db8::abcd').isGlobalUnicast()", "!ip('ff00::1').isGlobalUnicast()",
    "ip('10.0.0.1') == ip('10.0.0.1')", "ip('::1') != ip('::2')",
  ]);
});
