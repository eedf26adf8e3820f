/**
 * Job and CronJob validation after pkg/apis/batch/validation (ValidateJob, validateGeneratedSelector,
 * ValidateJobSpec, validateJobSpec, ValidateJobSpecUpdate, ValidateCronJobCreate/Update,
 * validateCronJobSpec, ValidateJobTemplateSpec).
 */
import { type FieldError, child, invalidValue, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr, asStrMap, clone } from './access.ts';
import { validateEnum, validateImmutableField, validateNonnegativeField } from './common.ts';
import { validatePodTemplateSpec } from './core-pod-spec.ts';
import { cronScheduleError, isKnownTimeZone } from './cron-schedule.ts';
import { labelSelectorMatches, validateLabelSelector } from './label-selector.ts';
import { isDNS1123Label } from './names.ts';
import { validateHasLabel, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { SELECTOR_MISMATCH } from './workload.ts';

/** The labels the API server generates for Jobs without manualSelector. */
export const JOB_LABELS = {
  controllerUid: 'batch.kubernetes.io/controller-uid',
  jobName: 'batch.kubernetes.io/job-name',
  legacyControllerUid: 'controller-uid',
  legacyJobName: 'job-name',
} as const;

const spec = (o: KubeObject): Obj => asObj(o.spec) ?? {};

/** validateGeneratedSelector: the generated labels are on the template and the selector is the generated one. */
function validateGeneratedSelector(job: KubeObject, requirePrefixedLabels: boolean): FieldError[] {
  const s = spec(job);
  if (s.manualSelector === true || !asObj(s.selector)) return [];
  const uid = asStr(job.metadata?.uid);
  const name = asStr(job.metadata?.name);
  const errs: FieldError[] = [];
  if (uid === '') errs.push(required('metadata.uid', ''));
  const tmplMeta = asObj(asObj(s.template)?.metadata);
  errs.push(...validateHasLabel(tmplMeta, 'spec.template.metadata', JOB_LABELS.legacyControllerUid, uid));
  errs.push(...validateHasLabel(tmplMeta, 'spec.template.metadata', JOB_LABELS.legacyJobName, name));
  const expected: Record<string, string> = { [JOB_LABELS.legacyControllerUid]: uid, [JOB_LABELS.legacyJobName]: name };
  if (requirePrefixedLabels) {
    errs.push(...validateHasLabel(tmplMeta, 'spec.template.metadata', JOB_LABELS.controllerUid, uid));
    errs.push(...validateHasLabel(tmplMeta, 'spec.template.metadata', JOB_LABELS.jobName, name));
    expected[JOB_LABELS.controllerUid] = uid;
    expected[JOB_LABELS.jobName] = name;
  }
  if (validateLabelSelector(s.selector, 'spec.selector').length === 0 && !labelSelectorMatches(s.selector, expected)) {
    errs.push(invalidValue('spec.selector', s.selector, '`selector` not auto-generated'));
  }
  return errs;
}

/** validateJobSpec: the rules Jobs and CronJob job templates share. */
function validateJobSpecCommon(s: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...validateNonnegativeField(s[f], child(path, f)));
  }
  if (s.maxFailedIndexes !== undefined && s.maxFailedIndexes !== null && (s.backoffLimitPerIndex === undefined || s.backoffLimitPerIndex === null)) {
    errs.push(required(child(path, 'backoffLimitPerIndex'), 'when maxFailedIndexes is specified'));
  }
  const mode = s.completionMode;
  if (mode !== undefined && mode !== null) {
    if (mode !== 'NonIndexed' && mode !== 'Indexed') errs.push(notSupported(child(path, 'completionMode'), mode, ['NonIndexed', 'Indexed']));
    if (mode === 'Indexed' && (s.completions === undefined || s.completions === null)) errs.push(required(child(path, 'completions'), 'when completion mode is Indexed'));
  }
  if (mode !== 'Indexed') {
    for (const f of ['backoffLimitPerIndex', 'maxFailedIndexes']) {
      if (s[f] !== undefined && s[f] !== null) errs.push(invalidValue(child(path, f), s[f], 'requires indexed completion mode'));
    }
    if (s.successPolicy !== undefined && s.successPolicy !== null) errs.push(invalidValue(child(path, 'successPolicy'), s.successPolicy, 'requires indexed completion mode'));
  }
  if (s.podReplacementPolicy !== undefined && s.podReplacementPolicy !== null) {
    const allowed = s.podFailurePolicy ? ['Failed'] : ['Failed', 'TerminatingOrFailed'];
    if (!allowed.includes(asStr(s.podReplacementPolicy))) errs.push(notSupported(child(path, 'podReplacementPolicy'), s.podReplacementPolicy, allowed));
  }
  const template = asObj(s.template) ?? {};
  errs.push(...validatePodTemplateSpec(template, child(path, 'template')));
  const restartPolicy = asStr(asObj(template.spec)?.restartPolicy);
  const rp = child(child(child(path, 'template'), 'spec'), 'restartPolicy');
  if (restartPolicy === 'Always' || restartPolicy === '') errs.push(required(rp, 'valid values: "OnFailure", "Never"'));
  else if (restartPolicy !== 'OnFailure' && restartPolicy !== 'Never') errs.push(notSupported(rp, restartPolicy, ['OnFailure', 'Never']));
  else if (s.podFailurePolicy && restartPolicy !== 'Never') errs.push(invalidValue(rp, restartPolicy, 'only "Never" is supported when podFailurePolicy is specified'));
  return errs;
}

