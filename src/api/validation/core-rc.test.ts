import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsReplicationController } from '../defaults/core.ts';
import { validateReplicationController } from './core-rc.ts';

const template = (labels: Record<string, string>) => ({ metadata: { labels }, spec: { containers: [{ name: 'a', image: 'x' }] } });
const rc = (spec: Record<string, unknown>): KubeObject => { const o: KubeObject = { metadata: { name: 'rc', namespace: 'd' }, spec }; setDefaultsReplicationController(o); return o; };

test('the selector defaults to the template labels, so a bare RC validates', () => {
  assert.deepEqual(validateReplicationController(rc({ template: template({ app: 'x' }) })), []);
});

test('a selector the template does not satisfy; a template is required', () => {
  assert.deepEqual(validateReplicationController(rc({ selector: { app: 'y' }, template: template({ app: 'x' }) })).map(formatFieldError),
    ['spec.template.metadata.labels: Invalid value: {"app":"x"}: `selector` does not match template `labels`']);
  assert.deepEqual(validateReplicationController(rc({})).map(formatFieldError), ['spec.selector: Required value', 'spec.template: Required value']);
});
