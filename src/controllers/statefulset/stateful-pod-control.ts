/**
 * Pod and claim writes of the StatefulSet controller, after kube-controller-manager's
 * StatefulPodControl (pkg/controller/statefulset/stateful_pod_control.go): a pod's claims are
 * created before the pod; identity, storage and claim ownership are repaired in place; every
 * write is recorded on the set with kube's words — "create Pod web-0 in StatefulSet web
 * successful", "create Claim www-web-0 Pod web-0 in StatefulSet web success", and
 * Failed<Verb> "… failed error: <err>".
 */
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import type { Informer } from '../../controller/informer.ts';
import { PODS } from '../common/pod-control.ts';
import type { Pod } from '../common/workload-types.ts';
import { hasUnexpectedController, isClaimOwnerUpToDate, retentionPolicy, updateClaimOwnerRefs } from './claim-retention.ts';
import { claimName, getOrdinal, identityMatches, persistentVolumeClaims, storageMatches, updateIdentity, updateStorage } from './stateful-set-utils.ts';
import { PERSISTENT_VOLUME_CLAIMS, type PersistentVolumeClaim, POD_KIND, type StatefulSet } from './stateful-set-types.ts';

const isConflict = (e: unknown) => (e as { code?: number }).code === 409;
const title = (verb: string) => verb[0].toUpperCase() + verb.slice(1);

export class StatefulPodControl {
  constructor(private readonly o: { client: Client; recorder: EventRecorder; pvcInformer: Informer; podInformer: Informer }) {}

  private claim(namespace: string, name: string): PersistentVolumeClaim | undefined {
    return this.o.pvcInformer.get(`${namespace}/${name}`) as PersistentVolumeClaim | undefined;
  }

