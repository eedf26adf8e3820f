import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTrue, error } from './testing.ts';


test('quantity and isQuantity (quantity.go examples)', () => {
  allTrue([
    "isQuantity('1.3G')", "isQuantity('1.3Gi')", "!isQuantity('1,3G')", "isQuantity('10000k')",
    "!isQuantity('200K')", "!isQuantity('Three')", "!isQuantity('Mi')",
  ]);
  assert.equal(error("quantity('200K')"), "unable to parse quantity's suffix");
  assert.equal(error("quantity('Mi')"), 'unable to parse numeric part of quantity');
});

test('conversion to scalars', () => {
  allTrue([
    'quantity("50000000G").isInteger()',
    'quantity("50k").isInteger()',
    '!quantity("9999999999999999999999999999999999999G").isInteger()',
    'quantity("50k").asInteger() == 50000',
    'quantity("50k").sub(20000).asApproximateFloat() == 30000.0',
    '!quantity("1.5").isInteger()',
  ]);
  assert.equal(error('quantity("9999999999999999999999999999999999999G").asInteger()'), 'cannot convert value to integer');
});

test('arithmetic and comparisons', () => {
  allTrue([
    'quantity("50k").add(quantity("20k")) == quantity("70k")',
    'quantity("50k").add(20) == quantity("50020")',
    'quantity("50k").sub(quantity("20k")) == quantity("30k")',
    'quantity("50k").sub(20000) == quantity("30k")',
    'quantity("50k").add(20).sub(quantity("100k")).sub(-50000) == quantity("20")',
    'quantity("200M").compareTo(quantity("0.2G")) == 0',
    'quantity("50M").compareTo(quantity("50Mi")) == -1',
    'quantity("50Mi").compareTo(quantity("50M")) == 1',
    'quantity("150Mi").isGreaterThan(quantity("100Mi"))',
    '!quantity("50Mi").isGreaterThan(quantity("100Mi"))',
    'quantity("50M").isLessThan(quantity("100M"))',
    '!quantity("100M").isLessThan(quantity("50M"))',
    'quantity("-50k").sign() == -1 && sign(quantity("0")) == 0 && quantity("1m").sign() == 1',
    'quantity("200M") == quantity("0.2G")',
  ]);
});
