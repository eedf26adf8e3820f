/**
 * Discovery documents built from the served resources: aggregated discovery
 * (apidiscovery.k8s.io v2 and v2beta1, the two requests that are the whole of discovery for
 * kubectl ≥1.30) and the legacy per-group-version documents older clients walk.
 * Documents are built once per change of the resource set and cached as serialized bytes.
 */
import type { ResourceInfo } from '../api/resource-info.ts';

export const AGGREGATED_V2 = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
export const AGGREGATED_V2BETA1 = 'application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList';

interface GroupVersions { group: string; versions: { version: string; resources: ResourceInfo[] }[] }

/** Groups resources by group then version, keeping first-seen order (preferred version first). */
export function groupResources(resources: readonly ResourceInfo[]): GroupVersions[] {
  const groups = new Map<string, GroupVersions>();
  for (const r of resources) {
    let g = groups.get(r.group);
    if (!g) { g = { group: r.group, versions: [] }; groups.set(r.group, g); }
    let v = g.versions.find((x) => x.version === r.version);
    if (!v) { v = { version: r.version, resources: [] }; g.versions.push(v); }
    v.resources.push(r);
  }
  return [...groups.values()];
}

function aggregatedResource(r: ResourceInfo) {
  const out: Record<string, unknown> = {
    resource: r.resource,
    responseKind: { group: r.group, version: r.version, kind: r.kind },
    scope: r.namespaced ? 'Namespaced' : 'Cluster',
    singularResource: r.singular,
    verbs: [...r.verbs].sort(),
  };
  if (r.shortNames.length) out.shortNames = r.shortNames;
  if (r.categories.length) out.categories = r.categories;
  if (r.subresources.length) {
    out.subresources = r.subresources.map((s) => ({ subresource: s.name, responseKind: { group: s.kind.group, version: s.kind.version, kind: s.kind.kind }, verbs: [...s.verbs].sort() }));
  }
  return out;
}

/** The APIGroupDiscoveryList for `/api` (core only) or `/apis` (every other group). */
export function aggregatedDiscovery(groups: readonly GroupVersions[], apiVersion: 'v2' | 'v2beta1') {
  return {
    kind: 'APIGroupDiscoveryList',
    apiVersion: `apidiscovery.k8s.io/${apiVersion}`,
    metadata: {},
    items: groups.map((g) => ({
      metadata: g.group === '' ? { creationTimestamp: null } : { name: g.group, creationTimestamp: null },
      versions: g.versions.map((v) => ({ version: v.version, resources: v.resources.map(aggregatedResource), freshness: 'Current' })),
    })),
  };
}

export function apiVersionsDocument(serverAddress: string) {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

function groupDocument(g: GroupVersions) {
  const versions = g.versions.map((v) => ({ groupVersion: `${g.group}/${v.version}`, version: v.version }));
  return { name: g.group, versions, preferredVersion: versions[0] };
}

export function apiGroupListDocument(groups: readonly GroupVersions[]) {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: groups.filter((g) => g.group !== '').map(groupDocument) };
}

export function apiGroupDocument(g: GroupVersions) {
  return { kind: 'APIGroup', apiVersion: 'v1', ...groupDocument(g) };
}

/** The APIResourceList of one group/version, subresources as "pods/status" entries. */
export function apiResourceListDocument(group: string, version: string, resources: readonly ResourceInfo[]) {
  const list: Record<string, unknown>[] = [];
  for (const r of resources) {
    const entry: Record<string, unknown> = {
      name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...r.verbs].sort(),
    };
    if (r.shortNames.length) entry.shortNames = r.shortNames;
    if (r.categories.length) entry.categories = r.categories;
    list.push(entry);
    for (const s of r.subresources) {
      const sub: Record<string, unknown> = { name: `${r.resource}/${s.name}`, singularName: '', namespaced: r.namespaced, kind: s.kind.kind, verbs: [...s.verbs].sort() };
      if (s.kind.group !== r.group || s.kind.version !== r.version) { sub.group = s.kind.group; sub.version = s.kind.version; }
      list.push(sub);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group === '' ? version : `${group}/${version}`, resources: list };
}
