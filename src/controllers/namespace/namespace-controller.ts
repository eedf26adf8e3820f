/**
 * The namespace controller, after kube-controller-manager's namespace controller and its
 * NamespacedResourcesDeleter: a Namespace with a deletionTimestamp gets status.phase Terminating,
 * its content deleted resource by resource (status conditions say what is left and why), and,
 * once nothing is left, the `kubernetes` finalizer removed from spec.finalizers through the
 * `finalize` subresource; the API server then deletes the namespace.
 *
 * While content remains the namespace is looked at again after estimate/2 + 1 seconds, as kube's
 * controller requeues on ResourcesRemainingError.
 */
import { builtinResources, ResourceTable } from '../../api/builtin-resources.ts';
import type { KubeObject } from '../../api/object.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import { Controller } from '../../controller/controller.ts';
import type { ReconcileResult } from '../../controller/reconciler.ts';
import type { ControllerDeps } from '../common/controller-deps.ts';
import { failureConditions, mergeConditions, type NamespaceCondition } from './namespace-conditions.ts';
import { deleteAllContent } from './namespaced-resources-deleter.ts';

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };

/** The spec.finalizers token this controller owns (v1.FinalizerKubernetes). */
export const FINALIZER_KUBERNETES = 'kubernetes';

export interface NamespaceControllerOptions extends ControllerDeps {
  /**
   * The served resources whose content is deleted (their preferred versions, namespaced ones).
   * The cluster composer passes the registry's list so custom resources are included.
   * @default the preferred versions of builtinResources()
   */
  readonly resources?: () => readonly ResourceInfo[];
}

interface NamespaceStatus { phase?: string; conditions?: NamespaceCondition[] }

export function newNamespaceController(options: NamespaceControllerOptions): Controller {
  const builtin = new ResourceTable(builtinResources()).preferred();
  const resources = options.resources ?? (() => builtin);
  const { client, clock } = options;
  const namespaces = client.resource(NAMESPACES);

  const reconciler = {
    async reconcile(name: string): Promise<ReconcileResult | void> {
      let ns: KubeObject;
      try {
        ns = await namespaces.get(name);
      } catch (e) {
        if ((e as { code?: number }).code === 404) return;
        throw e;
      }
      if (!ns.metadata.deletionTimestamp) return;
      ns = await ensureTerminating(ns);
      if (!specFinalizers(ns).includes(FINALIZER_KUBERNETES)) return;

      let served: readonly ResourceInfo[];
      let discoveryError: string | undefined;
      try {
        served = preferredOnly(resources());
      } catch (e) {
        served = [];
        discoveryError = (e as Error).message;
      }
      const result = await deleteAllContent(client, name, served);
      const failures = failureConditions({ ...result, discoveryError });
      ns = await writeConditions(ns, failures);
      if (discoveryError !== undefined || result.contentErrors.length > 0) {
        throw new Error(`namespace ${name}: ${discoveryError ?? result.contentErrors.join('; ')}`);
      }
      if (result.estimateSeconds > 0) {
        return { requeueAfterMs: (Math.floor(result.estimateSeconds / 2) + 1) * 1000 };
      }
      await finalize(ns);
    },
  };

  /** as updateNamespaceStatusFunc: phase Terminating once deletion started. */
  async function ensureTerminating(ns: KubeObject): Promise<KubeObject> {
    const status = (ns.status ?? {}) as NamespaceStatus;
    if (status.phase === 'Terminating') return ns;
    return namespaces.update({ ...ns, status: { ...status, phase: 'Terminating' } }, { subresource: 'status' });
  }

  async function writeConditions(ns: KubeObject, failures: ReturnType<typeof failureConditions>): Promise<KubeObject> {
    const status = (ns.status ?? {}) as NamespaceStatus;
    const { conditions, changed } = mergeConditions(status.conditions ?? [], failures, clock.now());
    if (!changed) return ns;
    return namespaces.update({ ...ns, status: { ...status, conditions } }, { subresource: 'status' });
  }

  /** as finalizeNamespace: PUT namespaces/{name}/finalize without our token. */
  async function finalize(ns: KubeObject): Promise<void> {
    const finalizers = [...new Set(specFinalizers(ns).filter((f) => f !== FINALIZER_KUBERNETES))].sort();
    try {
      await namespaces.update({ ...ns, spec: { ...((ns.spec ?? {}) as object), finalizers } }, { subresource: 'finalize' });
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
    }
  }

  const controller = new Controller({ name: 'namespace-controller', reconciler, clock, workers: options.workers ?? 2 });
  const informer = options.informers.informerFor(NAMESPACES);
  const enqueueIfDeleting = (o: KubeObject) => { if (o.metadata.deletionTimestamp) controller.enqueue(o.metadata.name!); };
  informer.addEventHandler({ onAdd: enqueueIfDeleting, onUpdate: (_old, o) => enqueueIfDeleting(o) });
  return controller;
}

function specFinalizers(ns: KubeObject): string[] {
  return ((ns.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
}

/** Each group/resource once, first (preferred) version wins, as ServerPreferredNamespacedResources. */
function preferredOnly(resources: readonly ResourceInfo[]): ResourceInfo[] {
  const seen = new Set<string>();
  const out: ResourceInfo[] = [];
  for (const r of resources) {
    const key = `${r.group}/${r.resource}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(r);
  }
  return out;
}
