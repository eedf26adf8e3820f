/**
 * A Pod's QoS class, after pkg/apis/core/helper/qos (ComputePodQOS), which the pod strategy
 * records in status.qosClass at creation: Guaranteed when every container sets cpu and memory
 * limits and requests equal limits; BestEffort when nothing is requested or limited; else
 * Burstable. Only cpu and memory count; zero quantities are ignored.
 */
import type { KubeObject } from '../../api/object.ts';
import type { Quantity } from '../../api/quantity.ts';
import { asObj, objects } from '../../api/validation/access.ts';
import { quantityOf } from '../../api/validation/core-resources.ts';

export type QOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

const QOS_RESOURCES = ['cpu', 'memory'];

function addTo(sum: Map<string, Quantity>, name: string, q: Quantity): void {
  const prev = sum.get(name);
  sum.set(name, prev ? prev.add(q) : q);
}

export function computePodQOS(pod: KubeObject): QOSClass {
  const spec = asObj(pod.spec) ?? {};
  const requests = new Map<string, Quantity>();
  const limits = new Map<string, Quantity>();
  let guaranteed = true;
  for (const c of [...objects(spec.containers), ...objects(spec.initContainers)]) {
    const resources = asObj(c.resources) ?? {};
    for (const [name, v] of Object.entries(asObj(resources.requests) ?? {})) {
      const q = quantityOf(v);
      if (QOS_RESOURCES.includes(name) && q && q.sign() > 0) addTo(requests, name, q);
    }
    const found = new Set<string>();
    for (const [name, v] of Object.entries(asObj(resources.limits) ?? {})) {
      const q = quantityOf(v);
      if (QOS_RESOURCES.includes(name) && q && q.sign() > 0) { found.add(name); addTo(limits, name, q); }
    }
    if (!found.has('cpu') || !found.has('memory')) guaranteed = false;
  }
  if (requests.size === 0 && limits.size === 0) return 'BestEffort';
  if (guaranteed) {
    for (const [name, req] of requests) {
      const lim = limits.get(name);
      if (!lim || lim.cmp(req) !== 0) { guaranteed = false; break; }
    }
  }
  return guaranteed && requests.size === limits.size ? 'Guaranteed' : 'Burstable';
}
