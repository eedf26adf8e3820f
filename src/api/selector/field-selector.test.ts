import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError } from '../status.ts';
import { DEFAULT_FIELD_LABELS, FieldSelector, convertFieldLabels, escapeFieldValue, parseFieldSelector } from './field-selector.ts';

function badRequestMessage(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.ok(isStatusError(e));
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    return e.message;
  }
  assert.fail('expected a 400');
}

test('well-formed selectors print back unchanged', () => {
  // apimachinery fields TestSelectorParse good strings
  for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=a||y\\=b', 'x=a\\=\\=b']) {
    assert.equal(parseFieldSelector(s).toString(), s);
  }
});

test('malformed selectors are 400s with apimachinery wording', () => {
  for (const s of ['x=a||y=b', 'x==a==b', 'x=a,b', 'x in (a)', 'x in (a,b,c)', 'x']) {
    assert.ok(badRequestMessage(() => parseFieldSelector(s)).length > 0, s);
  }
  assert.equal(badRequestMessage(() => parseFieldSelector('x=a,b')), "invalid selector: 'x=a,b'; can't understand 'b'");
  assert.equal(badRequestMessage(() => parseFieldSelector('x==a==b')), 'invalid field selector: unescaped character in value: 61');
  assert.equal(badRequestMessage(() => parseFieldSelector('k=\\a')), 'invalid field selector: invalid escape sequence: \\a');
  assert.equal(badRequestMessage(() => parseFieldSelector('k=\\')), 'invalid field selector: invalid escape sequence: \\');
});

test('terms are sorted, "==" reads as "=", empty terms are skipped', () => {
  assert.equal(parseFieldSelector('x=a,a=x').toString(), parseFieldSelector('a=x,x=a').toString());
  assert.equal(parseFieldSelector('b==2,a!=1,').toString(), 'a!=1,b=2');
  assert.deepEqual(parseFieldSelector(',spec.nodeName=n1').requirements, [{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
  assert.ok(parseFieldSelector(',,').isEmpty());
});

test('escaped commas and equals signs stay inside the value', () => {
  const s = parseFieldSelector('k=\\,,k2=v2');
  // sorted by raw term text: "k2=v2" < "k=\\," because '2' < '='
  assert.deepEqual(s.requirements, [{ field: 'k2', operator: '=', value: 'v2' }, { field: 'k', operator: '=', value: ',' }]);
  assert.equal(parseFieldSelector('k=\\\\,k2=v2').requirements[1].value, '\\');
  assert.equal(parseFieldSelector('함=수,목=록').toString(), '목=록,함=수');
});

test('escapeFieldValue round-trips through the parser', () => {
  for (const [raw, escaped] of [['', ''], ['a', 'a'], ['=', '\\='], [',', '\\,'], ['\\', '\\\\'], ['\\=\\,\\', '\\\\\\=\\\\\\,\\\\']]) {
    assert.equal(escapeFieldValue(raw), escaped);
    assert.equal(parseFieldSelector(`f=${escaped}`).requirements[0]?.value ?? '', raw);
  }
});

test('matching: all terms hold, a missing field reads as ""', () => {
  const fields = { foo: 'bar', baz: 'blah', complex: '=value\\,\\' };
  assert.ok(parseFieldSelector('').matches({ x: 'y' }));
  assert.ok(parseFieldSelector('foo=bar,baz=blah').matches(fields));
  assert.ok(parseFieldSelector('foo=bar,baz=blah,complex=\\=value\\\\\\,\\\\').matches(fields));
  assert.ok(!parseFieldSelector('foo=blah').matches(fields));
  assert.ok(!parseFieldSelector('foo=bar,foobar=bar,baz=blah').matches(fields));
  assert.ok(parseFieldSelector('x!=y,z!=w').matches({ x: 'z', z: 'a' }));
  assert.ok(!parseFieldSelector('x!=y,z!=w').matches({ x: 'z', z: 'w' }));
  assert.ok(parseFieldSelector('spec.nodeName=').matches({}), 'unscheduled pods have spec.nodeName ""');
  assert.ok(!parseFieldSelector('spec.nodeName!=').matches({}));
  assert.ok(FieldSelector.everything().matches({}));
});

test('requirements and requiresExactMatch expose the fields a selector uses', () => {
  const s = parseFieldSelector('metadata.name=a,status.phase!=Running');
  assert.deepEqual(s.requirements.map((r) => r.field), ['metadata.name', 'status.phase']);
  assert.equal(s.requiresExactMatch('metadata.name'), 'a');
  assert.equal(s.requiresExactMatch('status.phase'), undefined);
});

test('convertFieldLabels passes supported labels, renames aliases and rejects the rest', () => {
  const podFields = [...DEFAULT_FIELD_LABELS, 'spec.nodeName', 'status.phase'];
  const ok = convertFieldLabels(parseFieldSelector('spec.nodeName=n1,metadata.name=p'), podFields);
  assert.equal(ok.toString(), 'metadata.name=p,spec.nodeName=n1');
  const aliased = convertFieldLabels(parseFieldSelector('spec.host=n1'), podFields, { aliases: { 'spec.host': 'spec.nodeName' } });
  assert.deepEqual(aliased.requirements, [{ field: 'spec.nodeName', operator: '=', value: 'n1' }]);
  assert.equal(badRequestMessage(() => convertFieldLabels(parseFieldSelector('spec.foo=x'), podFields)), 'field label not supported: spec.foo');
});

test('transform drops terms mapped to an empty field and value', () => {
  const s = parseFieldSelector('a=1,b=2').transform((field, value) => (field === 'a' ? { field: '', value: '' } : { field, value }));
  assert.equal(s.toString(), 'b=2');
});