  private recordPodEvent(verb: string, set: StatefulSet, pod: Pod, error?: unknown): void {
    if (error === undefined) {
      this.o.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
    } else {
      this.o.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(error as Error).message}`);
    }
  }

  private recordClaimEvent(verb: string, set: StatefulSet, pod: Pod, claim: PersistentVolumeClaim, error?: unknown): void {
    if (error === undefined) {
      this.o.recorder.event(set, 'Normal', `Successful${title(verb)}`, `${verb} Claim ${claim.metadata.name} Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} success`);
    } else {
      this.o.recorder.event(set, 'Warning', `Failed${title(verb)}`, `${verb} Claim ${claim.metadata.name} for Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} failed error: ${(error as Error).message}`);
    }
  }

  /** createPersistentVolumeClaims: the pod's missing claims; a claim being deleted is an error. */
  async createMissingClaims(set: StatefulSet, pod: Pod): Promise<void> {
    const errors: string[] = [];
    for (const claim of persistentVolumeClaims(set, pod).values()) {
      const existing = this.claim(set.metadata.namespace!, claim.metadata.name!);
      if (existing) {
        if (existing.metadata.deletionTimestamp) errors.push(`pvc ${claim.metadata.name} is being deleted`);
        continue;
      }
      try {
        await this.o.client.resource(PERSISTENT_VOLUME_CLAIMS).namespace(set.metadata.namespace!).create(claim);
        this.recordClaimEvent('create', set, pod, claim);
      } catch (e) {
        errors.push(`failed to create PVC ${claim.metadata.name}: ${(e as Error).message}`);
        if (!isConflict(e)) this.recordClaimEvent('create', set, pod, claim, e);
      }
    }
    if (errors.length) throw new Error(errors.length === 1 ? errors[0] : `[${errors.join(', ')}]`);
  }

  /** CreateStatefulPod: claims, then the pod, then claim ownership for the retention policy. An existing pod is not re-reported. */
  async createStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.createMissingClaims(set, pod);
    } catch (e) {
      this.recordPodEvent('create', set, pod, e);
      throw e;
    }
    try {
      await this.o.client.resource(PODS).namespace(set.metadata.namespace!).create(pod);
    } catch (e) {
      if (!isConflict(e)) this.recordPodEvent('create', set, pod, e);
      throw e;
    }
    try {
      await this.updatePodClaimForRetentionPolicy(set, pod);
    } catch (e) {
      this.recordPodEvent('update', set, pod, e);
      throw e;
    }
    this.recordPodEvent('create', set, pod);
  }

  /** DeleteStatefulPod: claims stay (the retention policy decides their fate). */
  async deleteStatefulPod(set: StatefulSet, pod: Pod): Promise<void> {
    try {
      await this.o.client.resource(PODS).namespace(set.metadata.namespace!).delete(pod.metadata.name!);
    } catch (e) {
      this.recordPodEvent('delete', set, pod, e);
      throw e;
    }
    this.recordPodEvent('delete', set, pod);
  }

  /** ClaimsMatchRetentionPolicy: every existing claim of the pod has the references the policy wants. */
  claimsMatchRetentionPolicy(set: StatefulSet, pod: Pod): boolean {
    const ordinal = getOrdinal(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const claim = this.claim(set.metadata.namespace!, claimName(set, t.metadata?.name ?? '', ordinal));
      if (claim && !isClaimOwnerUpToDate(claim, set, pod)) return false;
    }
    return true;
  }

  /** UpdatePodClaimForRetentionPolicy: rewrite the references of the pod's claims that are out of date. */
  async updatePodClaimForRetentionPolicy(set: StatefulSet, pod: Pod): Promise<void> {
    const ordinal = getOrdinal(pod);
    for (const t of set.spec?.volumeClaimTemplates ?? []) {
      const name = claimName(set, t.metadata?.name ?? '', ordinal);
      const claim = this.claim(set.metadata.namespace!, name);
      if (!claim) continue; // picked up on a later sync
      if (hasUnexpectedController(claim, set, pod)) {
        this.o.recorder.event(set, 'Warning', 'ConflictingController', `PersistentVolumeClaim ${name} has a conflicting OwnerReference that acts as a manging controller, the retention policy is ignored for this claim`);
      }
      if (isClaimOwnerUpToDate(claim, set, pod)) continue;
      try {
        await this.o.client.resource(PERSISTENT_VOLUME_CLAIMS).namespace(set.metadata.namespace!).update(updateClaimOwnerRefs(claim, set, pod));
      } catch (e) {
        throw new Error(`could not update claim ${name} for delete policy ownerRefs: ${(e as Error).message}`, { cause: e });
      }
    }
  }

  /** PodClaimIsStale: with whenScaled Delete, a claim still owned by an earlier pod of that name must go first. */
  podClaimIsStale(set: StatefulSet, pod: Pod): boolean {
    if (retentionPolicy(set).whenScaled === 'Retain') return false;
    for (const claim of persistentVolumeClaims(set, pod).values()) {
      const existing = this.claim(set.metadata.namespace!, claim.metadata.name!);
      const ref = existing?.metadata.ownerReferences?.find((r) => r.apiVersion === POD_KIND.apiVersion && r.kind === POD_KIND.kind && r.name === pod.metadata.name);
      if (ref && ref.uid !== pod.metadata.uid) return true;
    }
    return false;
  }

  /**
   * UpdateStatefulPod: repair identity, storage (creating missing claims) and claim ownership;
   * write the pod only if it changed, retrying conflicts on a fresh cached copy.
   */
  async updateStatefulPod(set: StatefulSet, original: Pod): Promise<void> {
    let pod = structuredClone(original);
    let attempted = false;
    let error: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      error = undefined;
      let consistent = true;
      if (!identityMatches(set, pod)) { updateIdentity(set, pod); consistent = false; }
      try {
        if (!storageMatches(set, pod)) {
          updateStorage(set, pod);
          consistent = false;
          await this.createMissingClaims(set, pod);
        }
        if (!this.claimsMatchRetentionPolicy(set, pod)) {
          await this.updatePodClaimForRetentionPolicy(set, pod);
          consistent = false;
        }
      } catch (e) {
        this.recordPodEvent('update', set, pod, e);
        throw e;
      }
      if (consistent) return;
      attempted = true;
      try {
        await this.o.client.resource(PODS).namespace(set.metadata.namespace!).update(pod);
        break;
      } catch (e) {
        error = e;
        if (!isConflict(e)) break;
        const fresh = this.o.podInformer.get(`${set.metadata.namespace}/${pod.metadata.name}`) as Pod | undefined;
        if (!fresh) break;
        pod = structuredClone(fresh);
      }
    }
    if (attempted) this.recordPodEvent('update', set, pod, error);
    if (error !== undefined) throw error;
  }
}
