/**
 * The deployment.kubernetes.io annotations the deployment controller keeps on Deployments and
 * their ReplicaSets (pkg/controller/deployment/util/deployment_util.go): the rollout revision
 * (read by `kubectl rollout history|undo`), the revisions a rolled-back-to set served before, and
 * the desired and maximum replica counts that let later syncs tell a scaling event from a rollout.
 */
import type { KubeObject } from '../../api/object.ts';
import type { Deployment, ReplicaSet } from '../common/workload-types.ts';
import { deploymentReplicas } from './deployment-spec.ts';
import { maxSurge } from './fenceposts.ts';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const REVISION_HISTORY_ANNOTATION = 'deployment.kubernetes.io/revision-history';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';
/** apps.DeprecatedRollbackTo, written by the extensions/v1beta1 rollback subresource. */
export const DEPRECATED_ROLLBACK_TO_ANNOTATION = 'deprecated.deployment.rollback.to';
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/** as kube's maxRevHistoryLengthInChars: the revision-history annotation stays under this. */
export const MAX_REVISION_HISTORY_CHARS = 2000;

/** Annotations a Deployment does not copy to its ReplicaSets (annotationsToSkip). */
const SKIPPED = new Set([LAST_APPLIED_ANNOTATION, REVISION_ANNOTATION, REVISION_HISTORY_ANNOTATION, DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, DEPRECATED_ROLLBACK_TO_ANNOTATION]);

export function skipCopyAnnotation(key: string): boolean {
  return SKIPPED.has(key);
}

const INT = /^[+-]?\d+$/;

/**
 * The object's revision (util.Revision): 0 when unannotated, undefined when the annotation is not
 * an integer (such sets are skipped when computing revisions, as kube logs and skips them).
 */
export function revisionOf(obj: KubeObject): number | undefined {
  const v = obj.metadata.annotations?.[REVISION_ANNOTATION];
  if (v === undefined) return 0;
  return INT.test(v) ? Number.parseInt(v, 10) : undefined;
}

/** The highest revision among the sets (util.MaxRevision). */
export function maxRevision(sets: readonly ReplicaSet[]): number {
  let max = 0;
  for (const rs of sets) {
    const v = revisionOf(rs);
    if (v !== undefined && v > max) max = v;
  }
  return max;
}

/** Sets the Deployment's revision annotation; true when it changed (util.SetDeploymentRevision). */
export function setDeploymentRevision(d: Deployment, revision: string): boolean {
  const annotations = (d.metadata.annotations ??= {});
  if (annotations[REVISION_ANNOTATION] === revision) return false;
  annotations[REVISION_ANNOTATION] = revision;
  return true;
}

/** Copies the Deployment's annotations, except the skipped ones, to the set; true when any changed. */
function copyDeploymentAnnotationsToReplicaSet(d: Deployment, rs: ReplicaSet): boolean {
  const target = (rs.metadata.annotations ??= {});
  let changed = false;
  for (const [k, v] of Object.entries(d.metadata.annotations ?? {})) {
    if (skipCopyAnnotation(k) || target[k] === v) continue;
    target[k] = v;
    changed = true;
  }
  return changed;
}

/**
 * util.SetNewReplicaSetAnnotations: copies the Deployment's annotations to its new set, raises
 * the set's revision to newRevision when lower (remembering the previous one in revision-history:
 * this is a rollback to an old set), and for a set about to be created adds the desired and max
 * replicas annotations. True when anything changed.
 */
export function setNewReplicaSetAnnotations(d: Deployment, rs: ReplicaSet, options: { newRevision: string; exists: boolean }): boolean {
  let changed = copyDeploymentAnnotationsToReplicaSet(d, rs);
  const annotations = (rs.metadata.annotations ??= {});
  const oldRevision = annotations[REVISION_ANNOTATION];
  let oldRevisionInt = 0;
  if (oldRevision !== undefined && oldRevision !== '') {
    if (!INT.test(oldRevision)) return false; // as kube: an unparsable revision is left alone
    oldRevisionInt = Number.parseInt(oldRevision, 10);
  }
  if (!INT.test(options.newRevision)) return false;
  const newRevisionInt = Number.parseInt(options.newRevision, 10);
  if (oldRevisionInt < newRevisionInt) {
    annotations[REVISION_ANNOTATION] = options.newRevision;
    changed = true;
    if (oldRevision !== undefined) appendRevisionHistory(annotations, oldRevision);
  }
  if (!options.exists && setReplicasAnnotations(rs, { desired: deploymentReplicas(d), max: deploymentReplicas(d) + maxSurge(d) })) changed = true;
  return changed;
}

/** Appends a revision to revision-history, dropping the oldest entries to stay under the limit. */
function appendRevisionHistory(annotations: Record<string, string>, oldRevision: string): void {
  const history = annotations[REVISION_HISTORY_ANNOTATION] ?? '';
  if (history === '') {
    annotations[REVISION_HISTORY_ANNOTATION] = oldRevision;
    return;
  }
  const revisions = history.split(',');
  let total = history.length + oldRevision.length + 1;
  let start = 0;
  while (total > MAX_REVISION_HISTORY_CHARS && start < revisions.length) {
    total -= revisions[start].length + 1;
    start++;
  }
  if (total <= MAX_REVISION_HISTORY_CHARS) annotations[REVISION_HISTORY_ANNOTATION] = [...revisions.slice(start), oldRevision].join(',');
  else console.error(`deployment: not appending revision: revision history limit of ${MAX_REVISION_HISTORY_CHARS} characters reached`);
}

/** Sets desired-replicas and max-replicas; true when either changed. */
export function setReplicasAnnotations(rs: ReplicaSet, counts: { desired: number; max: number }): boolean {
  const annotations = (rs.metadata.annotations ??= {});
  let changed = false;
  if (annotations[DESIRED_REPLICAS_ANNOTATION] !== String(counts.desired)) { annotations[DESIRED_REPLICAS_ANNOTATION] = String(counts.desired); changed = true; }
  if (annotations[MAX_REPLICAS_ANNOTATION] !== String(counts.max)) { annotations[MAX_REPLICAS_ANNOTATION] = String(counts.max); changed = true; }
  return changed;
}

export function replicasAnnotationsNeedUpdate(rs: ReplicaSet, counts: { desired: number; max: number }): boolean {
  const annotations = rs.metadata.annotations ?? {};
  return annotations[DESIRED_REPLICAS_ANNOTATION] !== String(counts.desired) || annotations[MAX_REPLICAS_ANNOTATION] !== String(counts.max);
}

function intAnnotation(rs: ReplicaSet, key: string): number | undefined {
  const v = rs.metadata.annotations?.[key];
  return v !== undefined && INT.test(v) ? Number.parseInt(v, 10) : undefined;
}

/** The desired-replicas annotation, if present and an integer. */
export function desiredReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
}

/** The max-replicas annotation, if present and an integer. */
export function maxReplicasAnnotation(rs: ReplicaSet): number | undefined {
  return intAnnotation(rs, MAX_REPLICAS_ANNOTATION);
}
