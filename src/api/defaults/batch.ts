/**
 * batch/v1 defaulting after pkg/apis/batch/v1/defaults.go (SetDefaults_Job, SetDefaults_CronJob).
 * Feature gates as in 1.32: JobPodReplacementPolicy on (beta). The selector and the generated
 * labels are not defaults: the Job strategy adds them, because they need the object's uid.
 */
import type { KubeObject } from '../object.ts';
import { asObj, ensureObj, mapLen, objects, setDefault, setDefaultString } from '../validation/access.ts';
import { setDefaultsPodTemplateSpec } from './core-pod.ts';

const MAX_INT32 = 2147483647;

/**
 * SetDefaults_Job: completions and parallelism 1 when both unset, backoffLimit 6 (MaxInt32 with
 * backoffLimitPerIndex), labels from the template when unset, NonIndexed, not suspended,
 * podReplacementPolicy TerminatingOrFailed (Failed with a podFailurePolicy).
 */
export function setDefaultsJob(job: KubeObject): void {
  const spec = ensureObj(job, 'spec');
  const unset = (v: unknown) => v === undefined || v === null;
  if (unset(spec.completions) && unset(spec.parallelism)) { spec.completions = 1; spec.parallelism = 1; }
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', unset(spec.backoffLimitPerIndex) ? 6 : MAX_INT32);
  const template = asObj(spec.template);
  const labels = asObj(asObj(template?.metadata)?.labels);
  if (labels && mapLen(job.metadata?.labels) === 0) job.metadata.labels = { ...(labels as Record<string, string>) };
  setDefault(spec, 'completionMode', 'NonIndexed');
  setDefault(spec, 'suspend', false);
  const failurePolicy = asObj(spec.podFailurePolicy);
  for (const rule of objects(failurePolicy?.rules)) for (const pattern of objects(rule.onPodConditions)) setDefaultString(pattern, 'status', 'True');
  setDefault(spec, 'podReplacementPolicy', failurePolicy ? 'Failed' : 'TerminatingOrFailed');
  if (template) setDefaultsPodTemplateSpec(template);
}

/**
 * SetDefaults_CronJob: Allow, not suspended, history 3 successful / 1 failed. The job template's
 * spec gets only the pod template defaults (SetDefaults_Job applies to Jobs, not JobSpecs).
 */
export function setDefaultsCronJob(cj: KubeObject): void {
  const spec = ensureObj(cj, 'spec');
  setDefaultString(spec, 'concurrencyPolicy', 'Allow');
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobTemplate = asObj(spec.jobTemplate);
  if (!jobTemplate) return;
  const meta = ensureObj(jobTemplate, 'metadata');
  if (meta.creationTimestamp === undefined) meta.creationTimestamp = null;
  const template = asObj(asObj(jobTemplate.spec)?.template);
  if (template) setDefaultsPodTemplateSpec(template);
}
