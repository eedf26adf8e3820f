/**
 * The built-in resources of kube-apiserver v1.32, in discovery order, and a lookup table over
 * any list of ResourceInfo (built-ins and, later, custom resources).
 *
 * Data: generated/resources.json (from the reference OpenAPI by scripts/gen-resources.ts) joined
 * with resource-names.ts (short names, categories, singular names).
 *
 * Discovery order is kube-aggregator's: the core group first, then apiregistration.k8s.io (the
 * aggregator lists its own group before the others, kube-aggregator handler_apis.go), then the
 * groups by APIService GroupPriorityMinimum, highest first, ties broken by APIService name
 * ("v1.admissionregistration.k8s.io" before "v1.apiextensions.k8s.io"); within a group, versions
 * by VersionPriority, highest first, so the first version is the preferred one (autoscaling/v2
 * before autoscaling/v1); within a version, resources sorted by name, as the installer sorts paths.
 */
import generated from './generated/resources.json' with { type: 'json' };
import { type GroupVersionKind, type GroupVersionResource, apiVersionOf } from './object.ts';
import type { ResourceInfo, SubresourceInfo, Verb } from './resource-info.ts';
import { resourceNames, singularName } from './resource-names.ts';
import type { GroupKind } from './status.ts';

interface Priority { readonly group: number; readonly version: number }

/**
 * APIService priorities of kube-apiserver v1.32 (cmd/kube-apiserver/app/aggregator.go merged over
 * pkg/controlplane/apiserver DefaultGenericAPIServicePriorities), for the versions the reference
 * OpenAPI lists. resource.k8s.io is placed with the value kube-apiserver gives it from v1.33
 * (16200); it is disabled by default in v1.32, so only `enable` can make this matter.
 */
const PRIORITIES: Readonly<Record<string, Priority>> = {
  'v1': { group: 18000, version: 1 },
  'apps/v1': { group: 17800, version: 15 },
  'events.k8s.io/v1': { group: 17750, version: 15 },
  'authentication.k8s.io/v1': { group: 17700, version: 15 },
  'authentication.k8s.io/v1beta1': { group: 17700, version: 9 },
  'authorization.k8s.io/v1': { group: 17600, version: 15 },
  'autoscaling/v2': { group: 17500, version: 30 },
  'autoscaling/v1': { group: 17500, version: 15 },
  'batch/v1': { group: 17400, version: 15 },
  'certificates.k8s.io/v1': { group: 17300, version: 15 },
  'certificates.k8s.io/v1alpha1': { group: 17300, version: 1 },
  'networking.k8s.io/v1': { group: 17200, version: 15 },
  'networking.k8s.io/v1beta1': { group: 17200, version: 9 },
  'policy/v1': { group: 17100, version: 15 },
  'rbac.authorization.k8s.io/v1': { group: 17000, version: 15 },
  'storage.k8s.io/v1': { group: 16800, version: 15 },
  'storage.k8s.io/v1beta1': { group: 16800, version: 9 },
  'storage.k8s.io/v1alpha1': { group: 16800, version: 1 },
  'apiextensions.k8s.io/v1': { group: 16700, version: 15 },
  'admissionregistration.k8s.io/v1': { group: 16700, version: 15 },
  'admissionregistration.k8s.io/v1beta1': { group: 16700, version: 12 },
  'admissionregistration.k8s.io/v1alpha1': { group: 16700, version: 9 },
  'scheduling.k8s.io/v1': { group: 16600, version: 15 },
  'coordination.k8s.io/v1': { group: 16500, version: 15 },
  'coordination.k8s.io/v1alpha2': { group: 16500, version: 12 },
  'node.k8s.io/v1': { group: 16300, version: 15 },
  'discovery.k8s.io/v1': { group: 16200, version: 15 },
  'resource.k8s.io/v1beta1': { group: 16200, version: 9 },
  'resource.k8s.io/v1alpha3': { group: 16200, version: 1 },
  'flowcontrol.apiserver.k8s.io/v1': { group: 16100, version: 21 },
  'internal.apiserver.k8s.io/v1alpha1': { group: 16000, version: 9 },
  'storagemigration.k8s.io/v1alpha1': { group: 15800, version: 9 },
};

/** kube-aggregator serves this group itself and lists it right after the core group. */
const AGGREGATOR_GROUP = 'apiregistration.k8s.io';

/**
 * Resources stored under another group's key space. events.k8s.io/v1 Events are core Events
 * (one etcd prefix /registry/events, storage version core v1; kube-apiserver's events.k8s.io
 * REST storage is the core event storage). HPAs need no entry: autoscaling/v1 and v2 share
 * storage through the usual rule, the group's preferred version (v2).
 */
