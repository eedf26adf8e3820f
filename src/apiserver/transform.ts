/**
 * Output transformations requested through the Accept header's `as=` parameter:
 * PartialObjectMetadata(List) (metadata-only clients such as the garbage collector) and Table
 * (server-side printing for kubectl get), both in meta.k8s.io v1 and v1beta1.
 */
import type { KubeList, KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import type { Negotiated } from './negotiation.ts';

/** Builds a Table for one object or a list (installed by the printers; absent = no Table offered). */
export type OutputTransform = (value: KubeObject | KubeList, resource: ResourceInfo, options: { version: string; includeObject?: string }) => unknown;

const META_VERSIONS = ['v1', 'v1beta1'] as const;

export function transformsFor(tableAvailable: boolean) {
  const t = [
    { as: 'PartialObjectMetadata', group: 'meta.k8s.io', versions: META_VERSIONS },
    { as: 'PartialObjectMetadataList', group: 'meta.k8s.io', versions: META_VERSIONS },
  ];
  if (tableAvailable) t.push({ as: 'Table', group: 'meta.k8s.io', versions: META_VERSIONS });
  return t;
}


function isList(v: KubeObject | KubeList): v is KubeList {
  return Array.isArray((v as KubeList).items);
}

function partial(obj: KubeObject, version: string) {
  return { kind: 'PartialObjectMetadata', apiVersion: `meta.k8s.io/${version}`, metadata: obj.metadata };
}

export function transformOutput(value: KubeObject | KubeList, resource: ResourceInfo, negotiated: Negotiated, table?: OutputTransform, includeObject?: string): unknown {
  const version = negotiated.version ?? 'v1';
  switch (negotiated.as) {
    case 'PartialObjectMetadata':
    case 'PartialObjectMetadataList':
      if (isList(value)) {
        return { kind: 'PartialObjectMetadataList', apiVersion: `meta.k8s.io/${version}`, metadata: value.metadata, items: value.items.map((i) => partial(i, version)) };
      }
      return partial(value, version);
    case 'Table':
      if (table) return table(value, resource, { version, includeObject });
      return value;
    default:
      return value;
  }
}
