/**
 * Deletes everything in a namespace, one resource at a time, after kube's
 * namespace/deletion/namespaced_resources_deleter.go deleteAllContent: per namespaced resource,
 * deletecollection (or list and delete each item when deletecollection is not served) with
 * background propagation, then a list of what is left. Leftovers that carry finalizers, or pods
 * still in their grace period, are the normal case and give an estimate of how long to wait;
 * leftovers without either are an error.
 */
import type { GroupVersionResource, KubeObject } from '../../api/object.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { Client } from '../../client/client.ts';
import type { DeletionFindings } from './namespace-conditions.ts';

/** as finalizerEstimateSeconds: how long objects held by finalizers are assumed to take. */
export const FINALIZER_ESTIMATE_SECONDS = 15;

export interface ContentDeletionResult extends DeletionFindings {
  /** Seconds until the content is expected to be gone; 0 when nothing is left. */
  readonly estimateSeconds: number;
}

const isNotServed = (e: unknown) => [404, 405].includes((e as { code?: number }).code ?? 0);

/**
 * Deletes the content of `namespace` for every namespaced resource that can be listed and
 * deleted. Never throws for one resource's failure: failures are reported in contentErrors.
 */
export async function deleteAllContent(client: Client, namespace: string, resources: readonly ResourceInfo[]): Promise<ContentDeletionResult> {
  let estimateSeconds = 0;
  const contentErrors: string[] = [];
  const remainingByResource = new Map<string, number>();
  const remainingByFinalizer = new Map<string, number>();
  for (const r of resources) {
    if (!r.namespaced || !r.verbs.includes('list') || !r.verbs.includes('delete')) continue;
    const gvr: GroupVersionResource = { group: r.group, version: r.version, resource: r.resource };
    const rc = client.resource(gvr).namespace(namespace);
    try {
      // Pods in their grace period are expected to take their terminationGracePeriodSeconds.
      let estimate = r.group === '' && r.resource === 'pods' ? podGraceEstimate((await rc.list()).items) : 0;
      if (r.verbs.includes('deletecollection')) {
        try {
          await rc.deleteCollection({ propagationPolicy: 'Background' });
        } catch (e) {
          if (!isNotServed(e)) throw e;
          await deleteEachItem(rc);
        }
      } else {
        await deleteEachItem(rc);
      }
      const left = (await rc.list()).items;
      if (left.length === 0) continue;
      const finalizers = new Map<string, number>();
      for (const item of left) for (const f of item.metadata.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
      remainingByResource.set(`${r.resource}.${r.group}`, left.length);
      for (const [f, n] of finalizers) remainingByFinalizer.set(f, (remainingByFinalizer.get(f) ?? 0) + n);
      if (estimate === 0 && finalizers.size > 0) estimate = FINALIZER_ESTIMATE_SECONDS;
      if (estimate === 0) {
        contentErrors.push(`unexpected items still remain in namespace: ${namespace} for gvr: ${gvrString(gvr)}`);
      }
      estimateSeconds = Math.max(estimateSeconds, estimate);
    } catch (e) {
      if (isNotServed(e)) continue;
      contentErrors.push(`failed to delete ${gvrString(gvr)}: ${(e as Error).message}`);
    }
  }
  return { estimateSeconds, contentErrors, remainingByResource, remainingByFinalizer };
}

async function deleteEachItem(rc: ReturnType<ReturnType<Client['resource']>['namespace']>): Promise<void> {
  for (const item of (await rc.list()).items) {
    try {
      await rc.delete(item.metadata.name!, { propagationPolicy: 'Background' });
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }
}

/** as estimateGracefulTerminationForPods: the longest terminationGracePeriodSeconds of the non-terminal pods. */
export function podGraceEstimate(pods: readonly KubeObject[]): number {
  let estimate = 0;
  for (const pod of pods) {
    const phase = (pod.status as { phase?: string } | undefined)?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') continue;
    const grace = (pod.spec as { terminationGracePeriodSeconds?: number } | undefined)?.terminationGracePeriodSeconds;
    if (typeof grace === 'number' && grace > estimate) estimate = grace;
  }
  return estimate;
}

/** schema.GroupVersionResource's String(): "apps/v1, Resource=deployments". */
function gvrString(gvr: GroupVersionResource): string {
  return `${gvr.group ? `${gvr.group}/` : ''}${gvr.version}, Resource=${gvr.resource}`;
}
