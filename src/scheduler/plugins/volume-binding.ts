/**
 * VolumeBinding (plugins/volumebinding), the basic part: a pod's PersistentVolumeClaims must
 * exist and not be terminating; a bound claim's volume must accept the node (PV node affinity,
 * as local and hostPath volumes carry); an unbound claim of a WaitForFirstConsumer class is bound
 * for the node chosen — to an available PV of its class that fits the node, or by the class's
 * provisioner when the node is in its allowed topologies; an unbound claim of an Immediate class
 * must be bound by the PV controller first.
 *
 * PreBind records the chosen node on such claims (volume.kubernetes.io/selected-node), which is
 * what external provisioners and the PV controller act on. Not done here: binding a matched static
 * PV to the claim and waiting for the binding before the pod binds (kube's BindPodVolumes), and
 * the CSI capacity checks.
 */
import type { PersistentVolume, PersistentVolumeClaim, StorageClass } from '../api-types.ts';
import { ActionType, clusterEvent } from '../framework/events.ts';
import { ImmutableState, type CycleState } from '../framework/cycle-state.ts';
import type { ClusterEventWithHint, EnqueueExtensions, FilterPlugin, Handle, PreBindPlugin, PreFilterPlugin } from '../framework/interface.ts';
import type { NodeInfo } from '../framework/node-info.ts';
import { compileNodeSelector } from '../framework/node-selector.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { value as quantityValue } from '../framework/resource.ts';
import { SKIP, SUCCESS, Status, asStatus, unresolvable } from '../framework/status.ts';

export const VOLUME_BINDING = 'VolumeBinding';
export const ERR_REASON_BIND_CONFLICT = "node(s) didn't find available persistent volumes to bind";
export const ERR_REASON_NODE_CONFLICT = 'node(s) had volume node affinity conflict';
export const ERR_REASON_UNBOUND_IMMEDIATE = 'pod has unbound immediate PersistentVolumeClaims';
export const ANNOTATION_SELECTED_NODE = 'volume.kubernetes.io/selected-node';
const NO_PROVISIONER = 'kubernetes.io/no-provisioner';
const PRE_FILTER_KEY = `PreFilter${VOLUME_BINDING}`;

interface DelayedClaim { readonly pvc: PersistentVolumeClaim; readonly storageClass: StorageClass }
interface ClaimsState { readonly boundVolumeNames: readonly string[]; readonly delayed: readonly DelayedClaim[] }

function pvMatchesNode(pv: PersistentVolume, node: NodeInfo): boolean {
  const terms = pv.spec?.nodeAffinity?.required?.nodeSelectorTerms;
  return !terms || compileNodeSelector(terms)(node.labels, node.name);
}

/** StorageClass.allowedTopologies: any term whose every expression the node's labels satisfy. */
function classAllowsNode(sc: StorageClass, node: NodeInfo): boolean {
  const terms = sc.allowedTopologies ?? [];
  if (terms.length === 0) return true;
  return terms.some((t) => (t.matchLabelExpressions ?? []).every((e) => e.values.includes(node.labels[e.key])));
}

export class VolumeBinding implements PreFilterPlugin, FilterPlugin, PreBindPlugin, EnqueueExtensions {
  readonly name = VOLUME_BINDING;
  constructor(private readonly handle: Handle) {}

