import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTrue, error, value } from './testing.ts';


test('charAt counts code points; the length itself gives ""', () => {
  assert.equal(value("'hello'.charAt(4)"), 'o');
  assert.equal(value("'hello'.charAt(5)"), '');
  assert.equal(value("'héllo😀'.charAt(5)"), '😀');
  assert.equal(error("'hello'.charAt(6)"), 'index out of range: 6');
});

test('replace, all or the first n', () => {
  assert.equal(value("'hello hello'.replace('he', 'we')"), 'wello wello');
  assert.equal(value("'hello hello'.replace('he', 'we', -1)"), 'wello wello');
  assert.equal(value("'hello hello'.replace('he', 'we', 1)"), 'wello hello');
  assert.equal(value("'hello hello'.replace('he', 'we', 0)"), 'hello hello');
});

test('strings.quote escapes like cel-go', () => {
  assert.equal(value('strings.quote("first\\nsecond")'), '"first\\nsecond"');
  assert.equal(value('strings.quote("bell\\a")'), '"bell\\a"');
  assert.equal(value('strings.quote(\'say "hi"\')'), '"say \\"hi\\""');
});

test('format', () => {
  assert.equal(value("'%d replicas of %d'.format([3, 5])"), '3 replicas of 5');
  assert.equal(value("'%s and %s'.format(['a', 'b'])"), 'a and b');
  assert.equal(value("'%.2f'.format([1.2345])"), '1.23');
  assert.equal(value("'%f'.format([1.5])"), '1.500000');
  assert.equal(value("'%e'.format([1234.5])"), '1.234500e+03');
  assert.equal(value("'%x %X %o %b %%'.format([255, 255, 8, 5])"), 'ff FF 10 101 %');
  assert.equal(value("'%s'.format([[1, 2]])"), '[1, 2]');
  assert.match(error("'%d'.format([1.5])"), /decimal clause can only be used on integers/);
});

test('the cel-js built-ins the extension shares', () => {
  allTrue([
    "'a,b,c'.split(',') == ['a', 'b', 'c']", "['a', 'b'].join('-') == 'a-b'", "'  x '.trim() == 'x'",
    "'ABC'.lowerAscii() == 'abc'", "'abc'.upperAscii() == 'ABC'", "'hello'.indexOf('l') == 2", "'hello'.lastIndexOf('l') == 3",
    "'hello'.substring(1, 3) == 'el'",
  ]);
});
