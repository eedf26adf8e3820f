/**
 * Every in-tree plugin, and the default profile, after kube-scheduler's plugins/registry.go and
 * apis/config/v1 default_plugins.go (v1.32): the plugins in the order they run at each extension
 * point, with the default score weights (TaintToleration 3, NodeAffinity 2, PodTopologySpread 2,
 * InterPodAffinity 2, NodeResourcesFit 1, NodeResourcesBalancedAllocation 1).
 *
 * Not ported: VolumeRestrictions, NodeVolumeLimits, VolumeZone, EBS/GCE/Azure limits,
 * ImageLocality, DynamicResources.
 */
import { DEFAULT_SCHEDULER_NAME } from '../../api/defaults/core-pod.ts';
import type { PluginFactory, Profile } from '../framework/interface.ts';
import { BALANCED_ALLOCATION, BalancedAllocation } from './balanced-allocation.ts';
import { DEFAULT_BINDER, DefaultBinder } from './default-binder.ts';
import { DEFAULT_PREEMPTION, DefaultPreemption } from './default-preemption.ts';
import { INTER_POD_AFFINITY, InterPodAffinity } from './inter-pod-affinity.ts';
import { NODE_AFFINITY, NodeAffinity } from './node-affinity.ts';
import { NODE_NAME, NodeName } from './node-name.ts';
import { NODE_PORTS, NodePorts } from './node-ports.ts';
import { NODE_RESOURCES_FIT, NodeResourcesFit } from './node-resources-fit.ts';
import { NODE_UNSCHEDULABLE, NodeUnschedulable } from './node-unschedulable.ts';
import { POD_TOPOLOGY_SPREAD, PodTopologySpread } from './pod-topology-spread.ts';
import { PRIORITY_SORT, PrioritySort } from './priority-sort.ts';
import { SCHEDULING_GATES, SchedulingGates } from './scheduling-gates.ts';
import { TAINT_TOLERATION, TaintToleration } from './taint-toleration.ts';
import { VOLUME_BINDING, VolumeBinding } from './volume-binding.ts';

export const inTreeRegistry: Readonly<Record<string, PluginFactory>> = {
  [SCHEDULING_GATES]: () => new SchedulingGates(),
  [PRIORITY_SORT]: () => new PrioritySort(),
  [NODE_UNSCHEDULABLE]: () => new NodeUnschedulable(),
  [NODE_NAME]: () => new NodeName(),
  [TAINT_TOLERATION]: () => new TaintToleration(),
  [NODE_AFFINITY]: () => new NodeAffinity(),
  [NODE_PORTS]: () => new NodePorts(),
  [NODE_RESOURCES_FIT]: () => new NodeResourcesFit(),
  [VOLUME_BINDING]: (h) => new VolumeBinding(h),
  [POD_TOPOLOGY_SPREAD]: (h) => new PodTopologySpread(h),
  [INTER_POD_AFFINITY]: (h) => new InterPodAffinity(h),
  [DEFAULT_PREEMPTION]: (h) => new DefaultPreemption(h),
  [BALANCED_ALLOCATION]: () => new BalancedAllocation(),
  [DEFAULT_BINDER]: (h) => new DefaultBinder(h),
};

/** kube-scheduler's default scheduler name (the API server defaults spec.schedulerName to it). */
export { DEFAULT_SCHEDULER_NAME };

/** The default profile: kube's MultiPoint plugin list, in order, with weights. */
export const defaultProfile: Profile = {
  schedulerName: DEFAULT_SCHEDULER_NAME,
  plugins: [
    { name: SCHEDULING_GATES },
    { name: PRIORITY_SORT },
    { name: NODE_UNSCHEDULABLE },
    { name: NODE_NAME },
    { name: TAINT_TOLERATION, weight: 3 },
    { name: NODE_AFFINITY, weight: 2 },
    { name: NODE_PORTS },
    { name: NODE_RESOURCES_FIT, weight: 1 },
    { name: VOLUME_BINDING },
    { name: POD_TOPOLOGY_SPREAD, weight: 2 },
    { name: INTER_POD_AFFINITY, weight: 2 },
    { name: DEFAULT_PREEMPTION },
    { name: BALANCED_ALLOCATION, weight: 1 },
    { name: DEFAULT_BINDER },
  ],
};
