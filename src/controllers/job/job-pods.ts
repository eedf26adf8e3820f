/**
 * The Job controller's pod writes, after kube-controller-manager's RealPodControl as the job
 * controller calls it (CreatePodsWithGenerateName, DeletePod, PatchPod): pods are built from the
 * Job's template with the tracking finalizer and, for Indexed Jobs, their index; every create
 * and delete is recorded on the Job with RealPodControl's reasons and words.
 */
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import { newControllerRef } from '../common/controller-ref.ts';
import {
  FAILED_CREATE_POD_REASON, isNamespaceTerminating, PodControl, podFromTemplate, PODS, SUCCESSFUL_CREATE_POD_REASON,
} from '../common/pod-control.ts';
import type { Pod, PodTemplateSpec } from '../common/workload-types.ts';
import { JOB_KIND, JOB_TRACKING_FINALIZER, type Job } from './job-types.ts';

export const hasTrackingFinalizer = (pod: Pod) => pod.metadata.finalizers?.includes(JOB_TRACKING_FINALIZER) ?? false;

/** removeTrackingFinalizerPatch: a strategic merge patch, or undefined when there is nothing to remove. */
export function removeTrackingFinalizerPatch(pod: Pod): unknown {
  if (!hasTrackingFinalizer(pod)) return undefined;
  return { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } };
}

export class JobPods {
  private readonly podControl: PodControl;

  constructor(private readonly o: { client: Client; recorder: EventRecorder }) {
    this.podControl = new PodControl(o);
  }

  /** Creates a pod for `job` from `template` (generateName `<job>-` unless given); records the outcome. */
  async create(job: Job, template: PodTemplateSpec, options: { generateName?: string } = {}): Promise<Pod> {
    const pod = podFromTemplate(template, { owner: job, controllerRef: newControllerRef(job, JOB_KIND) });
    if (options.generateName) pod.metadata.generateName = options.generateName;
    try {
      const created = await this.o.client.resource(PODS).namespace(job.metadata.namespace!).create(pod) as Pod;
      this.o.recorder.event(job, 'Normal', SUCCESSFUL_CREATE_POD_REASON, `Created pod: ${created.metadata.name}`);
      return created;
    } catch (e) {
      if (!isNamespaceTerminating(e)) this.o.recorder.event(job, 'Warning', FAILED_CREATE_POD_REASON, `Error creating: ${(e as Error).message}`);
      throw e;
    }
  }

  /** Deletes a pod of `job` (its finalizers stay); a pod already gone rejects with the 404. */
  delete(job: Job, pod: Pod): Promise<void> {
    return this.podControl.deletePod(pod.metadata.namespace!, pod.metadata.name!, { owner: job });
  }

  /** Removes the tracking finalizer; a pod already gone rejects with the 404. */
  async removeTrackingFinalizer(pod: Pod): Promise<void> {
    const patch = removeTrackingFinalizerPatch(pod);
    if (patch === undefined) return;
    await this.o.client.resource(PODS).namespace(pod.metadata.namespace!).patch(pod.metadata.name!, patch, { type: 'strategic' });
  }

  /** Adds the tracking finalizer to a pod the Job just adopted (kube sends it with the adoption patch). */
  async addTrackingFinalizer(pod: Pod): Promise<void> {
    await this.o.client.resource(PODS).namespace(pod.metadata.namespace!).patch(pod.metadata.name!, {
      metadata: { finalizers: [JOB_TRACKING_FINALIZER], uid: pod.metadata.uid },
    }, { type: 'strategic' });
  }
}
