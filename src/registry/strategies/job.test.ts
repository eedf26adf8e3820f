import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../../api/object.ts';
import { cronJobStrategy, jobStrategy } from './job.ts';

function create(spec: Record<string, unknown>, uid = 'a1b2'): KubeObject {
  // The Store assigns uid and name before applyDefaults/prepareForCreate.
  const job: KubeObject = { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', uid }, spec };
  jobStrategy.applyDefaults?.(job);
  jobStrategy.prepareForCreate?.(job);
  return job;
}
const template = { spec: { restartPolicy: 'Never', containers: [{ name: 'pi', image: 'perl:5.34' }] } };

test('the selector and template labels are generated from the uid and name', () => {
  const job = create({ template: structuredClone(template) });
  const spec = job.spec as { selector: unknown; template: { metadata: { labels: unknown } } };
  assert.deepEqual(spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'a1b2' } });
  assert.deepEqual(spec.template.metadata.labels, {
    'job-name': 'pi', 'batch.kubernetes.io/job-name': 'pi', 'controller-uid': 'a1b2', 'batch.kubernetes.io/controller-uid': 'a1b2',
  });
  assert.deepEqual(job.status, {});
  assert.deepEqual(jobStrategy.validate(job), []);
  assert.equal(jobStrategy.tracksGeneration, true);
});

test('a user label that contradicts the generated one is reported', () => {
  const job = create({ template: { ...structuredClone(template), metadata: { labels: { 'job-name': 'other' } } } });
  assert.deepEqual(jobStrategy.validate(job).map((e) => [e.field, e.detail]), [['spec.template.metadata.labels[job-name]', "must be 'pi'"]]);
});

test('manualSelector Jobs keep their own selector', () => {
  const job = create({ manualSelector: true, selector: { matchLabels: { app: 'pi' } }, template: { ...structuredClone(template), metadata: { labels: { app: 'pi' } } } });
  assert.deepEqual((job.spec as { selector: unknown }).selector, { matchLabels: { app: 'pi' } });
  assert.deepEqual(jobStrategy.validate(job), []);
});

test('without a uid the generated selector is refused rather than wrong', () => {
  assert.deepEqual(jobStrategy.validate(create({ template: structuredClone(template) }, '')).map((e) => e.field)[0], 'metadata.uid');
});

test('status.successful field selector; status kept on update', () => {
  const old = create({ template: structuredClone(template) });
  old.status = { succeeded: 1 };
  assert.deepEqual(jobStrategy.fieldSet?.(old), { 'status.successful': '1' });
  const next = structuredClone(old);
  next.status = {};
  (next.spec as Record<string, unknown>).parallelism = 2;
  jobStrategy.prepareForUpdate?.(next, old);
  assert.deepEqual(next.status, { succeeded: 1 });
  assert.deepEqual(jobStrategy.validateUpdate(next, old), []);
});

test('CronJobs start with an empty status', () => {
  const cj: KubeObject = { metadata: { name: 'c', namespace: 'd' }, spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: structuredClone(template) } } } };
  cronJobStrategy.applyDefaults?.(cj);
  cronJobStrategy.prepareForCreate?.(cj);
  assert.deepEqual(cj.status, {});
  assert.deepEqual(cronJobStrategy.validate(cj), []);
});
