import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64DecodedLength, base64Error, base64ErrorOffset } from './base64.ts';

test('valid standard base64 decodes, newlines ignored', () => {
  for (const v of ['', 'YQ==', 'YWI=', 'YWJj', 'YWJj\nZGVm', 'YWJjZA==\r\n']) assert.equal(base64ErrorOffset(v), undefined, v);
  assert.equal(base64DecodedLength('YWJjZA=='), 4);
});

test('error offsets are Go\'s CorruptInputError positions', () => {
  assert.equal(base64Error('hello!'), 'illegal base64 data at input byte 5');
  assert.equal(base64ErrorOffset('abc'), 0);
  assert.equal(base64ErrorOffset('abcde'), 4);
  assert.equal(base64ErrorOffset('YQ='), 3);
  assert.equal(base64ErrorOffset('Y==='), 1);
  assert.equal(base64ErrorOffset('YQ==x'), 4);
  assert.equal(base64ErrorOffset('YQ=x'), 2);
  assert.equal(base64ErrorOffset('a-b_'), 1);
});
