/**
 * The Job and TTL-after-finished controllers on an in-process cluster, started through a Manager
 * as the cluster runs them. No kubelet runs: tests move pods to Running, Succeeded or Failed
 * through pods/status. A FakeClock drives the pod-failure back-off and the TTL; the harness
 * advances it while it waits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeClock } from '../../util/clock.ts';
import { newGarbageCollectorController } from '../garbagecollector/garbage-collector.ts';
import { JOB_COMPLETION_INDEX, JOB_TRACKING_FINALIZER, type Job } from './job-types.ts';
import { type BatchAndSetsHarness, startBatchAndSetsHarness } from './testing/batch-and-sets-harness.ts';

function job(name: string, spec: NonNullable<Job['spec']>): Job {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] } }, ...spec },
  };
}

describe('Job controller', () => {
  let h: BatchAndSetsHarness;
  const clock = new FakeClock(Date.UTC(2026, 0, 1));
  before(async () => {
    h = await startBatchAndSetsHarness({
      clock,
      // The TTL deletes with foreground propagation: the garbage collector finishes it.
      register: (manager, deps) => manager.add(newGarbageCollectorController({
        ...deps, watched: [{ group: 'batch', version: 'v1', resource: 'jobs' }, { group: '', version: 'v1', resource: 'pods' }],
      })),
    });
  });
  after(async () => { await h?.close(); });
  const jobs = () => h.ns('jobs', 'batch');
  const getJob = async (name: string) => await jobs().get(name) as Job;
  const podsOf = (j: Job, count: number) => h.waitFor(`${count} active pods of ${j.metadata.name}`, async () => {
    const pods = (await h.podsOf(j)).filter((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
    return pods.length === count && pods;
  });

  test('completions 3, parallelism 2: two pods at a time, Complete after three successes', async () => {
    const created = await jobs().create(job('pi', { completions: 3, parallelism: 2 })) as Job;
    const first = await podsOf(created, 2);
    for (const p of first) {
      assert.equal(p.metadata.generateName, 'pi-');
      assert.deepEqual(p.metadata.finalizers, [JOB_TRACKING_FINALIZER]);
      assert.equal(p.metadata.labels?.['batch.kubernetes.io/job-name'], 'pi');
      assert.equal(p.metadata.labels?.['batch.kubernetes.io/controller-uid'], created.metadata.uid);
      assert.deepEqual(p.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'Job', name: 'pi', uid: created.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    }
    const running = await h.waitFor('status active 2 with a start time', async () => {
      const j = await getJob('pi');
      return j.status?.active === 2 && j.status;
    });
    assert.equal(running.startTime, '2026-01-01T00:00:00Z');
    assert.deepEqual(running.uncountedTerminatedPods, {});
    assert.equal(running.ready, 0);
    assert.equal(running.terminating, 0);

    await h.markReady(first);
    await h.waitFor('ready 2', async () => (await getJob('pi')).status?.ready === 2);
    await h.markFinished(first, 'Succeeded');
    const [last] = await podsOf(created, 1);
    await h.waitFor('succeeded 2, finalizers removed', async () => {
      const j = await getJob('pi');
      const done = (await h.podsOf(created)).filter((p) => p.status?.phase === 'Succeeded');
      return j.status?.succeeded === 2 && done.every((p) => !p.metadata.finalizers?.length);
    });
    await h.markFinished([last], 'Succeeded');
    const finished = await h.waitFor('Complete', async () => {
      const j = await getJob('pi');
      return j.status?.conditions?.some((c) => c.type === 'Complete') && j;
    });
    assert.deepEqual(finished.status?.conditions?.map((c) => [c.type, c.status, c.reason, c.message]), [
      ['SuccessCriteriaMet', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
      ['Complete', 'True', 'CompletionsReached', 'Reached expected number of succeeded pods'],
    ]);
    assert.equal(finished.status?.succeeded, 3);
    assert.equal(finished.status?.active, undefined);
    assert.ok(finished.status?.completionTime);
    const events = await h.waitFor('Completed event', async () => {
      const e = await h.eventsFor(finished);
      return e.includes('Completed: Job completed') && e;
    });
    assert.equal(events.filter((e) => e.startsWith('SuccessfulCreate: Created pod: pi-')).length, 3);
  });

  test('backoffLimit 1: the second pod failure fails the Job, after the 10s back-off', async () => {
    const created = await jobs().create(job('flaky', { backoffLimit: 1 })) as Job;
    const [p1] = await podsOf(created, 1);
    await h.markFinished([p1], 'Failed');
    const j1 = await h.waitFor('failed 1', async () => {
      const j = await getJob('flaky');
      return j.status?.failed === 1 && j;
    });
    assert.equal(j1.status?.conditions, undefined);
    // The replacement waits for the pod-failure back-off (10s on the fake clock).
    const [p2] = await h.waitFor('a replacement pod', async () => {
      const pods = (await h.podsOf(created)).filter((p) => p.metadata.name !== p1.metadata.name);
      return pods.length === 1 && pods;
    }, { tickMs: 500 });
    assert.ok(clock.now() - Date.parse(p1.metadata.creationTimestamp!) >= 10_000, 'not before the back-off');
    await h.markFinished([p2], 'Failed');
    const failed = await h.waitFor('Failed condition', async () => {
      const j = await getJob('flaky');
      return j.status?.conditions?.some((c) => c.type === 'Failed') && j;
    });
    assert.deepEqual(failed.status?.conditions?.map((c) => [c.type, c.reason, c.message]), [
      ['FailureTarget', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
      ['Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit'],
    ]);
    assert.equal(failed.status?.failed, 2);
    assert.equal(failed.status?.completionTime, undefined);
    const events = await h.waitFor('BackoffLimitExceeded event', async () => {
      const e = await h.eventsFor(failed);
      return e.includes('BackoffLimitExceeded: Job has reached the specified backoff limit') && e;
    });
    assert.ok(events.length >= 3);
  });

  test('activeDeadlineSeconds: running pods are deleted and the Job fails with DeadlineExceeded', async () => {
    const created = await jobs().create(job('slow', { activeDeadlineSeconds: 30, parallelism: 2, completions: 4 })) as Job;
    await podsOf(created, 2);
    const failed = await h.waitFor('DeadlineExceeded', async () => {
      const j = await getJob('slow');
      return j.status?.conditions?.some((c) => c.type === 'Failed') && j;
    }, { tickMs: 1000 });
    assert.deepEqual(failed.status?.conditions?.map((c) => [c.type, c.reason, c.message]).at(-1), ['Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline']);
    assert.equal(failed.status?.failed, 2);
    assert.deepEqual(await h.podsOf(created, { terminating: true }), []);
  });

  test('Indexed: one pod per index with the index annotation, label, hostname and env; completedIndexes', async () => {
    const created = await jobs().create(job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' })) as Job;
    const pods = await podsOf(created, 3);
    const byIndex = new Map(pods.map((p) => [p.metadata.annotations?.[JOB_COMPLETION_INDEX], p]));
    assert.deepEqual([...byIndex.keys()].sort(), ['0', '1', '2']);
    for (const [ix, p] of byIndex) {
      assert.equal(p.metadata.labels?.[JOB_COMPLETION_INDEX], ix);
      assert.equal(p.metadata.generateName, `idx-${ix}-`);
      assert.equal(p.spec?.hostname, `idx-${ix}`);
      const env = (p.spec?.containers as { env?: { name: string; valueFrom?: { fieldRef?: { fieldPath?: string } } }[] }[])[0].env;
      assert.equal(env?.find((e) => e.name === 'JOB_COMPLETION_INDEX')?.valueFrom?.fieldRef?.fieldPath, "metadata.labels['batch.kubernetes.io/job-completion-index']");
    }
    await h.markFinished([byIndex.get('0')!, byIndex.get('2')!], 'Succeeded');
    await h.waitFor('completedIndexes 0,2', async () => (await getJob('idx')).status?.completedIndexes === '0,2');
    await h.markFinished([byIndex.get('1')!], 'Succeeded');
    const done = await h.waitFor('Complete', async () => {
      const j = await getJob('idx');
      return j.status?.conditions?.some((c) => c.type === 'Complete') && j;
    });
    assert.equal(done.status?.completedIndexes, '0-2');
    assert.equal(done.status?.succeeded, 3);
  });

  test('suspend: no pods while suspended, Suspended condition, pods once resumed', async () => {
    const created = await jobs().create(job('later', { suspend: true })) as Job;
    const suspended = await h.waitFor('Suspended condition', async () => {
      const j = await getJob('later');
      return j.status?.conditions?.some((c) => c.type === 'Suspended' && c.status === 'True') && j;
    });
    assert.equal(suspended.status?.startTime, undefined);
    assert.deepEqual(await h.podsOf(created), []);
    await jobs().patch('later', { spec: { suspend: false } }, { type: 'merge' });
    await podsOf(created, 1);
    const resumed = await h.waitFor('Resumed', async () => {
      const j = await getJob('later');
      return j.status?.conditions?.some((c) => c.type === 'Suspended' && c.status === 'False' && c.reason === 'JobResumed') && j;
    });
    assert.ok(resumed.status?.startTime, 'a resumed Job has started');
    const events = await h.eventsFor(created);
    assert.ok(events.includes('Suspended: Job suspended'));
    await h.waitFor('Resumed event', async () => (await h.eventsFor(created)).includes('Resumed: Job resumed'));
  });

  test('ttlSecondsAfterFinished: the Job is deleted that long after it finished', async () => {
    const created = await jobs().create(job('short-lived', { ttlSecondsAfterFinished: 60 })) as Job;
    const [p] = await podsOf(created, 1);
    await h.markFinished([p], 'Succeeded');
    const finished = await h.waitFor('Complete', async () => {
      const j = await getJob('short-lived');
      return j.status?.conditions?.some((c) => c.type === 'Complete') && j;
    });
    const finishedAt = Date.parse(finished.status!.completionTime!);
    await h.waitFor('the Job gone', async () => {
      try {
        await getJob('short-lived');
        return false;
      } catch (e) {
        return (e as { code?: number }).code === 404;
      }
    }, { tickMs: 2000 });
    assert.ok(clock.now() >= finishedAt + 60_000, 'not before the TTL');
  });
});