const STORAGE_OVERRIDES: Readonly<Record<string, string>> = { 'events.events.k8s.io': 'v1' };

export interface BuiltinResourcesOptions {
  /**
   * Group/versions to serve besides the GA ones (kube-apiserver --runtime-config), e.g.
   * "resource.k8s.io/v1beta1". Kubernetes v1.32 serves no alpha or beta version by default.
   * @default []
   */
  enable?: readonly string[];
}

interface GeneratedSubresource { name: string; kind: GroupVersionKind; verbs: string[] }
interface GeneratedResource {
  group: string; version: string; resource: string; kind: string; listKind: string;
  namespaced: boolean; verbs: string[]; subresources: GeneratedSubresource[];
}

const VERBS: ReadonlySet<string> = new Set<Verb>(['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch']);

function generatedResources(): readonly GeneratedResource[] {
  const list: unknown = (generated as { resources?: unknown }).resources;
  if (!Array.isArray(list)) throw new Error('generated/resources.json: no resources; run scripts/gen-resources.ts');
  for (const r of list as GeneratedResource[]) {
    for (const v of r.verbs) if (!VERBS.has(v)) throw new Error(`generated/resources.json: unknown verb ${v} on ${r.resource}`);
  }
  return list as GeneratedResource[];
}

/** The resources kube-apiserver v1.32 serves, in discovery order. */
export function builtinResources(options: BuiltinResourcesOptions = {}): readonly ResourceInfo[] {
  const enabled = (gv: string) => /^v[0-9]+$/.test(gv.slice(gv.lastIndexOf('/') + 1)) || (options.enable ?? []).includes(gv);
  const served = generatedResources().filter((r) => enabled(apiVersionOf(r.group, r.version)));
  for (const r of served) {
    if (r.group !== AGGREGATOR_GROUP && !PRIORITIES[apiVersionOf(r.group, r.version)]) {
      throw new Error(`no APIService priority for ${apiVersionOf(r.group, r.version)}`);
    }
  }
  const order = discoveryOrder(served.map((r) => apiVersionOf(r.group, r.version)));
  const rank = new Map(order.map((gv, i) => [gv, i]));
  // storage version: an override, or the group's preferred served version among those serving it
  const storage = new Map<string, string>();
  for (const gv of order) {
    for (const r of served) {
      const key = `${r.resource}.${r.group}`;
      if (apiVersionOf(r.group, r.version) === gv && !storage.has(key)) storage.set(key, STORAGE_OVERRIDES[key] ?? gv);
    }
  }
  return served
    .map((r) => toResourceInfo(r, storage.get(`${r.resource}.${r.group}`) ?? apiVersionOf(r.group, r.version)))
    .sort((a, b) => (rank.get(apiVersionOf(a.group, a.version)) ?? 0) - (rank.get(apiVersionOf(b.group, b.version)) ?? 0)
      || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
}

function toResourceInfo(r: GeneratedResource, storageVersion: string): ResourceInfo {
  const names = resourceNames(r.group, r.resource);
  const subresources: SubresourceInfo[] = r.subresources.map((s) => ({ name: s.name, kind: { ...s.kind }, verbs: [...s.verbs] }));
  return {
    group: r.group,
    version: r.version,
    resource: r.resource,
    singular: singularName(r.kind),
    kind: r.kind,
    listKind: r.listKind,
    namespaced: r.namespaced,
    verbs: r.verbs as Verb[],
    shortNames: [...(names.shortNames ?? [])],
    categories: [...(names.categories ?? [])],
    subresources,
    storageVersion,
  };
}

/** Group/versions ("v1", "apps/v1") in discovery order, as described at the top of this file. */
function discoveryOrder(groupVersions: readonly string[]): string[] {
  const unique = [...new Set(groupVersions)];
  const split = (gv: string) => {
    const slash = gv.indexOf('/');
    return slash < 0 ? { group: '', version: gv } : { group: gv.slice(0, slash), version: gv.slice(slash + 1) };
  };
  const groupRank = (group: string) => (group === '' ? 0 : group === AGGREGATOR_GROUP ? 1 : 2);
  // kube-aggregator: APIServices by GroupPriorityMinimum desc, then by name ("<version>.<group>")
  const byApiService = [...unique].sort((a, b) => {
    const ga = split(a);
    const gb = split(b);
    return groupRank(ga.group) - groupRank(gb.group)
      || (PRIORITIES[b]?.group ?? 0) - (PRIORITIES[a]?.group ?? 0)
      || compareStrings(`${ga.version}.${ga.group}`, `${gb.version}.${gb.group}`);
  });
  const groups: string[] = [];
  for (const gv of byApiService) if (!groups.includes(split(gv).group)) groups.push(split(gv).group);
  return groups.flatMap((group) => unique
    .filter((gv) => split(gv).group === group)
    .sort((a, b) => (PRIORITIES[b]?.version ?? 0) - (PRIORITIES[a]?.version ?? 0)
      || compareKubeVersions(split(b).version, split(a).version)));
}

const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * version.CompareKubeAwareVersionStrings: GA > beta > alpha, then by major, then by minor;
 * strings that are not Kubernetes versions sort after, alphabetically. Positive when a > b.
 */
export function compareKubeVersions(a: string, b: string): number {
  const parse = (v: string) => {
    const m = /^v([1-9][0-9]*)(?:(alpha|beta)([1-9][0-9]*))?$/.exec(v);
    return m ? { major: Number(m[1]), stage: m[2] === undefined ? 2 : m[2] === 'beta' ? 1 : 0, minor: Number(m[3] ?? 0) } : undefined;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return x ? 1 : y ? -1 : compareStrings(b, a);
  return x.stage - y.stage || x.major - y.major || x.minor - y.minor;
}

/**
 * Lookups over resources given in discovery order (the first version listed for a group is its
 * preferred version; the first resource claiming a short name wins, as kubectl resolves them).
 */
export class ResourceTable {
  private readonly byGvr = new Map<string, ResourceInfo>();
  private readonly versionsByGroup = new Map<string, string[]>();
  private preferredCache: ResourceInfo[] | undefined;

  constructor(readonly resources: readonly ResourceInfo[]) {
    for (const r of resources) {
      const key = gvrKey(r.group, r.version, r.resource);
      if (this.byGvr.has(key)) throw new Error(`duplicate resource ${key}`);
      this.byGvr.set(key, r);
      const versions = this.versionsByGroup.get(r.group) ?? [];
      if (!versions.includes(r.version)) versions.push(r.version);
      this.versionsByGroup.set(r.group, versions);
    }
  }

  /** The resource served at group/version/resource. */
  get(gvr: GroupVersionResource): ResourceInfo | undefined {
    return this.byGvr.get(gvrKey(gvr.group, gvr.version, gvr.resource));
  }

  /** The resource whose objects have this exact group/version/kind. */
  byKind(gvk: GroupVersionKind): ResourceInfo | undefined {
    return this.resources.find((r) => r.group === gvk.group && r.version === gvk.version && r.kind === gvk.kind);
  }

  /** The preferred-version resource for a group and kind. */
  byGroupKind(gk: GroupKind): ResourceInfo | undefined {
    return this.preferredList.find((r) => r.group === gk.group && r.kind === gk.kind);
  }

  /** The preferred-version resource claiming a short name ("po", "deploy", "ev" → core events). */
  byShortName(shortName: string): ResourceInfo | undefined {
    return this.preferredList.find((r) => r.shortNames.includes(shortName));
  }

  /** Preferred-version resources in a category ("all"), in discovery order. */
  byCategory(category: string): ResourceInfo[] {
    return this.preferredList.filter((r) => r.categories.includes(category));
  }

  /** Groups in discovery order ("" is the core group). */
  groups(): string[] {
    return [...this.versionsByGroup.keys()];
  }

  /** A group's served versions, preferred first. */
  versions(group: string): readonly string[] {
    return this.versionsByGroup.get(group) ?? [];
  }

  preferredVersion(group: string): string | undefined {
    return this.versionsByGroup.get(group)?.[0];
  }

  /** The resources of one group/version, in discovery order. */
  inGroupVersion(group: string, version: string): ResourceInfo[] {
    return this.resources.filter((r) => r.group === group && r.version === version);
  }

  /** Each group/resource once, at its group's preferred version that serves it. */
  preferred(): ResourceInfo[] {
    return [...this.preferredList];
  }

  private get preferredList(): readonly ResourceInfo[] {
    this.preferredCache ??= this.computePreferred();
    return this.preferredCache;
  }

  private computePreferred(): ResourceInfo[] {
    const seen = new Set<string>();
    const out: ResourceInfo[] = [];
    for (const group of this.groups()) {
      for (const version of this.versions(group)) {
        for (const r of this.inGroupVersion(group, version)) {
          if (seen.has(`${r.resource}.${group}`)) continue;
          seen.add(`${r.resource}.${group}`);
          out.push(r);
        }
      }
    }
    return out;
  }
}

const gvrKey = (group: string, version: string, resource: string) => `${group}/${version}/${resource}`;
