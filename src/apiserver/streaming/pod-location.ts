/**
 * Which pod, container and kubelet a streaming request addresses, after kube's
 * pkg/registry/core/pod/strategy.go (LogLocation, streamLocation, PortForwardLocation): the pod
 * must exist; a container left unnamed defaults to the only one, and is an error with several
 * (`a container name must be specified for pod x, choose one of: [a b]`, plus the init
 * containers); a named one must exist; the pod must be bound to a node whose kubelet location
 * is known.
 */
import type { KubeObject } from '../../api/object.ts';
import { badRequest, notFound } from '../../api/status.ts';
import type { Registry } from '../../registry/registry.ts';
import { kubeletLocation, type KubeletLocation } from './kubelet-client.ts';

interface PodSpecView { nodeName?: string; containers?: { name: string }[]; initContainers?: { name: string }[]; ephemeralContainers?: { name: string }[] }

export interface PodTarget {
  readonly pod: KubeObject;
  readonly namespace: string;
  readonly name: string;
  /** The container, after defaulting. */
  readonly container: string;
}

const specOf = (pod: KubeObject) => (pod.spec ?? {}) as PodSpecView;

/** The container a request names, or the pod's only container; throws BadRequest as kube words it. */
export function resolveContainer(pod: KubeObject, name: string, requested: string | undefined): string {
  const spec = specOf(pod);
  const containers = spec.containers ?? [];
  if (!requested) {
    if (containers.length === 1) return containers[0].name;
    if (containers.length === 0) throw badRequest(`a container name must be specified for pod ${name}`);
    let message = `a container name must be specified for pod ${name}, choose one of: [${containers.map((c) => c.name).join(' ')}]`;
    const init = spec.initContainers ?? [];
    if (init.length > 0) message += ` or one of the init containers: [${init.map((c) => c.name).join(' ')}]`;
    throw badRequest(message);
  }
  const all = [...containers, ...(spec.initContainers ?? []), ...(spec.ephemeralContainers ?? [])];
  if (!all.some((c) => c.name === requested)) throw badRequest(`container ${requested} is not valid for pod ${name}`);
  return requested;
}

export async function getPod(registry: Registry, namespace: string, name: string): Promise<KubeObject> {
  const pods = registry.storeFor('', 'v1', 'pods');
  if (!pods) throw notFound({ group: '', resource: 'pods' }, name);
  return pods.get(namespace, name);
}

/** The kubelet of the node a pod is bound to, or undefined when the pod is not bound yet. */
export async function podKubelet(registry: Registry, pod: KubeObject): Promise<KubeletLocation | undefined> {
  const nodeName = specOf(pod).nodeName;
  if (!nodeName) return undefined;
  const nodes = registry.storeFor('', 'v1', 'nodes');
  if (!nodes) throw notFound({ group: '', resource: 'nodes' }, nodeName);
  const node = await nodes.get(undefined, nodeName);
  const location = kubeletLocation(node);
  // as kube's NodeConnectionInfoGetter when no preferred address type is present
  if (!location) throw badRequest(`no preferred addresses found; known addresses: []`);
  return location;
}

/** streamLocation's answer for exec, attach and port-forward of an unbound pod. */
export function noHostAssigned(name: string) {
  return badRequest(`pod ${name} does not have a host assigned`);
}
