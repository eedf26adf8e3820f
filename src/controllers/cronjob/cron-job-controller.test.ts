/**
 * The CronJob controller with the Job controller on an in-process cluster and a FakeClock: the
 * test moves the clock to schedule boundaries and plays the kubelet for the Jobs' pods.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { FakeClock } from '../../util/clock.ts';
import type { Job } from '../job/job-types.ts';
import { type BatchAndSetsHarness, startBatchAndSetsHarness } from '../job/testing/batch-and-sets-harness.ts';
import { CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION, type CronJob } from './cron-job-types.ts';
import { Zone } from './zoned-time.ts';

const MINUTE = 60_000;

function cronJob(name: string, spec: Partial<NonNullable<CronJob['spec']>>): CronJob {
  return {
    apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name },
    spec: {
      schedule: '* * * * *',
      jobTemplate: { metadata: { labels: { app: name } }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } },
      ...spec,
    },
  };
}

describe('CronJob controller', () => {
  let h: BatchAndSetsHarness;
  const clock = new FakeClock(Date.UTC(2026, 0, 1, 0, 0, 5));
  before(async () => { h = await startBatchAndSetsHarness({ clock }); });
  after(async () => { await h?.close(); });
  const cronJobs = () => h.ns('cronjobs', 'batch');
  const jobs = () => h.ns('jobs', 'batch');
  const jobsOf = async (cj: CronJob) => ((await jobs().list()).items as Job[])
    .filter((j) => j.metadata.ownerReferences?.some((r) => r.uid === cj.metadata.uid) && !j.metadata.deletionTimestamp)
    .sort((a, b) => a.metadata.name!.localeCompare(b.metadata.name!));
  const nextMinute = () => Math.floor(clock.now() / MINUTE) * MINUTE + MINUTE;
  /** Moves the fake clock to just past the next minute boundary; returns that boundary. */
  const toNextMinute = () => {
    const boundary = nextMinute();
    clock.advance(boundary + 200 - clock.now());
    return boundary;
  };
  const finishJob = async (j: Job) => {
    const [pod] = await h.waitFor(`a pod of ${j.metadata.name}`, async () => {
      const pods = await h.podsOf(j);
      return pods.length === 1 && pods;
    });
    await h.markFinished([pod], 'Succeeded');
    await h.waitFor(`${j.metadata.name} complete`, async () => ((await jobs().get(j.metadata.name!)) as Job).status?.conditions?.some((c) => c.type === 'Complete'));
  };

  test('Forbid: a Job per minute boundary, none while one is active, history limited', async () => {
    const cj = await cronJobs().create(cronJob('tick', { concurrencyPolicy: 'Forbid', successfulJobsHistoryLimit: 1 })) as CronJob;
    const first = toNextMinute();
    const [j1] = await h.waitFor('the first Job', async () => {
      const js = await jobsOf(cj);
      return js.length === 1 && js;
    });
    assert.equal(j1.metadata.name, `tick-${first / MINUTE}`);
    assert.equal(j1.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION], new Date(first).toISOString().replace('.000Z', 'Z'));
    assert.equal(j1.metadata.labels?.app, 'tick');
    assert.deepEqual(j1.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'tick', uid: cj.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    const status = await h.waitFor('status.active', async () => {
      const cur = await cronJobs().get('tick') as CronJob;
      return cur.status?.active?.length === 1 && cur.status;
    });
    assert.equal(status.active?.[0].name, j1.metadata.name);
    assert.equal(status.lastScheduleTime, new Date(first).toISOString().replace('.000Z', 'Z'));

    // The next boundary passes while j1 runs: Forbid starts nothing.
    const held = toNextMinute();
    await h.waitFor('JobAlreadyActive', async () => (await h.eventsFor(cj)).includes('JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid'));
    assert.equal((await jobsOf(cj)).length, 1);

    // Once j1 is done the slot held back runs late (no startingDeadlineSeconds forbids it).
    await finishJob(j1);
    const j2 = await h.waitFor('the held-back Job', async () => (await jobsOf(cj)).find((j) => j.metadata.name === `tick-${held / MINUTE}`), { tickMs: 10 });
    const after1 = await h.waitFor('j1 seen completed', async () => {
      const cur = await cronJobs().get('tick') as CronJob;
      return cur.status?.lastSuccessfulTime ? cur.status : undefined;
    }, { tickMs: 10 });
    assert.deepEqual(after1.active?.map((r) => r.name), [j2.metadata.name]);
    assert.ok((await h.eventsFor(cj)).includes(`SawCompletedJob: Saw completed job: ${j1.metadata.name}, status: Complete`));

    await finishJob(j2);
    // successfulJobsHistoryLimit 1: the older finished Job goes.
    await h.waitFor('j1 deleted', async () => {
      const names = (await jobsOf(cj)).map((j) => j.metadata.name);
      return names.length === 1 && names[0] === j2.metadata.name;
    }, { tickMs: 10 });
    const events = await h.eventsFor(cj);
    assert.ok(events.includes(`SuccessfulCreate: Created job ${j1.metadata.name}`));
    assert.ok(events.includes(`SuccessfulDelete: Deleted job ${j1.metadata.name}`));
  });

  test('Replace: the running Job is deleted and a new one started', async () => {
    const cj = await cronJobs().create(cronJob('swap', { concurrencyPolicy: 'Replace' })) as CronJob;
    toNextMinute();
    const [j1] = await h.waitFor('the first Job', async () => {
      const js = await jobsOf(cj);
      return js.length === 1 && js;
    });
    const second = toNextMinute();
    const [j2] = await h.waitFor('only the replacement', async () => {
      const js = await jobsOf(cj);
      return js.length === 1 && js[0].metadata.name === `swap-${second / MINUTE}` && js;
    });
    const status = await h.waitFor('active is the replacement', async () => {
      const cur = await cronJobs().get('swap') as CronJob;
      return cur.status?.active?.length === 1 && cur.status.active[0].uid === j2.metadata.uid && cur.status;
    });
    assert.equal(status.active?.[0].name, j2.metadata.name);
    assert.ok((await h.eventsFor(cj)).includes(`SuccessfulDelete: Deleted job ${j1.metadata.name}`));
  });

  test('spec.timeZone: the schedule is read in that zone and the timestamp written with its offset', async () => {
    await cronJobs().delete('tick');
    await cronJobs().delete('swap');
    // A daily schedule at the Tokyo wall time of the next boundary but one.
    const target = nextMinute() + MINUTE;
    const tokyo = Zone.of('Asia/Tokyo').fields(target);
    const schedule = `${tokyo.minute} ${tokyo.hour} * * *`;
    const zoned = await cronJobs().create(cronJob('tokyo', { schedule, timeZone: 'Asia/Tokyo' })) as CronJob;
    const utc = await cronJobs().create(cronJob('utc', { schedule })) as CronJob;
    toNextMinute();
    toNextMinute();
    const [j] = await h.waitFor('the Tokyo Job', async () => {
      const js = await jobsOf(zoned);
      return js.length === 1 && js;
    });
    assert.equal(j.metadata.name, `tokyo-${target / MINUTE}`);
    assert.equal(j.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION], Zone.of('Asia/Tokyo').rfc3339(target));
    assert.match(j.metadata.annotations![CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION], /\+09:00$/);
    // The other CronJob reads the same fields as UTC: its slot is nine hours later.
    assert.deepEqual(await jobsOf(utc), []);
    const utcTarget = target + 9 * 3_600_000;
    clock.advance(utcTarget + 200 - clock.now());
    const [u] = await h.waitFor('the UTC Job', async () => {
      const js = await jobsOf(utc);
      return js.length === 1 && js;
    });
    assert.equal(u.metadata.name, `utc-${utcTarget / MINUTE}`);
    assert.equal(u.metadata.annotations?.[CRON_JOB_SCHEDULED_TIMESTAMP_ANNOTATION], new Date(utcTarget).toISOString().replace('.000Z', 'Z'));
  });
});
