/**
 * Jobs and CronJobs, after pkg/registry/batch/{job,cronjob}/strategy.go.
 *
 * Selector generation (generateSelector): unless spec.manualSelector is true, the Job's pods are
 * labelled with its uid and name (batch.kubernetes.io/controller-uid, controller-uid,
 * batch.kubernetes.io/job-name, job-name) and spec.selector is
 * {matchLabels: {batch.kubernetes.io/controller-uid: <uid>}}. kube does this in Validate because
 * its uid is filled after PrepareForCreate; this project's Store assigns metadata.uid (and the
 * name) *before* prepareForCreate, so it is done there — a Store that stopped doing so would get
 * `metadata.uid: Required value` from validation rather than a wrong selector.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsCronJob, setDefaultsJob } from '../../api/defaults/batch.ts';
import { asObj, asStr, ensureObj } from '../../api/validation/access.ts';
import { JOB_LABELS, validateCronJob, validateCronJobUpdate, validateJob, validateJobStatusUpdate, validateJobUpdate } from '../../api/validation/batch.ts';
import { validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';
import { defineStrategy } from './define-strategy.ts';

/** generateSelector; existing template labels are kept (validation reports conflicts). */
export function generateJobSelector(job: KubeObject): void {
  const spec = ensureObj(job, 'spec');
  if (spec.manualSelector === true) return;
  const uid = asStr(job.metadata?.uid);
  const name = asStr(job.metadata?.name);
  const labels = ensureObj(ensureObj(ensureObj(spec, 'template'), 'metadata'), 'labels');
  for (const k of [JOB_LABELS.legacyJobName, JOB_LABELS.jobName]) if (labels[k] === undefined) labels[k] = name;
  for (const k of [JOB_LABELS.legacyControllerUid, JOB_LABELS.controllerUid]) if (labels[k] === undefined) labels[k] = uid;
  const matchLabels = ensureObj(ensureObj(spec, 'selector'), 'matchLabels');
  if (matchLabels[JOB_LABELS.controllerUid] === undefined) matchLabels[JOB_LABELS.controllerUid] = uid;
}

export const jobStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsJob,
  prepareForCreate: generateJobSelector,
  validate: (job) => validateJob(job),
  validateUpdate: validateJobUpdate,
  status: { initial: () => ({}), validateUpdate: validateJobStatusUpdate },
  fieldSet: (job: KubeObject) => {
    const succeeded = asObj(job.status)?.succeeded;
    return { 'status.successful': String(typeof succeeded === 'number' ? succeeded : 0) };
  },
});

export const cronJobStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsCronJob,
  validate: validateCronJob,
  validateUpdate: validateCronJobUpdate,
  status: { initial: () => ({}), validateUpdate: (cj, old) => validateObjectMetaUpdate(cj.metadata, old.metadata) },
});
