/**
 * Looks owners up live, as kube's garbage collector isDangling: the graph may not have seen an
 * owner yet (or still shows a deleted one), so before deleting anything the GC asks the API.
 * A reference is
 *   - solid: the owner exists with that uid and is not deleting its dependents;
 *   - dangling: no object of that name, or one with another uid (a re-created owner);
 *   - waitingForDependentsDeletion: the owner is being deleted in the foreground;
 *   - unresolvable: the kind is not served, or a cluster-scoped dependent names a namespaced kind
 *     (invalid since Kubernetes 1.20: the dependent is never collected, and an
 *     OwnerRefInvalidNamespace warning is recorded). Unresolvable references count as solid.
 * Owners found absent are remembered (kube's absentOwnerCache, 500 entries) so a crowd of
 * orphans costs one GET.
 */
import type { ResourceTable } from '../../api/builtin-resources.ts';
import type { KubeObject, OwnerReference } from '../../api/object.ts';
import type { ResourceInfo } from '../../api/resource-info.ts';
import type { Client } from '../../client/client.ts';
import { isDeletingDependents } from './object-graph.ts';

export type OwnerState = 'solid' | 'dangling' | 'waitingForDependentsDeletion' | 'unresolvable';

export interface ResolvedOwner {
  readonly ref: OwnerReference;
  readonly state: OwnerState;
  /** Set when the reference is invalid because of scope (cluster-scoped dependent, namespaced owner). */
  readonly invalidNamespace?: boolean;
}

const ABSENT_CACHE_SIZE = 500;

export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? { group: '', version: apiVersion } : { group: apiVersion.slice(0, slash), version: apiVersion.slice(slash + 1) };
}

export class OwnerResolver {
  private readonly absent = new Map<string, true>();

  constructor(private readonly client: Client, private readonly resources: ResourceTable) {}

  /** The served resource for an ownerReference's apiVersion and kind (any served version of the group, as the RESTMapper). */
  resourceFor(ref: Pick<OwnerReference, 'apiVersion' | 'kind'>): ResourceInfo | undefined {
    const { group, version } = splitApiVersion(ref.apiVersion);
    return this.resources.byKind({ group, version, kind: ref.kind }) ?? this.resources.byGroupKind({ group, kind: ref.kind });
  }

  async resolve(ref: OwnerReference, dependent: KubeObject): Promise<ResolvedOwner> {
    const info = this.resourceFor(ref);
    if (!info) return { ref, state: 'unresolvable' };
    const namespace = dependent.metadata.namespace;
    if (info.namespaced && !namespace) return { ref, state: 'unresolvable', invalidNamespace: true };
    const ns = info.namespaced ? namespace : undefined;
    const cacheKey = `${ns ?? ''}|${ref.uid}`;
    if (this.absent.has(cacheKey)) return { ref, state: 'dangling' };
    const gvr = { group: info.group, version: info.version, resource: info.resource };
    let owner: KubeObject;
    try {
      owner = await (ns ? this.client.resource(gvr).namespace(ns) : this.client.resource(gvr)).get(ref.name);
    } catch (e) {
      if ((e as { code?: number }).code !== 404) throw e;
      this.remember(cacheKey);
      return { ref, state: 'dangling' };
    }
    if (owner.metadata.uid !== ref.uid) {
      this.remember(cacheKey);
      return { ref, state: 'dangling' };
    }
    return { ref, state: isDeletingDependents(owner) ? 'waitingForDependentsDeletion' : 'solid' };
  }

  private remember(key: string): void {
    this.absent.set(key, true);
    if (this.absent.size > ABSENT_CACHE_SIZE) this.absent.delete(this.absent.keys().next().value!);
  }
}
