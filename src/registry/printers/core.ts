/**
 * The smaller core/v1 kinds as kube-apiserver v1.32 prints them: Namespaces, ConfigMaps, Secrets,
 * ServiceAccounts, ReplicationControllers, ResourceQuotas, ComponentStatuses. (Pods, Services,
 * Endpoints, Nodes, Events and volumes have files of their own; LimitRanges and the rest use the
 * default printer, as kube has none for them.)
 */
import { AGE, CONTAINERS, IMAGES, NAME, age, column, containerCells, nameOf, wide } from './columns.ts';
import { formatLabels } from './labels.ts';
import type { Printer } from './table.ts';
import { arr, num, obj, optNum, quantity, size, str } from './value.ts';

export const namespacePrinter: Printer = {
  columns: [NAME, column('Status', 'string', 'Phase of the namespace: Active or Terminating.'), AGE],
  row: (o, now) => [nameOf(o), str(obj(o.status).phase), age(o, now)],
};

export const configMapPrinter: Printer = {
  columns: [NAME, column('Data', 'string', 'Number of keys in data and binaryData.'), AGE],
  row: (o, now) => [nameOf(o), size(o.data) + size(o.binaryData), age(o, now)],
};

export const secretPrinter: Printer = {
  columns: [
    NAME,
    column('Type', 'string', 'The secret type, e.g. Opaque or kubernetes.io/tls.'),
    column('Data', 'string', 'Number of keys in data.'),
    AGE,
  ],
  row: (o, now) => [nameOf(o), str(o.type), size(o.data), age(o, now)],
};

export const serviceAccountPrinter: Printer = {
  columns: [NAME, column('Secrets', 'string', 'Number of secrets listed on the service account.'), AGE],
  row: (o, now) => [nameOf(o), arr(o.secrets).length, age(o, now)],
};

export const replicationControllerPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'integer', 'Number of replicas requested.'),
    column('Current', 'integer', 'Number of replicas observed.'),
    column('Ready', 'integer', 'Number of ready replicas.'),
    AGE,
    CONTAINERS,
    IMAGES,
    wide('Selector', 'string', 'Labels of the pods the controller manages.'),
  ],
  row(o, now) {
    const spec = obj(o.spec);
    const status = obj(o.status);
    const [names, images] = containerCells(obj(spec.template).spec);
    // Defaulting sets spec.replicas to 1; apply it for objects stored undefaulted.
    const desired = optNum(spec.replicas) ?? 1;
    return [nameOf(o), desired, num(status.replicas), num(status.readyReplicas), age(o, now), names, images, formatLabels(spec.selector)];
  },
};

/**
 * The REQUEST and LIMIT cells (kube's printResourceQuota): "name: used/hard" for every resource
 * in status.hard, sorted by name, "limits.*" ones in LIMIT, joined by ", ".
 */
function quotaCells(status: Readonly<Record<string, unknown>>): [request: string, limit: string] {
  const hard = obj(status.hard);
  const used = obj(status.used);
  const requests: string[] = [];
  const limits: string[] = [];
  for (const name of Object.keys(hard).sort()) {
    const text = `${name}: ${quantity(used[name], '0')}/${quantity(hard[name], '0')}`;
    (name.startsWith('limits.') ? limits : requests).push(text);
  }
  return [requests.join(', '), limits.join(', ')];
}

export const resourceQuotaPrinter: Printer = {
  columns: [
    NAME,
    column('Request', 'string', 'Used and hard amounts of every non-limit resource in the quota.'),
    column('Limit', 'string', 'Used and hard amounts of the limits.* resources in the quota.'),
    AGE,
  ],
  row(o, now) {
    const [request, limit] = quotaCells(obj(o.status));
    return [nameOf(o), request, limit, age(o, now)];
  },
};

export const componentStatusPrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 'Healthy, Unhealthy or Unknown, from the Healthy condition.'),
    column('Message', 'string', 'Message of the Healthy condition.'),
    column('Error', 'string', 'Error of the Healthy condition.'),
  ],
  row(o) {
    for (const c of arr(o.conditions)) {
      const cond = obj(c);
      if (cond.type !== 'Healthy') continue;
      return [nameOf(o), cond.status === 'True' ? 'Healthy' : 'Unhealthy', str(cond.message), str(cond.error)];
    }
    return [nameOf(o), 'Unknown', '', ''];
  },
};
