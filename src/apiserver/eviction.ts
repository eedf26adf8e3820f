/**
 * The eviction subresource (POST pods/{name}/eviction of a policy/v1 or v1beta1 Eviction), as
 * kube-apiserver's EvictionREST (pkg/registry/core/pod/storage/eviction.go):
 *  - a pod that is Pending, Succeeded, Failed or already terminating is deleted without
 *    looking at PodDisruptionBudgets;
 *  - otherwise the one PDB whose selector matches the pod must allow a disruption: its
 *    status.disruptionsAllowed is decremented (and the pod recorded in status.disruptedPods) with
 *    a conflict-checked status update before the pod is deleted; with none allowed the answer is
 *    429 TooManyRequests "Cannot evict pod as it would violate the pod's disruption budget." with
 *    a DisruptionBudget cause; more than one matching PDB is a 500;
 *  - an unready pod may go without spending the budget when the budget is met (or when the PDB's
 *    unhealthyPodEvictionPolicy is AlwaysAllow), guarded by a resourceVersion precondition;
 *  - before deletion the pod gets the DisruptionTarget condition (reason EvictionByEvictionAPI).
 * Conflicts are retried (kube: 20 steps of 500 ms; here at once, since they are local).
 */
import type { KubeObject } from '../api/object.ts';
import { labelSelectorAsSelector, type LabelSelectorObject } from '../api/selector/label-selector.ts';
import { badRequest, conflict, forbidden, type Status, StatusError, timeout, tooManyRequests } from '../api/status.ts';
import type { Store } from '../registry/store.ts';
import type { DeleteOptions } from '../registry/store-types.ts';
import { type Clock, rfc3339 } from '../util/clock.ts';

export interface EvictionDeps {
  /** The core/v1 pods Store. */
  readonly pods: Store;
  /** The policy/v1 poddisruptionbudgets Store. */
  readonly pdbs: Store;
  readonly clock: Clock;
}

export interface EvictionRequest {
  readonly namespace: string;
  /** The pod name from the URL. */
  readonly name: string;
  /** The decoded Eviction body. */
  readonly body: KubeObject;
  /** dryRun=All on the request. */
  readonly dryRun: boolean;
}

/** as EvictionsRetry.Steps. */
const RETRIES = 20;
/** as MaxDisruptedPodSize. */
const MAX_DISRUPTED_POD_SIZE = 2000;
const PDB_RESOURCE = { group: 'policy', resource: 'poddisruptionbudget' };
const PODS = { group: '', resource: 'pods' };

interface WireDeleteOptions {
  gracePeriodSeconds?: number;
  propagationPolicy?: DeleteOptions['propagationPolicy'];
  orphanDependents?: boolean;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: string[];
}

interface PdbStatus {
  observedGeneration?: number;
  disruptionsAllowed?: number;
  currentHealthy?: number;
  desiredHealthy?: number;
  disruptedPods?: Record<string, string>;
  conditions?: { type: string; status: string; reason?: string; message?: string; observedGeneration?: number; lastTransitionTime?: string }[];
}

const isConflict = (e: unknown) => e instanceof StatusError && e.code === 409 && e.reason === 'Conflict';

/**
 * Evicts a pod. Resolves with the Status to answer (code 201 on success, as a create; code 500
 * when several PDBs match); rejects with a StatusError (404, 400, 429, 403, 409, 504).
 */
