/**
 * Binding a pod to a node (POST pods/{name}/binding, or POST bindings), as kube-apiserver's
 * BindingREST: sets spec.nodeName once, merges the binding's annotations and records
 * PodScheduled=True. The scheduler is the usual caller.
 */
import type { KubeObject } from '../api/object.ts';
import { badRequest, conflict, invalid } from '../api/status.ts';
import type { Store } from '../registry/store.ts';
import { rfc3339 } from '../util/clock.ts';

interface Binding { metadata?: { name?: string; annotations?: Record<string, string> }; target?: { kind?: string; name?: string } }
interface PodCondition { type: string; status: string; lastProbeTime?: string | null; lastTransitionTime?: string }

export async function bindPod(pods: Store, target: { namespace: string; name: string; body: KubeObject; now: number; dryRun: boolean }): Promise<void> {
  const binding = target.body as unknown as Binding;
  const podName = target.name;
  if (binding.metadata?.name && binding.metadata.name !== podName) {
    throw badRequest(`the name of the object (${binding.metadata.name}) does not match the name on the URL (${podName})`);
  }
  const nodeName = binding.target?.name ?? '';
  if (binding.target?.kind && binding.target.kind !== 'Node') {
    throw invalid({ group: '', kind: 'Binding' }, podName, [{ type: 'FieldValueInvalid', field: 'target.kind', badValue: binding.target.kind, detail: 'must be empty or \'Node\'' }]);
  }
  if (!nodeName) throw invalid({ group: '', kind: 'Binding' }, podName, [{ type: 'FieldValueRequired', field: 'target.name', detail: '' }]);
  await pods.rawUpdate(target.namespace, podName, (pod) => {
    const spec = (pod.spec ?? {}) as { nodeName?: string };
    if (pod.metadata.deletionTimestamp) throw conflict({ group: '', resource: 'pods' }, podName, `pod ${podName} is being deleted, cannot be assigned to a host`);
    if (spec.nodeName) throw conflict({ group: '', resource: 'pods' }, podName, `pod ${podName} is already assigned to node "${spec.nodeName}"`);
    spec.nodeName = nodeName;
    pod.spec = spec;
    if (binding.metadata?.annotations) pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), ...binding.metadata.annotations };
    const status = (pod.status ?? {}) as { conditions?: PodCondition[] };
    const conditions = (status.conditions ?? []).filter((c) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(target.now) });
    status.conditions = conditions;
    pod.status = status;
    return pod;
  }, { dryRun: target.dryRun });
}
