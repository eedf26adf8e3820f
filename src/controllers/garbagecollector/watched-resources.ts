/**
 * The resources the garbage collector watches. kube's GC watches every deletable resource found by
 * discovery (garbagecollector.GetDeletableResources); ekslite watches only the kinds that carry
 * ownerReferences, or are owners, in practice — the workload chain, what controllers and kubelets
 * create for them, and node leases — to keep one informer per kind cheap.
 *
 * Left out on purpose: Events (high churn, never owned in practice; they expire by TTL), RBAC,
 * cluster configuration and custom resources. An object of an unwatched kind is never collected,
 * and an owner of an unwatched kind is found by a live GET only (see owner-resolver.ts).
 */
import type { GroupVersionResource } from '../../api/object.ts';

const core = (resource: string): GroupVersionResource => ({ group: '', version: 'v1', resource });
const apps = (resource: string): GroupVersionResource => ({ group: 'apps', version: 'v1', resource });
const batch = (resource: string): GroupVersionResource => ({ group: 'batch', version: 'v1', resource });

export const GC_WATCHED_RESOURCES: readonly GroupVersionResource[] = [
  core('pods'), core('services'), core('endpoints'), core('configmaps'), core('secrets'),
  core('serviceaccounts'), core('persistentvolumeclaims'), core('replicationcontrollers'),
  // Nodes own their Lease (kubelet) and CSINode; watched as owners.
  core('nodes'),
  apps('deployments'), apps('replicasets'), apps('statefulsets'), apps('daemonsets'), apps('controllerrevisions'),
  batch('jobs'), batch('cronjobs'),
  { group: 'discovery.k8s.io', version: 'v1', resource: 'endpointslices' },
  { group: 'coordination.k8s.io', version: 'v1', resource: 'leases' },
];
