/**
 * Rules shared by the replicated workloads (ReplicationController, ReplicaSet, Deployment,
 * DaemonSet, StatefulSet), after pkg/apis/apps/validation (ValidatePodTemplateSpecForReplicaSet,
 * ValidateReplicaSetStatus, ValidateDeploymentStatus ...) and their core twins.
 */
import { type FieldError, child, forbidden, invalidValue, notSupported, required } from '../field-error.ts';
import { LabelSelector } from '../selector/label-selector.ts';
import { type Obj, asObj, asStr, asStrMap } from './access.ts';
import { validateNonnegativeField } from './common.ts';
import { validatePodTemplateSpec } from './core-pod-spec.ts';
import { asSelector } from './label-selector.ts';

export const SELECTOR_MISMATCH = '`selector` does not match template `labels`';

/**
 * The template's labels must satisfy the selector (unless the selector is empty or invalid); kube
 * shows the whole label map as the bad value.
 */
export function validateSelectorMatchesTemplate(selector: LabelSelector | undefined, template: Obj | undefined, path: string): FieldError[] {
  if (!selector || selector.isEmpty()) return [];
  const labels = asStrMap(asObj(template?.metadata)?.labels);
  return selector.matches(labels) ? [] : [invalidValue(child(child(path, 'metadata'), 'labels'), labels, SELECTOR_MISMATCH)];
}

/** LabelSelectorAsSelector for a spec.selector, undefined when it cannot be converted. */
export function specSelector(selector: unknown): LabelSelector | undefined {
  const s = asSelector(selector);
  return s instanceof LabelSelector ? s : undefined;
}

/**
 * ValidatePodTemplateSpecForReplicaSet (and the RC one): template present, matching the selector,
 * valid, restartPolicy Always, no activeDeadlineSeconds. `owner` names the kind in the message.
 */
export function validateTemplateForReplicaSet(template: unknown, selector: LabelSelector | undefined, path: string, owner: string): FieldError[] {
  const t = asObj(template);
  if (!t) return [required(path, '')];
  const errs = validateSelectorMatchesTemplate(selector, t, path);
  errs.push(...validatePodTemplateSpec(t, path));
  const spec = asObj(t.spec) ?? {};
  const restartPolicy = asStr(spec.restartPolicy);
  if (restartPolicy !== 'Always') errs.push(notSupported(child(child(path, 'spec'), 'restartPolicy'), restartPolicy, ['Always']));
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errs.push(forbidden(child(child(path, 'spec'), 'activeDeadlineSeconds'), `activeDeadlineSeconds in ${owner} is not Supported`));
  }
  return errs;
}

/**
 * A replica-count status: every field non-negative, the "cannot be greater than" relations.
 * `bounds` are [field, bound field, message].
 */
export function validateCountStatus(status: unknown, path: string, fields: readonly string[], bounds: readonly (readonly [string, string, string])[]): FieldError[] {
  const s = asObj(status) ?? {};
  const errs = fields.flatMap((f) => validateNonnegativeField(s[f], child(path, f)));
  for (const [f, bound, msg] of bounds) {
    const v = typeof s[f] === 'number' ? s[f] : 0;
    const b = typeof s[bound] === 'number' ? s[bound] : 0;
    if (v > b) errs.push(invalidValue(child(path, f), v, msg));
  }
  return errs;
}

const GT_REPLICAS = 'cannot be greater than status.replicas';
/** ValidateReplicaSetStatus / ValidateReplicationControllerStatus. */
export function validateReplicaSetStatus(status: unknown): FieldError[] {
  return validateCountStatus(status, 'status', ['replicas', 'fullyLabeledReplicas', 'readyReplicas', 'availableReplicas', 'observedGeneration'], [
    ['fullyLabeledReplicas', 'replicas', GT_REPLICAS], ['readyReplicas', 'replicas', GT_REPLICAS],
    ['availableReplicas', 'replicas', GT_REPLICAS], ['availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'],
  ]);
}

/** ValidateDeploymentStatus. */
export function validateDeploymentStatus(status: unknown): FieldError[] {
  return validateCountStatus(status, 'status', ['observedGeneration', 'replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas', 'unavailableReplicas', 'collisionCount'], [
    ['updatedReplicas', 'replicas', GT_REPLICAS], ['readyReplicas', 'replicas', GT_REPLICAS],
    ['availableReplicas', 'replicas', GT_REPLICAS], ['availableReplicas', 'readyReplicas', 'cannot be greater than readyReplicas'],
  ]);
}

/** ValidateStatefulSetStatus. */
export function validateStatefulSetStatus(status: unknown): FieldError[] {
  return validateCountStatus(status, 'status', ['replicas', 'readyReplicas', 'currentReplicas', 'updatedReplicas', 'availableReplicas', 'observedGeneration', 'collisionCount'], [
    ['readyReplicas', 'replicas', GT_REPLICAS], ['currentReplicas', 'replicas', GT_REPLICAS], ['updatedReplicas', 'replicas', GT_REPLICAS],
    ['availableReplicas', 'replicas', GT_REPLICAS], ['availableReplicas', 'readyReplicas', 'cannot be greater than status.readyReplicas'],
  ]);
}

/** ValidateDaemonSetStatus. */
export function validateDaemonSetStatus(status: unknown): FieldError[] {
  return validateCountStatus(status, 'status', ['currentNumberScheduled', 'numberMisscheduled', 'desiredNumberScheduled', 'numberReady',
    'observedGeneration', 'updatedNumberScheduled', 'numberAvailable', 'numberUnavailable', 'collisionCount'], []);
}
