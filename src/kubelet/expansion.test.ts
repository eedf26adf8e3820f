import assert from 'node:assert/strict';
import { test } from 'node:test';
import { expand, lookupIn } from './expansion.ts';

const vars = lookupIn(new Map([['VAR_A', 'A'], ['VAR_B', 'B'], ['EMPTY', '']]));

test('defined references are replaced, undefined ones kept', () => {
  assert.equal(expand('$(VAR_A)-$(VAR_B)', vars), 'A-B');
  assert.equal(expand('x $(NOPE) y', vars), 'x $(NOPE) y');
  assert.equal(expand('$(EMPTY)z', vars), 'z');
});

test('escapes, lone dollars and unterminated references as the Go implementation', () => {
  assert.equal(expand('$$(VAR_A)', vars), '$(VAR_A)');
  assert.equal(expand('$$$(VAR_A)', vars), '$A');
  assert.equal(expand('$VAR_A', vars), '$VAR_A');
  assert.equal(expand('$(VAR_A', vars), '$(VAR_A');
  assert.equal(expand('trailing $', vars), 'trailing $');
  assert.equal(expand('$()', vars), '$()');
});