  preFilter(state: CycleState, pod: PodInfo): Status {
    if (pod.pvcNames.length === 0) return SKIP;
    const bound: string[] = [];
    const delayed: DelayedClaim[] = [];
    let immediateUnbound = false;
    for (const claimName of pod.pvcNames) {
      const pvc = this.handle.listers.pvc(pod.namespace, claimName);
      if (!pvc) return unresolvable(`persistentvolumeclaim "${claimName}" not found`).withPlugin(this.name);
      if (pvc.metadata.deletionTimestamp) return unresolvable(`persistentvolumeclaim "${claimName}" is being deleted`).withPlugin(this.name);
      if (pvc.spec?.volumeName) { bound.push(pvc.spec.volumeName); continue; }
      const sc = this.handle.listers.storageClass(pvc.spec?.storageClassName ?? '');
      if (sc?.volumeBindingMode === 'WaitForFirstConsumer') delayed.push({ pvc, storageClass: sc });
      else immediateUnbound = true;
    }
    if (immediateUnbound) return unresolvable(ERR_REASON_UNBOUND_IMMEDIATE).withPlugin(this.name);
    state.write(PRE_FILTER_KEY, new ImmutableState<ClaimsState>({ boundVolumeNames: bound, delayed }));
    return SUCCESS;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): Status {
    const s = state.read<ImmutableState<ClaimsState>>(PRE_FILTER_KEY)?.value;
    if (!s) return SUCCESS;
    const reasons: string[] = [];
    for (const name of s.boundVolumeNames) {
      const pv = this.handle.listers.pv(name);
      if (!pv) return new Status('Error', [`persistentvolume "${name}" not found`], this.name);
      if (!pvMatchesNode(pv, nodeInfo)) { reasons.push(ERR_REASON_NODE_CONFLICT); break; }
    }
    if (s.delayed.length > 0 && !this.delayedClaimsSatisfied(s.delayed, nodeInfo)) reasons.push(ERR_REASON_BIND_CONFLICT);
    return reasons.length === 0 ? SUCCESS : new Status('UnschedulableAndUnresolvable', reasons, this.name);
  }

  /** findMatchingVolumes + checkVolumeProvisions for the node. */
  private delayedClaimsSatisfied(claims: readonly DelayedClaim[], node: NodeInfo): boolean {
    const chosen = new Set<string>();
    for (const { pvc, storageClass } of claims) {
      const pv = this.findMatchingVolume(pvc, storageClass, node, chosen);
      if (pv) { chosen.add(pv.metadata.name ?? ''); continue; }
      if (storageClass.provisioner === NO_PROVISIONER || !classAllowsNode(storageClass, node)) return false;
    }
    return true;
  }

  /** The smallest available PV of the claim's class that is big enough, has its access modes and fits the node. */
  private findMatchingVolume(pvc: PersistentVolumeClaim, sc: StorageClass, node: NodeInfo, taken: ReadonlySet<string>): PersistentVolume | undefined {
    const request = quantityValue(pvc.spec?.resources?.requests?.storage ?? '0');
    const modes = pvc.spec?.accessModes ?? [];
    let best: PersistentVolume | undefined;
    let bestSize = Infinity;
    for (const pv of this.handle.listers.pvs()) {
      const name = pv.metadata.name ?? '';
      if (taken.has(name) || pv.metadata.deletionTimestamp) continue;
      if ((pv.spec?.storageClassName ?? '') !== (sc.metadata.name ?? '')) continue;
      const ref = pv.spec?.claimRef;
      if (ref && !(ref.namespace === pvc.metadata.namespace && ref.name === pvc.metadata.name)) continue;
      if (pv.status?.phase && pv.status.phase !== 'Available' && !ref) continue;
      const size = quantityValue(pv.spec?.capacity?.storage ?? '0');
      if (size < request || !modes.every((m) => pv.spec?.accessModes?.includes(m))) continue;
      if (!pvMatchesNode(pv, node)) continue;
      if (size < bestSize) { best = pv; bestSize = size; }
    }
    return best;
  }

  async preBind(state: CycleState, _pod: PodInfo, nodeName: string): Promise<Status> {
    const s = state.read<ImmutableState<ClaimsState>>(PRE_FILTER_KEY)?.value;
    if (!s || s.delayed.length === 0) return SKIP;
    try {
      for (const { pvc } of s.delayed) {
        if (pvc.metadata.annotations?.[ANNOTATION_SELECTED_NODE] === nodeName) continue;
        await this.handle.writer.annotatePvc(pvc, { [ANNOTATION_SELECTED_NODE]: nodeName });
      }
      return SUCCESS;
    } catch (e) {
      return asStatus(e);
    }
  }

  eventsToRegister(): readonly ClusterEventWithHint[] {
    return [
      { event: clusterEvent('PersistentVolumeClaim', ActionType.Add | ActionType.UpdateOther, 'PvcAddOrUpdate') },
      { event: clusterEvent('PersistentVolume', ActionType.Add | ActionType.UpdateOther, 'PvAddOrUpdate') },
      { event: clusterEvent('StorageClass', ActionType.Add | ActionType.UpdateOther, 'StorageClassAddOrUpdate') },
      { event: clusterEvent('Node', ActionType.Add | ActionType.UpdateNodeLabel | ActionType.UpdateNodeTaint, 'NodeAddOrUpdate') },
    ];
  }
}