export async function evictPod(deps: EvictionDeps, request: EvictionRequest): Promise<Status> {
  const eviction = request.body as KubeObject & { deleteOptions?: WireDeleteOptions | null };
  const gv = eviction.apiVersion ?? 'policy/v1';
  if (gv !== 'policy/v1' && gv !== 'policy/v1beta1') throw badRequest(`unsupported Eviction version ${gv}: expected policy/v1 or policy/v1beta1`);
  if (eviction.metadata?.name !== request.name) throw badRequest('name in URL does not match name in Eviction object');
  const original = deleteOptionsOf(eviction.deleteOptions ?? {}, request.dryRun);
  const rvUnset = !original.preconditions?.resourceVersion;
  const { namespace, name } = request;

  // Pods whose disruption already happened (or cannot matter) are deleted directly.
  let pod: KubeObject | undefined;
  for (let attempt = 1; ; attempt++) {
    pod = await deps.pods.get(namespace, name);
    if (!canIgnorePDB(pod)) break;
    const options = shouldEnforceResourceVersion(pod) && rvUnset ? withResourceVersion(original, pod) : original;
    try {
      await addConditionAndDeletePod(deps, namespace, name, options);
      return evicted();
    } catch (e) {
      if (!(isConflict(e) && rvUnset && attempt < RETRIES)) throw e;
    }
  }

  const pdbs = (await deps.pdbs.list(namespace)).items.filter((pdb) => selects(pdb, pod));
  if (pdbs.length > 1) {
    return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.', code: 500 };
  }
  let updateDeletionOptions = false;
  const pdbName = pdbs[0]?.metadata.name ?? '';
  if (pdbs.length === 1) {
    let pdb = pdbs[0];
    const status = (pdb.status ?? {}) as PdbStatus;
    const alwaysAllow = (pdb.spec as { unhealthyPodEvictionPolicy?: string } | undefined)?.unhealthyPodEvictionPolicy === 'AlwaysAllow';
    // An unready pod does not count as healthy: deleting it spends no budget while the budget holds.
    if (!isPodReady(pod) && (alwaysAllow || ((status.currentHealthy ?? 0) >= (status.desiredHealthy ?? 0) && (status.desiredHealthy ?? 0) > 0))) {
      updateDeletionOptions = true;
    } else {
      for (let attempt = 1; ; attempt++) {
        try {
          await checkAndDecrement(deps, pdb, name, original.dryRun ?? false);
          break;
        } catch (e) {
          if (!isConflict(e)) throw e;
          if (attempt >= RETRIES) throw timeout(`couldn't update PodDisruptionBudget "${pdbName}" due to conflicts`, 10);
          pdb = await deps.pdbs.get(namespace, pdbName);
        }
      }
    }
  }

  // Guard the delete of an unready pod against it turning ready meanwhile.
  const options = updateDeletionOptions ? withResourceVersion(original, pod) : original;
  try {
    await addConditionAndDeletePod(deps, namespace, name, options);
  } catch (e) {
    if (isConflict(e) && updateDeletionOptions && rvUnset) throw budgetStillProcessing(pdbName);
    throw e;
  }
  return evicted();
}

function evicted(): Status {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 201 };
}

function deleteOptionsOf(o: WireDeleteOptions, requestDryRun: boolean): DeleteOptions {
  const bodyDryRun = Array.isArray(o.dryRun) && o.dryRun.length > 0;
  // as propagateDryRun: the request's and the body's dry-run must agree when both are given.
  if (bodyDryRun && requestDryRun && !(o.dryRun!.length === 1 && o.dryRun![0] === 'All')) {
    throw badRequest(`Non-matching dry-run options in request and content: [All] and [${o.dryRun!.join(' ')}]`);
  }
  let policy = o.propagationPolicy;
  if (policy === undefined && typeof o.orphanDependents === 'boolean') policy = o.orphanDependents ? 'Orphan' : 'Background';
  return {
    gracePeriodSeconds: o.gracePeriodSeconds,
    propagationPolicy: policy,
    preconditions: o.preconditions ?? undefined,
    dryRun: requestDryRun || (bodyDryRun && o.dryRun!.includes('All')),
  };
}

function withResourceVersion(options: DeleteOptions, pod: KubeObject): DeleteOptions {
  return { ...options, preconditions: { ...options.preconditions, resourceVersion: pod.metadata.resourceVersion } };
}

function phaseOf(pod: KubeObject): string | undefined {
  return (pod.status as { phase?: string } | undefined)?.phase;
}

/** as canIgnorePDB. */
function canIgnorePDB(pod: KubeObject): boolean {
  const phase = phaseOf(pod);
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Pending' || !!pod.metadata.deletionTimestamp;
}

/** as shouldEnforceResourceVersion: only a pod that could still become ready needs the guard. */
function shouldEnforceResourceVersion(pod: KubeObject): boolean {
  const phase = phaseOf(pod);
  return !(phase === 'Succeeded' || phase === 'Failed' || pod.metadata.deletionTimestamp);
}

function isPodReady(pod: KubeObject): boolean {
  const conditions = (pod.status as { conditions?: { type: string; status: string }[] } | undefined)?.conditions ?? [];
  return conditions.some((c) => c.type === 'Ready' && c.status === 'True');
}

/** as getPodDisruptionBudgets: a PDB with a missing, empty or invalid selector matches no pod here. */
function selects(pdb: KubeObject, pod: KubeObject): boolean {
  try {
    const selector = labelSelectorAsSelector((pdb.spec as { selector?: LabelSelectorObject | null } | undefined)?.selector);
    return !selector.isEmpty() && selector.matches(pod.metadata.labels);
  } catch {
    return false;
  }
}

