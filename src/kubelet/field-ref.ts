/**
 * Values of the downward API: `fieldRef` (pod fields) and `resourceFieldRef` (container resources),
 * as kubelet's podFieldSelectorRuntimeValue / fieldpath.ExtractFieldPathAsString and
 * resource.ExtractContainerResourceValue compute them, for env vars and downwardAPI volume files.
 */
import { parseQuantity, type Quantity } from '../api/quantity.ts';
import { ContainerConfigError } from './api-objects.ts';
import type { Container, ObjectFieldSelector, Pod, ResourceFieldSelector } from './pod-types.ts';

export interface FieldContext {
  readonly podIP?: string;
  readonly hostIP?: string;
}

/** fieldpath.FormatMap: sorted `key="value"` lines, Go-quoted values, no trailing newline. */
export function formatMap(m: Readonly<Record<string, string>> | undefined): string {
  return Object.keys(m ?? {}).sort().map((k) => `${k}=${JSON.stringify(m![k])}`).join('\n');
}

const SUBSCRIPT = /^metadata\.(labels|annotations)\['(.*)'\]$/;

export function podFieldValue(pod: Pod, sel: ObjectFieldSelector, ctx: FieldContext): string {
  const path = sel.fieldPath;
  const sub = SUBSCRIPT.exec(path);
  if (sub) return (pod.metadata[sub[1] as 'labels' | 'annotations'] ?? {})[sub[2]] ?? '';
  switch (path) {
    case 'metadata.name': return pod.metadata.name ?? '';
    case 'metadata.namespace': return pod.metadata.namespace ?? '';
    case 'metadata.uid': return pod.metadata.uid ?? '';
    case 'metadata.labels': return formatMap(pod.metadata.labels);
    case 'metadata.annotations': return formatMap(pod.metadata.annotations);
    case 'spec.nodeName': return pod.spec.nodeName ?? '';
    case 'spec.serviceAccountName': return pod.spec.serviceAccountName ?? '';
    case 'status.hostIP': case 'status.hostIPs': return ctx.hostIP ?? '';
    case 'status.podIP': case 'status.podIPs': return ctx.podIP ?? '';
    default: throw new ContainerConfigError(`unsupported fieldPath: ${path}`);
  }
}

/**
 * A container's request or limit divided by the divisor, rounded up. An unset limit is the node's
 * allocatable (kubelet's containerResourceRuntimeValue defaults limits to node allocatable).
 */
export function resourceFieldValue(pod: Pod, self: Container | undefined, sel: ResourceFieldSelector, allocatable: Readonly<Record<string, string>>): string {
  const container = sel.containerName ? [...pod.spec.containers, ...(pod.spec.initContainers ?? [])].find((c) => c.name === sel.containerName) : self;
  if (!container) throw new ContainerConfigError(`container ${sel.containerName} not found`);
  const [kind, resource] = sel.resource.split('.', 2) as ['limits' | 'requests', string];
  if ((kind !== 'limits' && kind !== 'requests') || !resource) throw new ContainerConfigError(`unsupported container resource: ${sel.resource}`);
  let text = container.resources?.[kind]?.[resource];
  if (text === undefined && kind === 'limits') text = allocatable[resource];
  const value: Quantity = parseQuantity(text ?? '0');
  const divisor = parseQuantity(sel.divisor ?? '1');
  if (resource === 'cpu') return String(Math.ceil(Number(value.milliValue()) / Number(divisor.milliValue())));
  return String(Math.ceil(Number(value.value()) / Number(divisor.value())));
}
