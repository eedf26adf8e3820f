import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsCronJob, setDefaultsJob } from '../defaults/batch.ts';
import { JOB_LABELS, validateCronJob, validateCronJobUpdate, validateJob, validateJobUpdate } from './batch.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);
const podTemplate = (restartPolicy?: string, labels: Record<string, string> = {}) => ({ metadata: { labels }, spec: { ...(restartPolicy ? { restartPolicy } : {}), containers: [{ name: 'pi', image: 'perl' }] } });
const generated = { [JOB_LABELS.controllerUid]: 'uid-1', [JOB_LABELS.legacyControllerUid]: 'uid-1', [JOB_LABELS.jobName]: 'pi', [JOB_LABELS.legacyJobName]: 'pi' };

function job(spec: Record<string, unknown>): KubeObject {
  const j: KubeObject = { metadata: { name: 'pi', namespace: 'default', uid: 'uid-1' }, spec };
  setDefaultsJob(j);
  return j;
}

test('a Job with the generated selector and labels validates', () => {
  assert.deepEqual(validateJob(job({ selector: { matchLabels: { [JOB_LABELS.controllerUid]: 'uid-1' } }, template: podTemplate('Never', generated) })), []);
});

test('Job templates must not restart Always', () => {
  const errs = validateJob(job({ selector: { matchLabels: { [JOB_LABELS.controllerUid]: 'uid-1' } }, template: podTemplate(undefined, generated) }));
  assert.deepEqual(msgs(errs), ['spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"']);
});

test('a generated selector must carry the Job\'s own uid labels', () => {
  const errs = validateJob(job({ selector: { matchLabels: { [JOB_LABELS.controllerUid]: 'other' } }, template: podTemplate('Never', { ...generated, [JOB_LABELS.controllerUid]: 'other' }) }));
  assert.deepEqual(msgs(errs), [
    `spec.template.metadata.labels[batch.kubernetes.io/controller-uid]: Invalid value: ${JSON.stringify({ ...generated, [JOB_LABELS.controllerUid]: 'other' })}: must be 'uid-1'`,
    'spec.selector: Invalid value: {"matchLabels":{"batch.kubernetes.io/controller-uid":"other"}}: `selector` not auto-generated',
  ]);
});

test('manualSelector Jobs need a matching selector', () => {
  assert.deepEqual(msgs(validateJob(job({ manualSelector: true, template: podTemplate('Never', { a: 'b' }) }))), ['spec.selector: Required value']);
  assert.deepEqual(msgs(validateJob(job({ manualSelector: true, selector: { matchLabels: { a: 'c' } }, template: podTemplate('Never', { a: 'b' }) }))),
    ['spec.template.metadata.labels: Invalid value: {"a":"b"}: `selector` does not match template `labels`']);
});

test('counts are non-negative; Indexed needs completions', () => {
  const errs = validateJob(job({ manualSelector: true, selector: { matchLabels: { a: 'b' } }, parallelism: -1, completionMode: 'Indexed', template: podTemplate('Never', { a: 'b' }) }));
  assert.deepEqual(msgs(errs), ['spec.parallelism: Invalid value: -1: must be greater than or equal to 0', 'spec.completions: Required value: when completion mode is Indexed']);
});

test('update: the pod template is immutable', () => {
  const old = job({ selector: { matchLabels: { [JOB_LABELS.controllerUid]: 'uid-1' } }, template: podTemplate('Never', generated) });
  const next = structuredClone(old);
  ((next.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0]).image = 'perl:2';
  assert.deepEqual(validateJobUpdate(next, old).map((e) => [e.field, e.detail]), [['spec.template', 'field is immutable']]);
  const parallel = structuredClone(old);
  (parallel.spec as Record<string, unknown>).parallelism = 3;
  assert.deepEqual(validateJobUpdate(parallel, old), []);
});

function cronJob(spec: Record<string, unknown>, name = 'hello'): KubeObject {
  const c: KubeObject = { metadata: { name, namespace: 'default' }, spec };
  setDefaultsCronJob(c);
  return c;
}

test('CronJobs: a valid schedule and job template', () => {
  assert.deepEqual(validateCronJob(cronJob({ schedule: '*/1 * * * *', jobTemplate: { spec: { template: podTemplate('OnFailure') } } })), []);
});

test('CronJobs: schedule, TZ and name length rules', () => {
  assert.deepEqual(msgs(validateCronJob(cronJob({ schedule: '61 * * * *', jobTemplate: { spec: { template: podTemplate('OnFailure') } } }))),
    ['spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61']);
  assert.deepEqual(msgs(validateCronJob(cronJob({ schedule: 'TZ=UTC * * * * *', jobTemplate: { spec: { template: podTemplate('OnFailure') } } }))),
    ['spec.schedule: Invalid value: "TZ=UTC * * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead']);
  const long = 'a'.repeat(53);
  assert.deepEqual(msgs(validateCronJob(cronJob({ schedule: '@daily', jobTemplate: { spec: { template: podTemplate('OnFailure') } } }, long))),
    [`metadata.name: Invalid value: "${long}": must be no more than 52 characters`]);
  assert.deepEqual(msgs(validateCronJob(cronJob({ schedule: '@daily', timeZone: 'Nowhere/City', jobTemplate: { spec: { template: podTemplate('OnFailure') } } }))),
    ['spec.timeZone: Invalid value: "Nowhere/City": unknown time zone Nowhere/City']);
});

test('CronJobs: the job template may not carry a selector', () => {
  assert.deepEqual(msgs(validateCronJob(cronJob({ schedule: '@daily', jobTemplate: { spec: { selector: { matchLabels: { a: 'b' } }, template: podTemplate('Never') } } }))),
    ['spec.jobTemplate.spec.selector: Invalid value: {"matchLabels":{"a":"b"}}: `selector` will be auto-generated']);
  const old = cronJob({ schedule: '@daily', jobTemplate: { spec: { template: podTemplate('Never') } } }, 'a'.repeat(60));
  assert.deepEqual(validateCronJobUpdate(structuredClone(old), old), []);
});