/** ValidateJobSpec: selector required, valid, and satisfied by the template. */
function validateJobSpec(s: Obj): FieldError[] {
  const errs = validateJobSpecCommon(s, 'spec');
  if (!asObj(s.selector)) errs.push(required('spec.selector', ''));
  else errs.push(...validateLabelSelector(s.selector, 'spec.selector'));
  const labels = asStrMap(asObj(asObj(s.template)?.metadata)?.labels);
  if (asObj(s.selector) && validateLabelSelector(s.selector, 'spec.selector').length === 0 && !labelSelectorMatches(s.selector, labels)) {
    errs.push(invalidValue('spec.template.metadata.labels', labels, SELECTOR_MISMATCH));
  }
  return errs;
}

/**
 * ValidateJob. `requirePrefixedLabels` (the batch.kubernetes.io/ labels) is true on create and for
 * Jobs that already carry them, as the strategy's validationOptionsForJob.
 */
export function validateJob(job: KubeObject, options: { requirePrefixedLabels: boolean } = { requirePrefixedLabels: true }): FieldError[] {
  const errs = validateObjectMeta(job.metadata, { namespaced: true });
  errs.push(...validateGeneratedSelector(job, options.requirePrefixedLabels));
  const s = spec(job);
  errs.push(...validateJobSpec(s));
  if (s.completionMode === 'Indexed' && typeof s.completions === 'number' && s.completions > 0) {
    const name = asStr(job.metadata?.name);
    const hostname = `${name}-${s.completions - 1}`;
    if (isDNS1123Label(hostname).length > 0) errs.push(invalidValue('metadata.name', name, `will not able to create pod with invalid DNS label: ${hostname}`));
  }
  return errs;
}

/** ValidateJobUpdate: selector, template (but for suspended, never-started Jobs' scheduling fields) and modes are immutable. */
export function validateJobUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const oldTemplateLabels = asStrMap(asObj(asObj(spec(old).template)?.metadata)?.labels);
  const errs = validateObjectMetaUpdate(job.metadata, old.metadata);
  errs.push(...validateJob(job, { requirePrefixedLabels: JOB_LABELS.controllerUid in oldTemplateLabels }));
  const n = spec(job);
  const o = spec(old);
  const indexedTandem = n.completionMode === 'Indexed' && n.completions !== o.completions;
  if (indexedTandem) {
    if (n.completions !== n.parallelism) errs.push(invalidValue('spec.completions', n.completions ?? null, 'can only be modified in tandem with spec.parallelism'));
  } else errs.push(...validateImmutableField(n.completions, o.completions, 'spec.completions'));
  errs.push(...validateImmutableField(n.selector, o.selector, 'spec.selector'));
  const newTemplate = clone(asObj(n.template) ?? {});
  const oldTemplate = asObj(o.template) ?? {};
  const mutableScheduling = o.suspend === true && asObj(old.status)?.startTime === undefined;
  if (mutableScheduling) {
    const nm = asObj(newTemplate.metadata) ?? {};
    const om = asObj(oldTemplate.metadata) ?? {};
    nm.labels = om.labels; nm.annotations = om.annotations;
    const ns = asObj(newTemplate.spec) ?? {};
    const os = asObj(oldTemplate.spec) ?? {};
    for (const f of ['nodeSelector', 'affinity', 'tolerations', 'schedulingGates']) ns[f] = os[f];
  }
  errs.push(...validateImmutableField(newTemplate, oldTemplate, 'spec.template').map((e) => ({ ...e, badValue: n.template })));
  for (const f of ['completionMode', 'podFailurePolicy', 'backoffLimitPerIndex', 'managedBy', 'successPolicy']) {
    errs.push(...validateImmutableField(n[f], o[f], `spec.${f}`));
  }
  return errs;
}

