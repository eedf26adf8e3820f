/**
 * The Service field bookkeeping of pkg/registry/core/service (strategy.go: patchAllocatedValues,
 * normalizeClusterIPs, dropTypeDependentFields; storage/alloc.go: initIPFamilyFields). The
 * allocation of clusterIPs and nodePorts themselves is the Store's allocator's job; these keep the
 * linked fields consistent around it.
 */
import type { KubeObject } from '../../api/object.ts';
import { type Obj, asArr, asObj, asStr, deepEqual, ensureObj, mapLen, objects } from '../../api/validation/access.ts';
import { isExternallyAccessible } from '../../api/validation/core-service.ts';

const spec = (svc: KubeObject): Obj => ensureObj(svc, 'spec');
const needsClusterIP = (s: Obj): boolean => s.type !== 'ExternalName';
const needsNodePort = (s: Obj): boolean => s.type === 'NodePort' || (s.type === 'LoadBalancer' && s.allocateLoadBalancerNodePorts !== false);
const needsHCNodePort = (s: Obj): boolean => s.type === 'LoadBalancer' && s.externalTrafficPolicy === 'Local';
const clusterIPsOf = (s: Obj): string[] => asArr(s.clusterIPs).map(asStr);

/**
 * initIPFamilyFields for a single-stack IPv4 cluster: SingleStack / [IPv4], except selector-less
 * headless Services, which kube gives RequireDualStack with the cluster's families.
 */
export function initIPFamilyFields(svc: KubeObject): void {
  const s = spec(svc);
  if (!needsClusterIP(s)) return;
  const headlessWithoutSelector = s.clusterIP === 'None' && mapLen(s.selector) === 0;
  if (s.ipFamilyPolicy === undefined || s.ipFamilyPolicy === null) s.ipFamilyPolicy = headlessWithoutSelector ? 'RequireDualStack' : 'SingleStack';
  if (asArr(s.ipFamilies).length === 0) s.ipFamilies = ['IPv4'];
}

/** normalizeClusterIPs: keep clusterIP and clusterIPs[0] in step for clients that set only one. */
export function normalizeClusterIPs(svc: KubeObject, old?: KubeObject): void {
  const n = spec(svc);
  if (!old) {
    if (asStr(n.clusterIP) !== '' && clusterIPsOf(n).length === 0) n.clusterIPs = [n.clusterIP];
    return;
  }
  const o = asObj(old.spec) ?? {};
  if (clusterIPsOf(o).length > 0 && clusterIPsOf(n).length === 0 && asStr(o.clusterIP) === asStr(n.clusterIP)) n.clusterIPs = o.clusterIPs;
  if (asStr(o.clusterIP) !== asStr(n.clusterIP)) {
    const same = deepEqual(clusterIPsOf(o), clusterIPsOf(n));
    if (asStr(o.clusterIP) !== '' && asStr(n.clusterIP) === '') { if (same) delete n.clusterIPs; }
    else if (same) n.clusterIPs = [n.clusterIP];
  }
}

/** patchAllocatedValues: an update that omits allocated values keeps them. */
export function patchAllocatedValues(svc: KubeObject, old: KubeObject): void {
  const n = spec(svc);
  const o = asObj(old.spec) ?? {};
  if (needsClusterIP(o) && needsClusterIP(n)) {
    if (asStr(n.clusterIP) === '') n.clusterIP = o.clusterIP;
    if (clusterIPsOf(n).length === 0 && clusterIPsOf(o).length > 0) n.clusterIPs = o.clusterIPs;
  }
  if (needsNodePort(o) && needsNodePort(n)) {
    const used = (s: Obj) => new Set(objects(s.ports).map((p) => p.nodePort).filter((x) => typeof x === 'number' && x !== 0));
    const newUsed = used(n);
    const usedInBoth = new Set([...used(o)].filter((x) => newUsed.has(x)));
    const byName = new Map(objects(o.ports).map((p) => [asStr(p.name), p.nodePort]));
    for (const p of objects(n.ports)) {
      if (p.nodePort) continue;
      const prev = byName.get(asStr(p.name));
      if (typeof prev === 'number' && prev !== 0 && !usedInBoth.has(prev)) p.nodePort = prev;
    }
  }
  if (needsHCNodePort(o) && needsHCNodePort(n) && !n.healthCheckNodePort) n.healthCheckNodePort = o.healthCheckNodePort;
}

/** dropTypeDependentFields: leaving a type clears what only that type used, unless the user changed it. */
export function dropTypeDependentFields(svc: KubeObject, old: KubeObject): void {
  const n = spec(svc);
  const o = asObj(old.spec) ?? {};
  if (needsClusterIP(o) && !needsClusterIP(n)) {
    if (deepEqual(clusterIPsOf(o), clusterIPsOf(n)) && asStr(o.clusterIP) === asStr(n.clusterIP)) { delete n.clusterIP; delete n.clusterIPs; }
    if (deepEqual(o.ipFamilies, n.ipFamilies)) delete n.ipFamilies;
    if (o.ipFamilyPolicy === n.ipFamilyPolicy) delete n.ipFamilyPolicy;
  }
  const nodePortsOf = (s: Obj) => objects(s.ports).map((p) => p.nodePort ?? 0);
  if (needsNodePort(o) && !needsNodePort(n) && deepEqual(nodePortsOf(o), nodePortsOf(n))) for (const p of objects(n.ports)) delete p.nodePort;
  if (needsHCNodePort(o) && !needsHCNodePort(n) && o.healthCheckNodePort === n.healthCheckNodePort) delete n.healthCheckNodePort;
  if (n.type !== 'LoadBalancer') {
    if (o.allocateLoadBalancerNodePorts !== undefined && o.allocateLoadBalancerNodePorts === n.allocateLoadBalancerNodePorts) delete n.allocateLoadBalancerNodePorts;
    if (o.loadBalancerClass === n.loadBalancerClass) delete n.loadBalancerClass;
  }
  if (!isExternallyAccessible(n) && o.externalTrafficPolicy === n.externalTrafficPolicy) delete n.externalTrafficPolicy;
  // The load balancer's status goes with the type (de-provisioning is the controller's business).
  if (n.type !== 'LoadBalancer') ensureObj(svc, 'status').loadBalancer = {};
}
