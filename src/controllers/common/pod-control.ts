/**
 * Creating and deleting a controller's pods, after kube-controller-manager's RealPodControl
 * (pkg/controller/controller_utils.go): a pod is built from the controller's template (labels,
 * annotations and finalizers copied, spec deep-copied, generateName "<owner>-", the ControllerRef
 * appended), and every outcome is recorded as an Event on the owner with kube's reasons and words:
 * SuccessfulCreate "Created pod: x", FailedCreate "Error creating: …", SuccessfulDelete
 * "Deleted pod: x", FailedDelete "Error deleting: …".
 */
import type { KubeObject, OwnerReference } from '../../api/object.ts';
import type { Client } from '../../client/client.ts';
import type { EventRecorder } from '../../controller/event-recorder.ts';
import type { PodTemplateSpec } from './workload-types.ts';

export const PODS = { group: '', version: 'v1', resource: 'pods' } as const;

export const SUCCESSFUL_CREATE_POD_REASON = 'SuccessfulCreate';
export const FAILED_CREATE_POD_REASON = 'FailedCreate';
export const SUCCESSFUL_DELETE_POD_REASON = 'SuccessfulDelete';
export const FAILED_DELETE_POD_REASON = 'FailedDelete';

/** The StatusCause type kube-apiserver sets when a namespace is being deleted. */
export const NAMESPACE_TERMINATING_CAUSE = 'NamespaceTerminating';

/** True when a create failed because the namespace is terminating (apierrors.HasStatusCause). */
export function isNamespaceTerminating(e: unknown): boolean {
  const causes = (e as { status?: { details?: { causes?: { reason?: string }[] } } }).status?.details?.causes;
  return causes?.some((c) => c.reason === NAMESPACE_TERMINATING_CAUSE) ?? false;
}

/** A pod refused before reaching the API server. */
export class PodControlError extends Error {
  override name = 'PodControlError';
}

/**
 * controller.GetPodFromTemplate: the pod a controller creates for `template`. The name prefix is
 * "<owner>-" (the API server appends five characters), as getPodsPrefix.
 */
export function podFromTemplate(template: PodTemplateSpec, options: { owner: KubeObject; controllerRef?: OwnerReference }): KubeObject {
  const { owner, controllerRef } = options;
  const meta = template.metadata ?? {};
  const pod: KubeObject = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { generateName: `${owner.metadata.name}-`, namespace: owner.metadata.namespace },
    spec: structuredClone(template.spec ?? {}),
  };
  if (meta.labels) pod.metadata.labels = { ...meta.labels };
  if (meta.annotations) pod.metadata.annotations = { ...meta.annotations };
  if (meta.finalizers) pod.metadata.finalizers = [...meta.finalizers];
  if (controllerRef) pod.metadata.ownerReferences = [{ ...controllerRef }];
  return pod;
}

export interface PodControlOptions {
  readonly client: Client;
  readonly recorder: EventRecorder;
}

export class PodControl {
  constructor(private readonly options: PodControlOptions) {}

  /**
   * Creates one pod from the template, owned by `owner` through `controllerRef`. Resolves with the
   * created pod; rejects with the API error (after recording FailedCreate, except when the
   * namespace is terminating, which kube does not report).
   */
  async createPod(template: PodTemplateSpec, options: { owner: KubeObject; controllerRef: OwnerReference }): Promise<KubeObject> {
    const { owner, controllerRef } = options;
    const pod = podFromTemplate(template, { owner, controllerRef });
    if (Object.keys(pod.metadata.labels ?? {}).length === 0) throw new PodControlError('unable to create pods, no labels');
    try {
      const created = await this.options.client.resource(PODS).namespace(owner.metadata.namespace!).create(pod);
      this.options.recorder.event(owner, 'Normal', SUCCESSFUL_CREATE_POD_REASON, `Created pod: ${created.metadata.name}`);
      return created;
    } catch (e) {
      if (!isNamespaceTerminating(e)) this.options.recorder.event(owner, 'Warning', FAILED_CREATE_POD_REASON, `Error creating: ${(e as Error).message}`);
      throw e;
    }
  }

  /** Deletes a pod of `owner`; a pod already gone rejects with the 404 and records nothing. */
  async deletePod(namespace: string, name: string, options: { owner: KubeObject }): Promise<void> {
    try {
      await this.options.client.resource(PODS).namespace(namespace).delete(name);
    } catch (e) {
      if ((e as { code?: number }).code === 404) throw e;
      this.options.recorder.event(options.owner, 'Warning', FAILED_DELETE_POD_REASON, `Error deleting: ${(e as Error).message}`);
      throw new PodControlError(`unable to delete pods: ${(e as Error).message}`, { cause: e });
    }
    this.options.recorder.event(options.owner, 'Normal', SUCCESSFUL_DELETE_POD_REASON, `Deleted pod: ${name}`);
  }
}
