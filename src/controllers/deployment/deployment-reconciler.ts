/**
 * The Deployment sync, after kube's DeploymentController.syncDeployment
 * (pkg/controller/deployment/deployment_controller.go). In order: a Deployment selecting
 * everything is refused with a SelectingAll warning; the ReplicaSets it selects are claimed
 * (adopted or released); a Deployment being deleted only reports status; pause and resume update
 * the Progressing condition; a paused Deployment or a scaling event is handled by sync (scale,
 * no rollout); otherwise the strategy rolls out one step.
 */
import { type LabelSelector, labelSelectorAsSelector } from '../../api/selector/label-selector.ts';
import type { Informer } from '../../controller/informer.ts';
import type { ReconcileResult, Reconciler } from '../../controller/reconciler.ts';
import { claimObjects, freshControllerCheck } from '../common/controller-ref-manager.ts';
import { getControllerOf, withTypeMeta } from '../common/controller-ref.ts';
import type { Deployment, Pod, ReplicaSet } from '../common/workload-types.ts';
import { REPLICA_SETS } from '../replicaset/replica-set-kind.ts';
import { cleanupDeployment } from './cleanup.ts';
import type { DeploymentContext } from './deployment-context.ts';
import { DEPLOYMENT_KIND, DEPLOYMENTS, defaultedDeployment } from './deployment-spec.ts';
import { checkPausedConditions, syncDeploymentStatus, updateDeploymentStatus } from './deployment-status.ts';
import { getAllReplicaSetsAndSyncRevision } from './new-replica-set.ts';
import { type PodMap, rolloutRecreate } from './recreate.ts';
import { rolloutRolling } from './rolling.ts';
import { isScalingEvent, scale } from './scale.ts';

export interface DeploymentReconcilerOptions {
  readonly context: DeploymentContext;
  readonly deploymentInformer: Informer;
}

export class DeploymentReconciler implements Reconciler {
  constructor(private readonly o: DeploymentReconcilerOptions) {}

  async reconcile(key: string): Promise<ReconcileResult | void> {
    const ctx = this.o.context;
    const cached = this.o.deploymentInformer.get(key) as Deployment | undefined;
    if (!cached) return; // deleted: the garbage collector removes its sets
    // A private copy with apps/v1 defaults: cached objects are shared and read-only.
    const d = defaultedDeployment(withTypeMeta(cached, DEPLOYMENT_KIND));

    const selectorObject = d.spec?.selector;
    // Only a selector with neither matchLabels nor matchExpressions is "everything" (reflect.DeepEqual with {}).
    if (selectorObject && selectorObject.matchLabels == null && selectorObject.matchExpressions == null) {
      ctx.recorder.event(d, 'Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
      if ((d.status?.observedGeneration ?? 0) < (d.metadata.generation ?? 0)) {
        d.status = { ...d.status, observedGeneration: d.metadata.generation };
        await updateDeploymentStatus(ctx, d).catch(() => undefined);
      }
      return;
    }
    let selector: LabelSelector;
    try {
      selector = labelSelectorAsSelector(selectorObject);
    } catch (e) {
      throw new Error(`deployment ${key} has invalid label selector: ${(e as Error).message}`);
    }

    const rsList = await this.replicaSetsFor(d, selector);
    const podMap = this.podMapFor(d, { rsList, selector });

    if (d.metadata.deletionTimestamp) {
      const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, { rsList, create: false });
      return syncDeploymentStatus(ctx, d, { allRSs: [...oldRSs, newRS], newRS });
    }
    await checkPausedConditions(ctx, d);
    if (d.spec?.paused) return this.sync(d, rsList);
    if (await isScalingEvent(ctx, d, { rsList })) return this.sync(d, rsList);
    switch (d.spec?.strategy?.type) {
      case 'Recreate':
        return rolloutRecreate(ctx, d, { rsList, podMap });
      case 'RollingUpdate':
        return rolloutRolling(ctx, d, { rsList });
    }
    throw new Error(`unexpected deployment strategy type: ${d.spec?.strategy?.type}`);
  }

  /** kube's sync: scaling events and paused Deployments scale without rolling out. */
  private async sync(d: Deployment, rsList: ReplicaSet[]): Promise<void> {
    const ctx = this.o.context;
    const { newRS, oldRSs } = await getAllReplicaSetsAndSyncRevision(ctx, d, { rsList, create: false });
    await scale(ctx, d, { newRS, oldRSs });
    // A paused Deployment cleans up here, as no rollout will complete to do it.
    if (d.spec?.paused) await cleanupDeployment(ctx, d, { oldRSs });
    await syncDeploymentStatus(ctx, d, { allRSs: [...oldRSs, newRS], newRS });
  }

  /**
   * getReplicaSetsForDeployment: the sets this Deployment controls after adopting orphans its
   * selector matches and releasing its sets the selector no longer matches.
   */
  private replicaSetsFor(d: Deployment, selector: LabelSelector): Promise<ReplicaSet[]> {
    const ctx = this.o.context;
    const all = ctx.rsInformer.list(d.metadata.namespace) as ReplicaSet[];
    return claimObjects(all, {
      client: ctx.client, resource: REPLICA_SETS, controller: d, controllerKind: DEPLOYMENT_KIND, selector,
      canAdopt: freshControllerCheck({ client: ctx.client, resource: DEPLOYMENTS, controller: d, kind: 'Deployment' }),
    });
  }

  /**
   * getPodMapForDeployment: the selected pods grouped by the uid of the set controlling them,
   * inactive pods included (Recreate must wait for old pods to stop, not just to be deleted).
   */
  private podMapFor(d: Deployment, o: { rsList: readonly ReplicaSet[]; selector: LabelSelector }): PodMap {
    const map = new Map<string, Pod[]>(o.rsList.map((rs) => [rs.metadata.uid!, []]));
    for (const pod of this.o.context.podInformer.list(d.metadata.namespace) as Pod[]) {
      if (!o.selector.matches(pod.metadata.labels)) continue;
      const ref = getControllerOf(pod);
      if (ref) map.get(ref.uid)?.push(pod);
    }
    return map;
  }
}