/** ValidateJobUpdateStatus basics: counts are non-negative. */
export function validateJobStatusUpdate(job: KubeObject, old: KubeObject): FieldError[] {
  const s = asObj(job.status) ?? {};
  const errs = validateObjectMetaUpdate(job.metadata, old.metadata);
  for (const f of ['active', 'succeeded', 'failed', 'ready', 'terminating']) errs.push(...validateNonnegativeField(s[f], `status.${f}`));
  return errs;
}

/** validateTimeZone. */
function validateTimeZone(tz: unknown, path: string): FieldError[] {
  if (tz === undefined || tz === null) return [];
  const z = asStr(tz);
  if (z === '') return [invalidValue(path, z, 'timeZone must be nil or non-empty string')];
  if (z.split('/').some((p) => p === '.' || p === '..' || p.startsWith('-') || !/^[A-Za-z.\-_0-9+]{1,14}$/.test(p))) {
    return [invalidValue(path, z, `unknown time zone ${z}`)];
  }
  const errs: FieldError[] = [];
  if (z.toLowerCase() === 'local') errs.push(invalidValue(path, z, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'));
  else if (!isKnownTimeZone(z)) errs.push(invalidValue(path, z, `unknown time zone ${z}`));
  return errs;
}

/** validateCronJobSpec; `old` given on update (a TZ in an existing schedule stays tolerated). */
function validateCronJobSpec(s: Obj, old: Obj | undefined): FieldError[] {
  const errs: FieldError[] = [];
  const schedule = asStr(s.schedule);
  if (schedule === '') errs.push(required('spec.schedule', ''));
  else {
    const bad = cronScheduleError(schedule);
    if (bad) errs.push(invalidValue('spec.schedule', schedule, bad));
    const allowTZ = asStr(old?.schedule).includes('TZ');
    if (allowTZ && schedule.includes('TZ') && s.timeZone !== undefined && s.timeZone !== null) {
      errs.push(invalidValue('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
    } else if (!allowTZ && schedule.includes('TZ')) {
      errs.push(invalidValue('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
    }
  }
  errs.push(...validateNonnegativeField(s.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (!old || old.timeZone !== s.timeZone) errs.push(...validateTimeZone(s.timeZone, 'spec.timeZone'));
  errs.push(...validateEnum(asStr(s.concurrencyPolicy), ['Allow', 'Forbid', 'Replace'], 'spec.concurrencyPolicy'));
  const jobSpec = asObj(asObj(s.jobTemplate)?.spec) ?? {};
  errs.push(...validateJobSpecCommon(jobSpec, 'spec.jobTemplate.spec'));
  if (jobSpec.selector !== undefined && jobSpec.selector !== null) errs.push(invalidValue('spec.jobTemplate.spec.selector', jobSpec.selector, '`selector` will be auto-generated'));
  if (jobSpec.manualSelector === true) errs.push(notSupported('spec.jobTemplate.spec.manualSelector', true, ['nil', 'false']));
  errs.push(...validateNonnegativeField(s.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...validateNonnegativeField(s.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

/** ValidateCronJobCreate: names leave room for the controller's 11-character "-<timestamp>" suffix. */
export function validateCronJob(cj: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cj.metadata, { namespaced: true });
  errs.push(...validateCronJobSpec(spec(cj), undefined));
  const name = asStr(cj.metadata?.name);
  if (name.length > 52) errs.push(invalidValue('metadata.name', name, 'must be no more than 52 characters'));
  return errs;
}

/** ValidateCronJobUpdate (the 52-character limit is not re-checked, so old CronJobs stay editable). */
export function validateCronJobUpdate(cj: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(cj.metadata, old.metadata), ...validateCronJobSpec(spec(cj), spec(old))];
}