function budgetError(retryAfterSeconds: number, cause: string): StatusError {
  const err = tooManyRequests("Cannot evict pod as it would violate the pod's disruption budget.", retryAfterSeconds);
  const details = { ...err.status.details, causes: [{ reason: 'DisruptionBudget', message: cause }] };
  if (!retryAfterSeconds) delete details.retryAfterSeconds;
  err.status.details = details;
  return err;
}

/** as createTooManyRequestsError. */
function budgetStillProcessing(pdbName: string): StatusError {
  return budgetError(10, `The disruption budget ${pdbName} is still being processed by the server.`);
}

/** as checkAndDecrement: spend one allowed disruption, recording the pod in disruptedPods. */
async function checkAndDecrement(deps: EvictionDeps, pdb: KubeObject, podName: string, dryRun: boolean): Promise<void> {
  const pdbName = pdb.metadata.name!;
  const status = structuredClone((pdb.status ?? {}) as PdbStatus);
  if ((status.observedGeneration ?? 0) < (pdb.metadata.generation ?? 0)) throw budgetStillProcessing(pdbName);
  const allowed = status.disruptionsAllowed ?? 0;
  if (allowed < 0) throw forbidden(PDB_RESOURCE, pdbName, 'pdb disruptions allowed is negative');
  if (Object.keys(status.disruptedPods ?? {}).length > MAX_DISRUPTED_POD_SIZE) {
    throw forbidden(PDB_RESOURCE, pdbName, 'DisruptedPods map too big - too many evictions not confirmed by PDB controller');
  }
  if (allowed === 0) {
    throw budgetError(0, `The disruption budget ${pdbName} needs ${status.desiredHealthy ?? 0} healthy pods and has ${status.currentHealthy ?? 0} currently`);
  }
  status.disruptionsAllowed = allowed - 1;
  const now = deps.clock.now();
  if (status.disruptionsAllowed === 0) {
    // as UpdateDisruptionAllowedCondition.
    const conditions = status.conditions ?? [];
    const old = conditions.find((c) => c.type === 'DisruptionAllowed');
    const next = {
      type: 'DisruptionAllowed', status: 'False', reason: 'InsufficientPods', message: '', observedGeneration: status.observedGeneration,
      lastTransitionTime: old && old.status === 'False' ? old.lastTransitionTime : rfc3339(now),
    };
    status.conditions = old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next];
  }
  if (dryRun) return;
  status.disruptedPods = { ...(status.disruptedPods ?? {}), [podName]: rfc3339(now) };
  // The body's resourceVersion makes this a compare-and-swap: a concurrent eviction gets 409.
  await deps.pdbs.update(pdb.metadata.namespace, pdbName, { ...pdb, status }, { subresource: 'status' });
}

/**
 * as addConditionAndDeletePod: DisruptionTarget=True on the latest pod (checking the delete's
 * preconditions against it), then the delete, with the resourceVersion precondition moved to
 * the version the condition write produced.
 */
async function addConditionAndDeletePod(deps: EvictionDeps, namespace: string, name: string, options: DeleteOptions): Promise<void> {
  let opts = options;
  if (!options.dryRun) {
    const updated = await deps.pods.guaranteedUpdate(namespace, name, (current) => {
      const p = options.preconditions;
      if (p?.uid && p.uid !== current.metadata.uid) {
        throw conflict(PODS, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.metadata.uid}`);
      }
      if (p?.resourceVersion && p.resourceVersion !== current.metadata.resourceVersion) {
        throw conflict(PODS, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.metadata.resourceVersion}`);
      }
      const status = (current.status ?? {}) as { conditions?: { type: string; status: string; lastTransitionTime?: string; lastProbeTime?: string | null; reason?: string; message?: string }[] };
      const conditions = status.conditions ?? [];
      const old = conditions.find((c) => c.type === 'DisruptionTarget');
      const next = {
        type: 'DisruptionTarget', status: 'True', lastProbeTime: null,
        lastTransitionTime: old?.status === 'True' ? old.lastTransitionTime : rfc3339(deps.clock.now()),
        reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting',
      };
      current.status = { ...status, conditions: old ? conditions.map((c) => (c === old ? next : c)) : [...conditions, next] };
      return current;
    }, { subresource: 'status' });
    if (options.preconditions?.resourceVersion) {
      opts = { ...options, preconditions: { ...options.preconditions, resourceVersion: updated.metadata.resourceVersion } };
    }
  }
  await deps.pods.delete(namespace, name, opts);
}
