import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Quantity, QuantityParseError, type QuantityFormat, parseQuantity } from './quantity.ts';

const MAX_INT64 = 2n ** 63n - 1n;

test('parses to the value and format apimachinery expects (TestQuantityParse table)', () => {
  // [input, expected value as value×10^scale, format]
  const table: Array<[string, bigint, number, QuantityFormat]> = [
    ['0', 0n, 0, 'DecimalSI'], ['0n', 0n, 0, 'DecimalSI'], ['0u', 0n, 0, 'DecimalSI'], ['0m', 0n, 0, 'DecimalSI'],
    ['0Ki', 0n, 0, 'BinarySI'], ['0k', 0n, 0, 'DecimalSI'], ['0Mi', 0n, 0, 'BinarySI'], ['0M', 0n, 0, 'DecimalSI'],
    ['0Gi', 0n, 0, 'BinarySI'], ['0G', 0n, 0, 'DecimalSI'], ['0Ti', 0n, 0, 'BinarySI'], ['0T', 0n, 0, 'DecimalSI'],
    ['1', 1n, 0, 'DecimalSI'],
    ['1Ki', 1024n, 0, 'BinarySI'], ['8Ki', 8n * 1024n, 0, 'BinarySI'], ['7Mi', 7n * 1024n ** 2n, 0, 'BinarySI'],
    ['6Gi', 6n * 1024n ** 3n, 0, 'BinarySI'], ['5Ti', 5n * 1024n ** 4n, 0, 'BinarySI'], ['4Pi', 4n * 1024n ** 5n, 0, 'BinarySI'],
    ['3Ei', 3n * 1024n ** 6n, 0, 'BinarySI'], ['10Ti', 10n * 1024n ** 4n, 0, 'BinarySI'], ['100Ti', 100n * 1024n ** 4n, 0, 'BinarySI'],
    ['5n', 5n, -9, 'DecimalSI'], ['4u', 4n, -6, 'DecimalSI'], ['3m', 3n, -3, 'DecimalSI'], ['9', 9n, 0, 'DecimalSI'],
    ['8k', 8n, 3, 'DecimalSI'], ['50k', 5n, 4, 'DecimalSI'], ['7M', 7n, 6, 'DecimalSI'], ['6G', 6n, 9, 'DecimalSI'],
    ['5T', 5n, 12, 'DecimalSI'], ['40T', 4n, 13, 'DecimalSI'], ['300T', 3n, 14, 'DecimalSI'], ['2P', 2n, 15, 'DecimalSI'],
    ['1E', 1n, 18, 'DecimalSI'],
    ['1E-3', 1n, -3, 'DecimalExponent'], ['1e3', 1n, 3, 'DecimalExponent'], ['1E6', 1n, 6, 'DecimalExponent'],
    ['1e9', 1n, 9, 'DecimalExponent'], ['1E12', 1n, 12, 'DecimalExponent'], ['1e15', 1n, 15, 'DecimalExponent'],
    ['1E18', 1n, 18, 'DecimalExponent'], ['1e14', 1n, 14, 'DecimalExponent'], ['1e13', 1n, 13, 'DecimalExponent'],
    ['100.035k', 100035n, 0, 'DecimalSI'],
    ['0.001', 1n, -3, 'DecimalSI'], ['0.0005k', 5n, -1, 'DecimalSI'], ['0.005', 5n, -3, 'DecimalSI'], ['0.05', 5n, -2, 'DecimalSI'],
    ['0.5', 5n, -1, 'DecimalSI'], ['0.00050k', 5n, -1, 'DecimalSI'], ['0.00500', 5n, -3, 'DecimalSI'], ['0.05000', 5n, -2, 'DecimalSI'],
    ['0.50000', 5n, -1, 'DecimalSI'], ['0.5e0', 5n, -1, 'DecimalExponent'], ['0.5e-1', 5n, -2, 'DecimalExponent'],
    ['0.5e-2', 5n, -3, 'DecimalExponent'], ['10.035M', 10035n, 3, 'DecimalSI'],
    ['1.2e3', 12n, 2, 'DecimalExponent'], ['1.3E+6', 13n, 5, 'DecimalExponent'], ['1.40e9', 14n, 8, 'DecimalExponent'],
    ['1.53E12', 153n, 10, 'DecimalExponent'], ['1.6e15', 16n, 14, 'DecimalExponent'], ['1.7E18', 17n, 17, 'DecimalExponent'],
    ['9.01', 901n, -2, 'DecimalSI'], ['8.1k', 81n, 2, 'DecimalSI'], ['7.123456M', 7123456n, 0, 'DecimalSI'],
    ['6.987654321G', 6987654321n, 0, 'DecimalSI'], ['5.444T', 5444n, 9, 'DecimalSI'], ['40.1T', 401n, 11, 'DecimalSI'],
    ['300.2T', 3002n, 11, 'DecimalSI'], ['2.5P', 25n, 14, 'DecimalSI'], ['1.01E', 101n, 16, 'DecimalSI'],
    // rounding up to nano units
    ['3.001n', 4n, -9, 'DecimalSI'], ['1.1E-9', 2n, -9, 'DecimalExponent'], ['0.0000000001', 1n, -9, 'DecimalSI'],
    ['0.0000000005', 1n, -9, 'DecimalSI'], ['0.00000000050', 1n, -9, 'DecimalSI'], ['0.5e-9', 1n, -9, 'DecimalExponent'],
    ['0.9n', 1n, -9, 'DecimalSI'], ['0.00000012345', 124n, -9, 'DecimalSI'], ['0.00000012354', 124n, -9, 'DecimalSI'],
    // binary quantities beyond int64 clamp
    ['9Ei', MAX_INT64, 0, 'BinarySI'], ['9223372036854775807Ki', MAX_INT64, 0, 'BinarySI'], ['12E', 12n, 18, 'DecimalSI'],
    ['100.035Ki', 10243584n, -2, 'BinarySI'], ['0.5Mi', 512n * 1024n, 0, 'BinarySI'], ['0.05Gi', 536870912n, -1, 'BinarySI'],
    ['0.025Ti', 274877906944n, -1, 'BinarySI'],
    // "things written by trolls"
    ['0.000000000001Ki', 2n, -9, 'DecimalSI'], ['.001', 1n, -3, 'DecimalSI'], ['.0001k', 100n, -3, 'DecimalSI'],
    ['1.', 1n, 0, 'DecimalSI'], ['1.G', 1n, 9, 'DecimalSI'],
  ];
  for (const [input, value, scale, format] of table) {
    const expected = Quantity.ofScaled(value, scale);
    for (const [text, sign] of [[input, 1n], [`+${input}`, 1n], [`-${input}`, -1n]] as const) {
      const q = parseQuantity(text);
      assert.equal(q.cmp(sign === 1n ? expected : expected.neg()), 0, `${text}: got ${q.canonical()}, want ${expected.canonical()}`);
      assert.equal(q.format, format, text);
    }
  }
});

