import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isStatusError } from '../status.ts';
import {
  LabelSelector, LabelSelectorError, labelRequirement, labelSelectorAsSelector, labelSelectorFromSet, parseLabelSelector,
} from './label-selector.ts';

/** The 400 message parseLabelSelector throws for `s`. */
function parseError(s: string): string {
  try {
    parseLabelSelector(s);
  } catch (e) {
    assert.ok(isStatusError(e), `expected a StatusError for ${JSON.stringify(s)}`);
    assert.equal(e.code, 400);
    assert.equal(e.reason, 'BadRequest');
    return e.message;
  }
  assert.fail(`expected ${JSON.stringify(s)} to be rejected`);
}

test('well-formed selectors print back in canonical form without blanks', () => {
  // apimachinery TestSelectorParse good strings
  for (const s of ['x=a,y=b,z=c', '', 'x!=a,y=b', 'x=', 'x= ', 'x=,z= ', 'x= ,z= ', '!x', 'x>1', 'x>1,z<5']) {
    assert.equal(parseLabelSelector(s).toString(), s.replaceAll(' ', ''), s);
  }
});

test('malformed selectors are rejected', () => {
  for (const s of ['x=a||y=b', 'x==a==b', '!x=a', 'x<a', 'a b', ',a', 'a,', 'x in (a', 'x in a', '=a', 'a in (b)c']) {
    assert.ok(parseError(s).length > 0, s);
  }
});

test('parse errors use kube-apiserver wording', () => {
  assert.equal(parseError('a b'), "unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt");
  assert.equal(parseError('!x=a'), "found '=', expected: ',' or 'end of string'");
  assert.equal(parseError('a,'), "found '', expected: identifier after ','");
  assert.equal(parseError('=a'), "found '=', expected: !, identifier, or 'end of string'");
  assert.equal(parseError('x in a'), "unable to parse requirement: found 'a' expected: '('");
  assert.equal(parseError('x<a'),
    'unable to parse requirement: values[0]: Invalid value: "a": for \'Gt\', \'Lt\' operators, the value must be an integer');
});

