import assert from 'node:assert/strict';
import { test } from 'node:test';
import { allTrue, error, value } from './testing.ts';


test('find and findAll (kubernetes.io CEL examples)', () => {
  assert.equal(value('"abc 123".find(\'[0-9]+\')'), '123');
  assert.equal(value('"abc 123".find(\'xyz\')'), '');
  assert.deepEqual(value('"123 abc 456".findAll(\'[0-9]+\')'), ['123', '456']);
  assert.deepEqual(value('"123 abc 456".findAll(\'[0-9]+\', 1)'), ['123']);
  assert.deepEqual(value('"123 abc 456".findAll(\'xyz\')'), []);
  assert.equal(value('"1, 2, 3, 4".findAll(\'[0-9]+\').map(x, int(x)).sum() < 100'), true);
});

test('empty matches follow Go: none right after a match', () => {
  assert.equal(value('"abc 123".find(\'[0-9]*\')'), '');
  assert.deepEqual(value('"123 abc 456".findAll(\'[0-9]*\')'), ['123', '', '', '', '', '456']);
});

test('matches takes RE2 syntax: inline flags, \\A \\z, POSIX classes, \\Q…\\E', () => {
  allTrue([
    "'ABC'.matches('(?i)^abc$')",
    "'abc'.matches('\\\\Aabc\\\\z')",
    "'abc1'.matches('^[[:alpha:]]+[[:digit:]]$')",
    "'a.b'.matches('^a\\\\Q.\\\\Eb$')",
    "!'a\\nb'.matches('^a.b$')",
    "'a\\nb'.matches('(?s)^a.b$')",
    "matches('abc', '^a')",
    "'Grüße'.matches('^\\\\pL+$')",
  ]);
});

test('a literal pattern that does not compile fails the rule at compile time', () => {
  assert.match(error("'a'.matches('[')"), /ERROR: <input>:1:13: invalid regex: error parsing regexp: missing closing \]: `\[`/);
  assert.match(error("'a'.find('(?=a)')"), /invalid or unsupported Perl syntax: `\(\?=`/);
  assert.match(error("'a'.matches('\\\\1')"), /invalid escape sequence: `\\1`/);
});

test('a computed pattern that does not compile is an evaluation error', () => {
  assert.equal(error("'a'.findAll(dyn('['))"), 'Illegal regex: error parsing regexp: missing closing ]: `[`');
});

test('matching is linear: a catastrophic pattern returns at once', () => {
  const started = process.hrtime.bigint();
  assert.equal(value(`'${'a'.repeat(5000)}!'.matches('^(a+)+$')`), false);
  assert.ok(process.hrtime.bigint() - started < 5_000_000_000n, 'a backtracking engine would not return');
});