test('rejects what apimachinery rejects, with its messages', () => {
  const cases: Array<[string, QuantityParseError['reason']]> = [
    ['', 'format'], ['1.1.M', 'format'], ['1+1.0M', 'format'], ['0.1mi', 'suffix'], ['0.1am', 'format'], ['aoeu', 'format'],
    ['.5i', 'suffix'], ['1i', 'suffix'], ['-3.01i', 'suffix'], ['-3.01e-', 'suffix'], [' 1', 'format'], ['1 ', 'format'],
    ['1e', 'suffix'], ['1e99999999999999999999', 'suffix'], ['.e-20', 'numeric'],
  ];
  for (const [input, reason] of cases) {
    assert.throws(() => parseQuantity(input), (e) => e instanceof QuantityParseError && e.reason === reason && e.input === input, input);
  }
  assert.throws(() => parseQuantity('x'), { message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" });
  assert.throws(() => parseQuantity('1Qi'), { message: "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'" });
  assert.throws(() => parseQuantity('1mi'), { message: "unable to parse quantity's suffix" });
});

test('canonical forms (TestQuantityString, TestQuantityParseEmit)', () => {
  // [input, canonical]: inputs are the "alternate" spellings, which Kubernetes does not keep
  const table: Array<[string, string]> = [
    ['1024Mi', '1Gi'], ['307200Ki', '300Mi'], ['1025024Mi', '1001Gi'], ['1024Gi', '1Ti'], ['1000M', '1G'], ['0.001T', '1G'],
    ['1000u', '1m'], ['1.08', '1080m'], ['1080000000n', '1080m'], ['.001e12', '1e9'], ['0.001e0', '1e-3'], ['1000e-12', '1e-9'],
    ['00', '0'], ['.001Ki', '1024m'], ['.000001Ki', '1024u'], ['.000000001Ki', '1024n'], ['.000000000001Ki', '2n'],
    // the examples every Kubernetes user meets
    ['1000m', '1'], ['1024Ki', '1Mi'], ['0.5', '500m'], ['.5', '500m'], ['1.5', '1500m'], ['1.5Gi', '1536Mi'], ['0.5Ki', '512'],
    ['2000Mi', '2000Mi'], ['1.5k', '1500'], ['128974848', '128974848'], ['129e6', '129e6'], ['1000k', '1M'], ['0.1', '100m'],
  ];
  for (const [input, canonical] of table) {
    assert.equal(parseQuantity(input).toString(), canonical, input);
    assert.equal(parseQuantity(`-${input}`).toString(), canonical === '0' ? '0' : `-${canonical}`, `-${input}`);
  }
  // bug-compatible: 10^21 has no DecimalSI suffix, and apimachinery then prints the mantissa alone
  assert.equal(parseQuantity('1000E').toString(), '1');
  assert.equal(parseQuantity('1000E').value(), 10n ** 21n);
});

test('already-canonical input text is kept verbatim, as Quantity.s is', () => {
  for (const s of ['1Gi', '300Mi', '6Ki', '1001Gi', '500m', '1G', '1m', '80m', '1080m', '300M', '1T', '1234567M', '3k',
    '1025', '0', '1e9', '1e-3', '80e-3', '300e6', '3e3', '1n', '80n', '1080n', '1u', '80u', '1080u', '100m', '129M', '123Mi', '-1']) {
    assert.equal(parseQuantity(s).toString(), s);
  }
  // Kubernetes' keep test is cheap, not exact: these come back as written although canonical() differs
  assert.equal(parseQuantity('1E3').toString(), '1E3');
  assert.equal(parseQuantity('1E3').canonical(), '1e3');
  assert.equal(parseQuantity('+5Ki').toString(), '+5Ki');
  assert.equal(parseQuantity('1.G').toString(), '1.G');
});

test('quantities built from numbers print canonically', () => {
  const table: Array<[Quantity, string]> = [
    [Quantity.of(1024n ** 3n, 'BinarySI'), '1Gi'], [Quantity.of(5, 'BinarySI'), '5'], [Quantity.ofMilli(500, 'BinarySI'), '500m'],
    [Quantity.ofScaled(1000, 6), '1G'], [Quantity.ofScaled(1234567, 6), '1234567M'], [Quantity.ofMilli(1234567, 'BinarySI'), '1234567m'],
    [Quantity.of(1025, 'BinarySI'), '1025'], [Quantity.of(0, 'BinarySI'), '0'], [Quantity.ofScaled(108, -2), '1080m'],
    [Quantity.ofScaled(10800, -10), '1080n'], [Quantity.of(3000, 'DecimalExponent'), '3e3'], [Quantity.ofMilli(80, 'DecimalExponent'), '80e-3'],
  ];
  for (const [q, s] of table) assert.equal(q.toString(), s);
  assert.equal(Quantity.of(-(1024n ** 3n), 'BinarySI').toString(), '-1Gi');
});

test('value and milliValue round up away from zero', () => {
  assert.equal(parseQuantity('100m').milliValue(), 100n);
  assert.equal(parseQuantity('100m').value(), 1n);
  assert.equal(parseQuantity('1.0001').milliValue(), 1001n);
  assert.equal(parseQuantity('2Gi').value(), 2147483648n);
  assert.equal(parseQuantity('2Gi').milliValue(), 2147483648000n);
  assert.equal(parseQuantity('1e3').value(), 1000n);
  assert.equal(parseQuantity('129M').value(), 129000000n);
  assert.equal(parseQuantity('-1.5').value(), -2n);
  assert.equal(parseQuantity('5n').milliValue(), 1n);
  assert.equal(parseQuantity('0').value(), 0n);
  // ScaledValue table: 1×10^from read at scale `to`
  const scales: Array<[number, number, bigint]> = [
    [-9, -9, 1n], [-9, -6, 1n], [-9, -3, 1n], [-9, 0, 1n], [-6, -9, 1000n], [-6, -6, 1n], [-6, -3, 1n], [-6, 0, 1n],
    [-3, -9, 1000000n], [-3, -6, 1000n], [-3, -3, 1n], [-3, 0, 1n], [0, -9, 1000000000n], [0, -6, 1000000n], [0, -3, 1000n],
    [0, 0, 1n], [2, -2, 10000n],
  ];
  for (const [from, to, want] of scales) assert.equal(Quantity.ofScaled(1, from).scaledValue(to), want, `${from}->${to}`);
  // exact where Kubernetes' int64 would overflow
  assert.equal(parseQuantity('10E').milliValue(), 10n ** 22n);
});

test('cmp orders quantities across formats and scales', () => {
  const c = (a: string, b: string) => parseQuantity(a).cmp(parseQuantity(b));
  assert.equal(c('0', '0'), 0);
  assert.equal(c('100m', '50m'), 1);
  assert.equal(c('50m', '100m'), -1);
  assert.equal(c('10000T', '100Gi'), 1);
  assert.equal(c('1Ki', '1024'), 0);
  assert.equal(c('1k', '1Ki'), -1);
  assert.equal(c('1', '1000m'), 0);
  assert.equal(c('-1', '1m'), -1);
  assert.equal(c('-2', '-1'), -1);
  assert.equal(c('1e2147483647', '1E'), 1);
  assert.equal(c('1e-2147483648', '1n'), 0, 'rounded up to one nano');
  assert.ok(parseQuantity('0.5Gi').equals(parseQuantity('512Mi')));
});

test('add and sub are exact and keep the receiver format unless it is zero', () => {
  const sum = parseQuantity('1Gi').add(parseQuantity('512Mi'));
  assert.equal(sum.toString(), '1536Mi');
  assert.equal(sum.format, 'BinarySI');
  assert.equal(parseQuantity('100m').add(parseQuantity('900m')).toString(), '1');
  assert.equal(parseQuantity('0').add(parseQuantity('1Ki')).toString(), '1Ki', 'zero takes the other format');
  assert.equal(parseQuantity('1').add(parseQuantity('1Ki')).toString(), '1025');
  assert.equal(parseQuantity('1').sub(parseQuantity('250m')).toString(), '750m');
  assert.equal(parseQuantity('1Gi').sub(parseQuantity('1Gi')).toString(), '0');
  assert.equal(parseQuantity('100m').mul(3).toString(), '300m');
  assert.equal(parseQuantity('2Ki').neg().toString(), '-2Ki');
  // after arithmetic the input text is no longer kept
  assert.equal(parseQuantity('1E3').add(parseQuantity('0')).toString(), '1e3');
});

test('JSON serialisation is the string form', () => {
  assert.equal(JSON.stringify({ cpu: parseQuantity('0.5') }), '{"cpu":"500m"}');
  assert.equal(parseQuantity('1.5Gi').asApproximateFloat64(), 1.5 * 2 ** 30);
});
