/**
 * Pods, after pkg/registry/core/pod/strategy.go: status phase Pending and the QoS class on
 * create; users never write status through the main resource; graceful deletion
 * (CheckGracefulDelete); GetAttrs' field selectors. Pods do not track metadata.generation in
 * 1.32 (that arrives with PodObservedGenerationTracking in 1.33).
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsPod } from '../../api/defaults/core-pod.ts';
import { asObj, asStr, ensureObj, objects } from '../../api/validation/access.ts';
import { validatePodCreate, validatePodStatusUpdate, validatePodUpdate } from '../../api/validation/core-pod.ts';
import type { Strategy } from '../strategy.ts';
import { computePodQOS } from './pod-qos.ts';
import { keepStatus, statusSubresource } from './status-subresource.ts';

const spec = (pod: KubeObject) => asObj(pod.spec) ?? {};
const status = (pod: KubeObject) => asObj(pod.status) ?? {};

/**
 * CheckGracefulDelete: the requested period, else spec.terminationGracePeriodSeconds; at once (0)
 * for pods never scheduled or already finished; a negative period becomes 1.
 */
export function podGracePeriodSeconds(pod: KubeObject, requested: number | undefined): number | undefined {
  let period = requested ?? (typeof spec(pod).terminationGracePeriodSeconds === 'number' ? spec(pod).terminationGracePeriodSeconds as number : 0);
  if (asStr(spec(pod).nodeName) === '') period = 0;
  const phase = status(pod).phase;
  if (phase === 'Failed' || phase === 'Succeeded') period = 0;
  if (period < 0) period = 1;
  return period === 0 ? undefined : period;
}

/** ToSelectableFields (beyond metadata.name and metadata.namespace). */
export function podFieldSet(pod: KubeObject): Record<string, string> {
  const s = spec(pod);
  const st = status(pod);
  const podIPs = objects(st.podIPs);
  return {
    'spec.nodeName': asStr(s.nodeName),
    'spec.restartPolicy': asStr(s.restartPolicy),
    'spec.schedulerName': asStr(s.schedulerName),
    'spec.serviceAccountName': asStr(s.serviceAccountName),
    'spec.hostNetwork': String(s.hostNetwork === true),
    'status.phase': asStr(st.phase),
    'status.podIP': podIPs.length > 0 ? asStr(podIPs[0].ip) : asStr(st.podIP),
    'status.nominatedNodeName': asStr(st.nominatedNodeName),
  };
}

export const podStrategy: Strategy = {
  applyDefaults: setDefaultsPod,
  prepareForCreate(pod) {
    const st: Record<string, unknown> = { phase: 'Pending', qosClass: computePodQOS(pod) };
    // applyWaitingForSchedulingGatesCondition
    if (objects(spec(pod).schedulingGates).length > 0) {
      st.conditions = [{ type: 'PodScheduled', status: 'False', lastProbeTime: null, lastTransitionTime: null, reason: 'SchedulingGated', message: 'Scheduling is blocked due to non-empty scheduling gates' }];
    }
    pod.status = st;
  },
  validate: validatePodCreate,
  prepareForUpdate: keepStatus,
  validateUpdate: validatePodUpdate,
  status: statusSubresource({
    defaults: setDefaultsPod,
    validateUpdate: validatePodStatusUpdate,
    prepare(pod, old) {
      // the QoS class is immutable; old kubelets dropped it from rejected pods' status.
      const st = ensureObj(pod, 'status');
      if (asStr(st.qosClass) === '' && asStr(asObj(old.status)?.qosClass) !== '') st.qosClass = asObj(old.status)?.qosClass;
    },
  }),
  fieldSet: podFieldSet,
  gracePeriodSeconds: podGracePeriodSeconds,
};
