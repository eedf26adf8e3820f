/**
 * networking.k8s.io/v1 kinds as kube-apiserver v1.32 prints them: Ingresses, IngressClasses,
 * NetworkPolicies.
 */
import { AGE, NAME, age, column, nameOf } from './columns.ts';
import { formatLabelSelector } from './labels.ts';
import { loadBalancerIngress } from './service.ts';
import type { Printer } from './table.ts';
import { arr, obj, optObj, optStr, str } from './value.ts';

/**
 * The HOSTS cell (kube's formatHosts): the rules' hosts up to 3; if any rule follows the one that
 * filled the third slot, " + N more..." where N = rules - 3 (host-less rules count too). "*"
 * when no rule names a host.
 */
export function ingressHosts(rules: readonly unknown[]): string {
  const max = 3;
  const hosts: string[] = [];
  let more = false;
  for (const r of rules) {
    if (hosts.length === max) { more = true; break; }
    const host = str(obj(r).host);
    if (host !== '') hosts.push(host);
  }
  if (hosts.length === 0) return '*';
  const joined = hosts.join(',');
  return more ? `${joined} + ${rules.length - max} more...` : joined;
}

export const ingressPrinter: Printer = {
  columns: [
    NAME,
    column('Class', 'string', 'The IngressClass that handles the ingress.'),
    column('Hosts', 'string', 'Hosts the rules match.'),
    column('Address', 'string', 'Load-balancer addresses of the ingress.'),
    column('Ports', 'string', 'Ports the ingress serves: 80, and 443 with TLS.'),
    AGE,
  ],
  row(ing, now) {
    const spec = obj(ing.spec);
    return [
      nameOf(ing), optStr(spec.ingressClassName) ?? '<none>', ingressHosts(arr(spec.rules)),
      loadBalancerIngress(obj(ing.status).loadBalancer), arr(spec.tls).length > 0 ? '80, 443' : '80', age(ing, now),
    ];
  },
};

export const ingressClassPrinter: Printer = {
  columns: [
    NAME,
    column('Controller', 'string', 'The controller that implements the class.'),
    column('Parameters', 'string', 'The resource holding extra configuration, as Kind[.group]/name.'),
    AGE,
  ],
  row(o, now) {
    const spec = obj(o.spec);
    const p = optObj(spec.parameters);
    let parameters = '<none>';
    if (p) {
      const group = optStr(p.apiGroup);
      parameters = `${str(p.kind)}${group === undefined ? '' : `.${group}`}/${str(p.name)}`;
    }
    return [nameOf(o), str(spec.controller), parameters, age(o, now)];
  },
};

export const networkPolicyPrinter: Printer = {
  columns: [NAME, column('Pod-Selector', 'string', 'Labels of the pods the policy applies to.'), AGE],
  row: (o, now) => [nameOf(o), formatLabelSelector(obj(o.spec).podSelector), age(o, now)],
};
