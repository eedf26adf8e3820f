/**
 * The disruption controller, after kube-controller-manager's disruption DisruptionController:
 * keeps each PodDisruptionBudget's status (expectedPods, desiredHealthy, currentHealthy,
 * disruptionsAllowed, disruptedPods, observedGeneration and the DisruptionAllowed condition) in
 * line with the pods its selector matches; the eviction subresource reads and decrements it.
 * A PDB whose status cannot be computed gets disruptionsAllowed 0 and reason SyncFailed
 * (failSafe), so evictions stop rather than go unchecked.
 */
import { builtinResources, ResourceTable } from '../../api/builtin-resources.ts';
import type { KubeObject } from '../../api/object.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { labelSelectorAsSelector, type LabelSelectorObject } from '../../api/selector/label-selector.ts';
import { Controller } from '../../controller/controller.ts';
import { keyOf } from '../../controller/informer.ts';
import type { ReconcileResult } from '../../controller/reconciler.ts';
import { type ControllerDeps, recorderFor } from '../common/controller-deps.ts';
import { ControllerScaleFinder } from './controller-scale.ts';
import {
  countHealthyPods, disruptedPodMap, expectedPodCount, failSafeStatus, nextPdbStatus, type PdbSpec, type PdbStatus, usesControllerScale,
} from './pdb-status.ts';

const PDBS = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
const PODS = { group: '', version: 'v1', resource: 'pods' };

export interface DisruptionControllerOptions extends ControllerDeps {
  /** Served resources, to find the scale subresource of custom controllers. @default builtinResources() */
  readonly resources?: readonly ResourceInfo[];
}

function selectorOf(pdb: KubeObject) {
  return labelSelectorAsSelector((pdb.spec as { selector?: LabelSelectorObject | null } | undefined)?.selector);
}

export function newDisruptionController(options: DisruptionControllerOptions): Controller {
  const { client, clock, informers } = options;
  const recorder = recorderFor(options, 'controllermanager');
  const pdbs = informers.informerFor(PDBS);
  const pods = informers.informerFor(PODS);
  const finder = new ControllerScaleFinder(client, {
    replicationControllers: informers.informerFor({ group: '', version: 'v1', resource: 'replicationcontrollers' }),
    replicaSets: informers.informerFor({ group: 'apps', version: 'v1', resource: 'replicasets' }),
    deployments: informers.informerFor({ group: 'apps', version: 'v1', resource: 'deployments' }),
    statefulSets: informers.informerFor({ group: 'apps', version: 'v1', resource: 'statefulsets' }),
  }, new ResourceTable(options.resources ?? builtinResources()));

  async function writeStatus(pdb: KubeObject, status: PdbStatus): Promise<void> {
    await client.resource(PDBS).namespace(pdb.metadata.namespace!).update({ ...pdb, status }, { subresource: 'status' });
  }

  /** as trySync. Returns when to look again for pending disruptedPods entries. */
  async function trySync(pdb: KubeObject): Promise<number | undefined> {
    const selector = selectorOf(pdb);
    const matched = pods.list(pdb.metadata.namespace).filter((p) => selector.matches(p.metadata.labels));
    if (matched.length === 0) recorder.event(pdb, 'Normal', 'NoPods', 'No matching pods found');
    const spec = (pdb.spec ?? {}) as PdbSpec;
    let scale: number | undefined;
    if (usesControllerScale(spec)) {
      try {
        const found = await finder.expectedScale(matched);
        scale = found.scale;
        if (found.unmanaged.length) {
          recorder.event(pdb, 'Warning', 'UnmanagedPods', `Pods selected by this PodDisruptionBudget (selector: ${selector.toString()}) were found to be unmanaged. As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. To account for these pods please set ".spec.minAvailable" field of the PDB to an integer value.`);
        }
      } catch (e) {
        recorder.event(pdb, 'Warning', 'CalculateExpectedPodCountFailed', `Failed to calculate the number of expected pods: ${(e as Error).message}`);
        throw e;
      }
    }
    const { expectedCount, desiredHealthy } = expectedPodCount(spec, matched.length, scale);
    const now = clock.now();
    const disrupted = disruptedPodMap(matched, (pdb.status as PdbStatus | undefined)?.disruptedPods, now);
    for (const pod of disrupted.expired) {
      recorder.event(pod, 'Warning', 'NotDeleted', `Pod was expected by PDB ${pdb.metadata.namespace}/${pdb.metadata.name} to be deleted but it wasn't`);
    }
    const currentHealthy = countHealthyPods(matched, disrupted.map, now);
    const next = nextPdbStatus(pdb, { currentHealthy, desiredHealthy, expectedCount, disruptedPods: disrupted.map }, now);
    if (next) await writeStatus(pdb, next);
    return disrupted.recheckAt;
  }

  const reconciler = {
    async reconcile(key: string): Promise<ReconcileResult | void> {
      const pdb = pdbs.get(key);
      if (!pdb) return;
      let recheckAt: number | undefined;
      try {
        recheckAt = await trySync(pdb);
      } catch (e) {
        // A conflict means the cache was behind: retry without the failSafe write.
        if ((e as { code?: number }).code === 409) throw e;
        await writeStatus(pdb, failSafeStatus(pdb, e as Error, clock.now()));
        return;
      }
      if (recheckAt !== undefined) return { requeueAfterMs: Math.max(1, recheckAt - clock.now()) };
    },
  };

  const controller = new Controller({ name: 'disruption-controller', reconciler, clock });
  pdbs.addEventHandler({ onAdd: (p) => controller.enqueue(keyOf(p)), onUpdate: (_old, p) => controller.enqueue(keyOf(p)) });
  const enqueueFor = (pod: KubeObject) => {
    for (const pdb of pdbs.list(pod.metadata.namespace)) {
      let matches = false;
      try { matches = selectorOf(pdb).matches(pod.metadata.labels); } catch { matches = false; }
      if (matches) controller.enqueue(keyOf(pdb));
    }
  };
  pods.addEventHandler({
    onAdd: enqueueFor,
    onUpdate: (old, pod) => { enqueueFor(pod); if (JSON.stringify(old.metadata.labels) !== JSON.stringify(pod.metadata.labels)) enqueueFor(old); },
    onDelete: enqueueFor,
  });
  return controller;
}
