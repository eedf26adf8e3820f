/**
 * networking.k8s.io/v1 defaulting after pkg/apis/networking/v1/defaults.go
 * (SetDefaults_NetworkPolicy, SetDefaults_IngressClass). Ingress has no defaults: pathType is
 * required, not defaulted, in v1.
 */
import type { KubeObject } from '../object.ts';
import { asArr, asObj, ensureObj, objects, setDefault } from '../validation/access.ts';

/** SetDefaults_NetworkPolicy: port protocol TCP; policyTypes [Ingress] (+ Egress with egress rules). */
export function setDefaultsNetworkPolicy(np: KubeObject): void {
  const spec = ensureObj(np, 'spec');
  for (const dir of ['ingress', 'egress']) for (const rule of objects(spec[dir])) for (const p of objects(rule.ports)) setDefault(p, 'protocol', 'TCP');
  if (asArr(spec.policyTypes).length === 0) spec.policyTypes = asArr(spec.egress).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

/** SetDefaults_IngressClass: parameters scope Cluster. */
export function setDefaultsIngressClass(ic: KubeObject): void {
  const params = asObj(asObj(ic.spec)?.parameters);
  if (params) setDefault(params, 'scope', 'Cluster');
}