test('invalid keys and values are reported as field errors with the qualified-name rules', () => {
  assert.equal(parseError('a/b/c=d'),
    'unable to parse requirement: <nil>: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '
    + "'-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', "
    + "regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
  assert.equal(parseError('app=-x'),
    'unable to parse requirement: values[0][app]: Invalid value: "-x": a valid label must be an empty string or consist of '
    + "alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or "
    + "'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')");
  assert.match(parseError(`${'k'.repeat(64)}=v`), /name part must be no more than 63 characters/);
  assert.match(parseError('Example.com/app=v'), /prefix part a lowercase RFC 1123 subdomain/);
  assert.equal(parseLabelSelector('example.com/app=v').toString(), 'example.com/app=v');
});

test('requirements are sorted by key so equal selectors print equally', () => {
  assert.equal(parseLabelSelector('x=a,a=x').toString(), parseLabelSelector('a=x,x=a').toString());
  assert.equal(parseLabelSelector('x=a,a=x').toString(), 'a=x,x=a');
});

test('set-based requirements sort, de-duplicate and keep empty members', () => {
  assert.equal(parseLabelSelector('x in (foo,,baz),y,z notin ()').toString(), 'x in (,baz,foo),y,z notin ()');
  assert.deepEqual(parseLabelSelector('x in (b,a,b)').requirements[0].values, ['a', 'b']);
  assert.deepEqual(parseLabelSelector('x in (,)').requirements[0].values, ['']);
  // "in" and "notin" are plain identifiers where a value is expected
  assert.deepEqual(parseLabelSelector('x in (in,notin)').requirements[0].values, ['in', 'notin']);
  assert.equal(parseLabelSelector('x notin(a)').toString(), 'x notin (a)');
});

test('blanks separate tokens: space, tab, CR and LF', () => {
  assert.equal(parseLabelSelector(' c\t=\nb ,\r!a ').toString(), '!a,c=b'); // sorted by key, not by text
});

test('operators keep their spelling', () => {
  const s = parseLabelSelector('a==b,c!=d,e,!f,g in (h),i notin (j)');
  assert.deepEqual(s.requirements.map((r) => r.operator), ['==', '!=', 'exists', '!', 'in', 'notin']);
  assert.equal(s.toString(), 'a==b,c!=d,e,!f,g in (h),i notin (j)');
});

test('matching follows Requirement.Matches', () => {
  const yes = (sel: string, labels: Record<string, string>) => assert.ok(parseLabelSelector(sel).matches(labels), `${sel} ~ ${JSON.stringify(labels)}`);
  const no = (sel: string, labels: Record<string, string>) => assert.ok(!parseLabelSelector(sel).matches(labels), `${sel} !~ ${JSON.stringify(labels)}`);
  yes('', { x: 'y' });
  yes('x=y', { x: 'y' });
  yes('x=y,z=w', { x: 'y', z: 'w' });
  yes('x!=y,z!=w', { x: 'z', z: 'a' });
  yes('notin=in', { notin: 'in' });
  yes('x', { x: 'z' });
  yes('!x', { y: 'z' });
  yes('x>1', { x: '2' });
  yes('x<1', { x: '0' });
  yes('x!=y', {}); // a missing key satisfies != and notin
  yes('x notin (a)', {});
  yes('x=', { x: '' });
  no('x=', {});
  no('x=z', {});
  no('x=y', { x: 'z' });
  no('x=y,z=w', { x: 'w', z: 'w' });
  no('x!=y,z!=w', { x: 'z', z: 'w' });
  no('x', { y: 'z' });
  no('!x', { x: 'z' });
  no('x>1', { x: '0' });
  no('x<1', { x: '2' });
  no('x>1', { x: 'abc' }); // a non-integer label never satisfies gt/lt
  no('x>1', {});
  yes('x in (a,b)', { x: 'b' });
  no('x in (a,b)', { x: 'c' });
  no('x in (a,b)', {});
  assert.ok(parseLabelSelector('a=b').matches({ a: 'b', c: 'd' }));
  assert.ok(!parseLabelSelector('a=b').matches(undefined));
  assert.ok(parseLabelSelector('').matches(undefined));
});

test('requiresExactMatch reports the single value an equality or one-value "in" demands', () => {
  assert.equal(parseLabelSelector('a=b,c in (d),e in (f,g),h!=i').requiresExactMatch('a'), 'b');
  assert.equal(parseLabelSelector('c in (d)').requiresExactMatch('c'), 'd');
  assert.equal(parseLabelSelector('e in (f,g)').requiresExactMatch('e'), undefined);
  assert.equal(parseLabelSelector('h!=i').requiresExactMatch('h'), undefined);
});

test('everything and nothing', () => {
  assert.ok(LabelSelector.everything().isEmpty());
  assert.ok(LabelSelector.everything().matches({ x: 'y' }));
  assert.ok(parseLabelSelector('').isEmpty());
  assert.ok(!LabelSelector.nothing().isEmpty());
  assert.ok(!LabelSelector.nothing().matches({}));
  assert.ok(!parseLabelSelector('a').isEmpty());
});

test('a label set selects exactly itself', () => {
  const s = labelSelectorFromSet({ b: '2', a: '1' });
  assert.equal(s.toString(), 'a=1,b=2');
  assert.ok(s.matches({ a: '1', b: '2', c: '3' }));
  assert.ok(!s.matches({ a: '1' }));
  assert.ok(labelSelectorFromSet({}).isEmpty());
});

test('the object form follows metav1.LabelSelectorAsSelector', () => {
  assert.ok(!labelSelectorAsSelector(null).matches({}), 'a nil selector matches nothing');
  assert.ok(!labelSelectorAsSelector(undefined).matches({ a: 'b' }));
  assert.ok(labelSelectorAsSelector({}).matches({ a: 'b' }), 'an empty selector matches everything');
  assert.ok(labelSelectorAsSelector({ matchLabels: {}, matchExpressions: [] }).isEmpty());
  const s = labelSelectorAsSelector({
    matchLabels: { app: 'web' },
    matchExpressions: [
      { key: 'tier', operator: 'In', values: ['front', 'edge'] },
      { key: 'env', operator: 'NotIn', values: ['dev'] },
      { key: 'team', operator: 'Exists' },
      { key: 'legacy', operator: 'DoesNotExist', values: [] },
    ],
  });
  assert.equal(s.toString(), 'app=web,env notin (dev),!legacy,team,tier in (edge,front)');
  assert.ok(s.matches({ app: 'web', tier: 'edge', team: 'a' }));
  assert.ok(!s.matches({ app: 'web', tier: 'edge', team: 'a', env: 'dev' }));
  assert.ok(!s.matches({ app: 'web', tier: 'edge', team: 'a', legacy: 'x' }));
  assert.ok(!s.matches({ app: 'web', tier: 'back', team: 'a' }));
});

test('invalid object forms throw LabelSelectorError with apimachinery messages', () => {
  assert.throws(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] }),
    (e) => e instanceof LabelSelectorError && e.message === '"Gt" is not a valid label selector operator');
  assert.throws(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'constructor' }] }),
    (e) => e instanceof LabelSelectorError && e.message === '"constructor" is not a valid label selector operator');
  assert.throws(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }),
    (e) => e instanceof LabelSelectorError && e.message === "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty");
  assert.throws(() => labelSelectorAsSelector({ matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x', 'y'] }] }),
    (e) => e instanceof LabelSelectorError
      && e.message === 'values: Invalid value: []string{"x", "y"}: values set must be empty for exists and does not exist');
  assert.throws(() => labelSelectorAsSelector({ matchLabels: { 'a b': 'c' } }),
    (e) => e instanceof LabelSelectorError && e.message.startsWith('key: Invalid value: "a b": name part must consist of'));
  // several failures aggregate as "[e1, e2]"
  assert.throws(() => labelSelectorAsSelector({ matchExpressions: [{ key: '-', operator: 'In', values: [] }] }),
    (e) => e instanceof LabelSelectorError && e.message.startsWith('[key: Invalid value: "-"') && e.message.endsWith("values set can't be empty]"));
});

test('labelRequirement validates what it builds', () => {
  assert.deepEqual(labelRequirement('a', 'in', ['x']), { key: 'a', operator: 'in', values: ['x'] });
  assert.throws(() => labelRequirement('a', '=', ['x', 'y']), /exact-match compatibility requires one single value/);
});
