/**
 * The scheduler's writes through the API, as kube-scheduler makes them: POST pods/{name}/binding
 * with a v1 Binding; strategic-merge patches of pods/status for the PodScheduled condition, the
 * DisruptionTarget condition and status.nominatedNodeName; graceful DELETE of preemption victims
 * (with a uid precondition, so a recreated pod of the same name is never hit); a merge patch of a
 * PVC's annotations; Events through the EventRecorder.
 */
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import type { EventRecorder } from '../controller/event-recorder.ts';
import type { PersistentVolumeClaim, Pod, PodCondition } from './api-types.ts';
import type { ClusterWriter } from './framework/interface.ts';

export const PODS = { group: '', version: 'v1', resource: 'pods' } as const;
const PVCS = { group: '', version: 'v1', resource: 'persistentvolumeclaims' } as const;

export class ApiClusterWriter implements ClusterWriter {
  constructor(private readonly client: Client, private readonly recorder: EventRecorder | undefined) {}

  async bind(pod: Pod, nodeName: string): Promise<void> {
    const ns = pod.metadata.namespace ?? 'default';
    await this.client.resource(PODS).namespace(ns).create({
      apiVersion: 'v1', kind: 'Binding',
      metadata: { name: pod.metadata.name, namespace: ns, uid: pod.metadata.uid },
      target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
    }, { subresource: 'binding' });
  }

  async patchPodStatus(pod: Pod, update: { readonly condition?: PodCondition; readonly nominatedNodeName?: string }): Promise<void> {
    const status: Record<string, unknown> = {};
    if (update.condition) status.conditions = [update.condition];
    // "" is Go's zero value, which a two-way merge patch expresses as a deletion
    if (update.nominatedNodeName !== undefined) status.nominatedNodeName = update.nominatedNodeName === '' ? null : update.nominatedNodeName;
    await this.client.resource(PODS).namespace(pod.metadata.namespace ?? 'default')
      .patch(pod.metadata.name ?? '', { status }, { type: 'strategic', subresource: 'status' });
  }

  async deletePod(pod: Pod): Promise<void> {
    await this.client.resource(PODS).namespace(pod.metadata.namespace ?? 'default')
      .delete(pod.metadata.name ?? '', { preconditions: { uid: pod.metadata.uid } });
  }

  async annotatePvc(pvc: PersistentVolumeClaim, annotations: Readonly<Record<string, string>>): Promise<void> {
    await this.client.resource(PVCS).namespace(pvc.metadata.namespace ?? 'default')
      .patch(pvc.metadata.name ?? '', { metadata: { annotations } }, { type: 'merge' });
  }

  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void {
    this.recorder?.event(obj, type, reason, message);
  }
}
