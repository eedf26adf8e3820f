/**
 * The scheduling framework's extension points, after kube-scheduler's framework/interface.go:
 * each is a tiny interface, a plugin implements the ones it needs, and a profile lists plugins
 * (plugins/registry.ts) — the framework finds their extension points the way kube's MultiPoint
 * expansion does. Plugins get a {@link Handle} for the cluster state and the writes they make.
 *
 * Contracts kept from kube-scheduler:
 * - Filter and Score run for many nodes per pod: they must not allocate on success and must
 *   treat NodeInfo and PodInfo as read-only.
 * - A PreFilter or PreScore that returns Skip turns off the plugin's Filter or Score for the cycle.
 * - Score returns a number; a plugin signals an internal error by throwing (the framework turns it
 *   into an Error status, as framework.AsStatus). After NormalizeScore scores lie in [0, 100].
 */
import type { KubeObject } from '../../api/object.ts';
import type { Clock } from '../../util/clock.ts';
import type {
  PersistentVolume, PersistentVolumeClaim, Pod, PodCondition, PodDisruptionBudget, PriorityClass, SelectorOwner, StorageClass,
} from '../api-types.ts';
import type { CycleState } from './cycle-state.ts';
import type { ClusterEvent } from './events.ts';
import type { NodeToStatus } from './fit-error.ts';
import type { NodeInfo } from './node-info.ts';
import type { NamespaceLabels, PodInfo } from './pod-info.ts';
import type { Status } from './status.ts';

/** fwk.MaxNodeScore. */
export const MAX_NODE_SCORE = 100;

export interface Plugin {
  readonly name: string;
}

/** A pod as the queue holds it (framework.QueuedPodInfo). */
export interface QueuedPodInfo {
  podInfo: PodInfo;
  /** When the pod was last added to the queue or moved in it (ms). */
  timestamp: number;
  /** Scheduling attempts so far; drives the backoff. */
  attempts: number;
  initialAttemptTimestamp: number | undefined;
  /** Plugins that rejected the pod in its last attempt; decide which events requeue it. */
  unschedulablePlugins: Set<string>;
  /** PreEnqueue rejected it (scheduling gates): it waits outside activeQ. */
  gated: boolean;
  /** Arrival order, the final tie-break. */
  readonly seq: number;
}

export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Runs before a pod enters activeQ; a non-success keeps it out (gated). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: PodInfo): Status;
}

/** A PreFilter result restricting the nodes worth filtering (fwk.PreFilterResult). */
export class PreFilterResult {
  constructor(readonly nodeNames: ReadonlySet<string>) {}
}

/** Keeps PreFilter state right when preemption or nominated pods add or remove pods on a node copy. */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Status;
  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Status;
}

export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | PreFilterResult;
  readonly preFilterExtensions?: PreFilterExtensions;
}

export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status;
}

export interface PostFilterResult {
  readonly status: Status;
  /** A node to nominate; null clears the pod's nomination; undefined leaves it. */
  readonly nominatedNodeName?: string | null;
}

/** Runs when no node fits (preemption). */
export interface PostFilterPlugin extends Plugin {
  postFilter(state: CycleState, pod: PodInfo, statuses: NodeToStatus): PostFilterResult;
}

export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status;
}

export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number;
  /** Rescales `scores` (one per node of `nodes`, same order) into [0, 100] in place. */
  normalizeScore?(state: CycleState, pod: PodInfo, scores: Float64Array, nodes: readonly NodeInfo[]): void;
}

export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): Status;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** Success lets binding start; a rejection fails the cycle. (Wait is not supported.) */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): Status;
}

export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

/** Binds the pod; Skip hands it to the next bind plugin. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<Status>;
}

export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

export type QueueingHint = 'Queue' | 'QueueSkip';

export interface ClusterEventWithHint {
  readonly event: ClusterEvent;
  /** Whether the event may make `pod` schedulable; absent means Queue. */
  readonly hint?: (pod: PodInfo, oldObj: KubeObject | undefined, newObj: KubeObject | undefined) => QueueingHint;
}

/** The events that may resolve this plugin's rejections (fwk.EnqueueExtensions). */
export interface EnqueueExtensions extends Plugin {
  eventsToRegister(): readonly ClusterEventWithHint[];
}

/** The nodes as the scheduler sees them during a cycle (kube's Snapshot). */
export interface NodeSnapshot {
  /** Every node with a Node object, zone-interleaved as kube's nodeTree lists them. */
  nodeInfos(): readonly NodeInfo[];
  get(name: string): NodeInfo | undefined;
  /** Nodes with at least one pod declaring pod (anti-)affinity. */
  nodesWithAffinityPods(): ReadonlySet<NodeInfo>;
  /** Nodes with at least one pod declaring required anti-affinity. */
  nodesWithRequiredAntiAffinityPods(): ReadonlySet<NodeInfo>;
}

/** Read access to other objects plugins consult (informer listers). */
export interface Listers {
  pod(namespace: string, name: string): Pod | undefined;
  pvc(namespace: string, name: string): PersistentVolumeClaim | undefined;
  pv(name: string): PersistentVolume | undefined;
  pvs(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
  namespace(name: string): KubeObject | undefined;
  pdbs(): readonly PodDisruptionBudget[];
  priorityClass(name: string): PriorityClass | undefined;
  /** The PriorityClass with globalDefault set, if any. */
  globalDefaultPriorityClass(): PriorityClass | undefined;
  /** The Services of a namespace (DefaultSelector). */
  services(namespace: string): readonly SelectorOwner[];
  /** A pod's controller by kind ("ReplicationController", "ReplicaSet", "StatefulSet"), for DefaultSelector. */
  controller(kind: string, namespace: string, name: string): SelectorOwner | undefined;
}

/** The writes the scheduler makes (kube-scheduler's clientset calls and event recorder). */
export interface ClusterWriter {
  /** POST pods/{name}/binding. */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Patches status.conditions[type] and/or status.nominatedNodeName ("" clears it). */
  patchPodStatus(pod: Pod, update: { readonly condition?: PodCondition; readonly nominatedNodeName?: string }): Promise<void>;
  /** Deletes a pod gracefully, only if it still has `pod`'s uid. */
  deletePod(pod: Pod): Promise<void>;
  /** Merges annotations into a PVC (volume.kubernetes.io/selected-node). */
  annotatePvc(pvc: PersistentVolumeClaim, annotations: Readonly<Record<string, string>>): Promise<void>;
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string): void;
}

/** Pods nominated to nodes by preemption (fwk.PodNominator). */
export interface PodNominator {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** What plugins get from the framework (fwk.Handle). */
export interface Handle {
  readonly schedulerName: string;
  readonly clock: Clock;
  /** Uniform in [0, 1), injected. */
  readonly random: () => number;
  readonly snapshot: NodeSnapshot;
  readonly listers: Listers;
  readonly writer: ClusterWriter;
  readonly nominator: PodNominator;
  readonly namespaceLabels: NamespaceLabels;
  /** Runs the filters with the node's nominated pods considered (PluginsRunner). */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): Status;
  runPreFilterExtensionAddPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): Status;
  runPreFilterExtensionRemovePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): Status;
}

export type PluginFactory = (handle: Handle) => Plugin;

/** One profile (KubeSchedulerProfile): a scheduler name and its plugins in order, with score weights. */
export interface Profile {
  readonly schedulerName: string;
  /** 0 or absent: kube's adaptive percentage (50 - nodes/125, at least 5). */
  readonly percentageOfNodesToScore?: number;
  readonly plugins: readonly { readonly name: string; readonly weight?: number }[];
}

