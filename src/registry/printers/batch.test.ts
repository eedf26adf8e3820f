import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { KubeObject } from '../../api/object.ts';
import { cronJobPrinter, jobPrinter } from './batch.ts';

const NOW = Date.parse('2025-06-01T12:00:00Z');
const template = { spec: { containers: [{ name: 'pi', image: 'perl:5.34' }], restartPolicy: 'Never' } };

function job(spec: Record<string, unknown>, status: Record<string, unknown>, metadata: Record<string, unknown> = {}): KubeObject {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'pi', namespace: 'default', creationTimestamp: '2025-06-01T11:50:00Z', ...metadata },
    spec: { selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'c0ffee' } }, template, ...spec }, status,
  };
}

test('job columns in 1.32: STATUS, COMPLETIONS, DURATION', () => {
  assert.deepEqual(jobPrinter.columns.map((c) => `${c.name}:${c.priority}`),
    ['Name:0', 'Status:0', 'Completions:0', 'Duration:0', 'Age:0', 'Containers:1', 'Images:1', 'Selector:1']);
});

test('a completed job', () => {
  const j = job({ completions: 1, parallelism: 1 }, {
    succeeded: 1, startTime: '2025-06-01T11:50:00Z', completionTime: '2025-06-01T11:50:41Z',
    conditions: [{ type: 'SuccessCriteriaMet', status: 'True' }, { type: 'Complete', status: 'True' }],
  });
  assert.deepEqual(jobPrinter.row(j, NOW), ['pi', 'Complete', '1/1', '41s', '10m', 'pi', 'perl:5.34', 'batch.kubernetes.io/controller-uid=c0ffee']);
});

test('running, failed, suspended, failing and terminating jobs', () => {
  assert.deepEqual(jobPrinter.row(job({ completions: 5, parallelism: 2 }, { succeeded: 2, active: 2, startTime: '2025-06-01T11:57:00Z' }), NOW).slice(1, 4), ['Running', '2/5', '3m']);
  assert.equal(jobPrinter.row(job({}, { failed: 6, conditions: [{ type: 'FailureTarget', status: 'True' }, { type: 'Failed', status: 'True' }] }), NOW)[1], 'Failed');
  assert.equal(jobPrinter.row(job({}, { conditions: [{ type: 'FailureTarget', status: 'True' }] }), NOW)[1], 'FailureTarget');
  assert.deepEqual(jobPrinter.row(job({ suspend: true }, { conditions: [{ type: 'Suspended', status: 'True' }] }), NOW).slice(1, 4), ['Suspended', '0/1', '']);
  assert.equal(jobPrinter.row(job({}, { conditions: [{ type: 'Suspended', status: 'True' }] }, { deletionTimestamp: '2025-06-01T11:59:00Z' }), NOW)[1], 'Terminating');
  assert.equal(jobPrinter.row(job({}, { conditions: [{ type: 'Complete', status: 'False' }] }), NOW)[1], 'Running');
});

test('work-queue jobs without completions', () => {
  assert.equal(jobPrinter.row(job({ parallelism: 4 }, { succeeded: 1 }), NOW)[2], '1/1 of 4');
  assert.equal(jobPrinter.row(job({ parallelism: 1 }, {}), NOW)[2], '0/1');
});

test('cron jobs: schedule, time zone, suspend, active, last schedule', () => {
  const cj: KubeObject = {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'backup', namespace: 'default', creationTimestamp: '2025-05-01T12:00:00Z' },
    spec: { schedule: '*/5 * * * *', suspend: false, jobTemplate: { spec: { template } } },
    status: { active: [{ name: 'backup-29145', namespace: 'default' }], lastScheduleTime: '2025-06-01T11:55:00Z' },
  };
  assert.deepEqual(cronJobPrinter.row(cj, NOW), ['backup', '*/5 * * * *', '<none>', 'False', 1, '5m', '31d', 'pi', 'perl:5.34', '<none>']);
  const never: KubeObject = { ...cj, spec: { schedule: '0 3 * * *', timeZone: 'Etc/UTC', suspend: true, jobTemplate: { spec: { template } } }, status: {} };
  assert.deepEqual(cronJobPrinter.row(never, NOW).slice(1, 6), ['0 3 * * *', 'Etc/UTC', 'True', 0, '<none>']);
});
