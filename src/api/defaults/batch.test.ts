import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsCronJob, setDefaultsJob } from './batch.ts';

test('Job: completions and parallelism 1 when both unset, backoffLimit 6, NonIndexed, not suspended', () => {
  const job: KubeObject = { metadata: { name: 'pi' }, spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never', containers: [] } } } };
  setDefaultsJob(job);
  const { template: _t, ...spec } = job.spec as Record<string, unknown>;
  assert.deepEqual(spec, { completions: 1, parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', suspend: false, podReplacementPolicy: 'TerminatingOrFailed' });
  assert.deepEqual(job.metadata.labels, { app: 'pi' });
});

test('Job: only parallelism defaults when completions is set; per-index backoff lifts backoffLimit', () => {
  const job: KubeObject = { metadata: { name: 'j' }, spec: { completions: 5, backoffLimitPerIndex: 1, podFailurePolicy: { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget' }] }] } } };
  setDefaultsJob(job);
  const spec = job.spec as Record<string, unknown>;
  assert.deepEqual([spec.completions, spec.parallelism, spec.backoffLimit, spec.podReplacementPolicy], [5, 1, 2147483647, 'Failed']);
  assert.deepEqual(spec.podFailurePolicy, { rules: [{ action: 'Ignore', onPodConditions: [{ type: 'DisruptionTarget', status: 'True' }] }] });
});

test('CronJob: Allow, not suspended, history 3/1; job template spec untouched but for pod defaults', () => {
  const cj: KubeObject = { metadata: { name: 'c' }, spec: { schedule: '@daily', jobTemplate: { spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [] } } } } } };
  setDefaultsCronJob(cj);
  const spec = cj.spec as Record<string, unknown>;
  assert.deepEqual([spec.concurrencyPolicy, spec.suspend, spec.successfulJobsHistoryLimit, spec.failedJobsHistoryLimit], ['Allow', false, 3, 1]);
  const jobTemplate = spec.jobTemplate as { metadata: unknown; spec: Record<string, unknown> };
  assert.deepEqual(jobTemplate.metadata, { creationTimestamp: null });
  assert.equal(jobTemplate.spec.backoffLimit, undefined);
});
