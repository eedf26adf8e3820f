/**
 * Nodes (core/v1) and RuntimeClasses (node.k8s.io) as kube-apiserver v1.32 prints them
 * (printNode, printRuntimeClass).
 */
import type { KubeObject } from '../../api/object.ts';
import { AGE, NAME, age, column, nameOf, wide } from './columns.ts';
import type { Printer } from './table.ts';
import { arr, obj, str } from './value.ts';

/** kube's labelNodeRolePrefix and the legacy single-role label. */
const ROLE_PREFIX = 'node-role.kubernetes.io/';
const ROLE_LABEL = 'kubernetes.io/role';

/**
 * The STATUS cell: "Ready" / "NotReady" from the Ready condition ("Unknown" without one), then
 * ",SchedulingDisabled" when cordoned.
 */
export function nodeStatus(node: KubeObject): string {
  // kube keeps the last condition of each type; only Ready is printed.
  let ready: string | undefined;
  for (const c of arr(obj(node.status).conditions)) {
    const cond = obj(c);
    if (cond.type === 'Ready') ready = cond.status === 'True' ? 'Ready' : 'NotReady';
  }
  const status = ready ?? 'Unknown';
  return obj(node.spec).unschedulable === true ? `${status},SchedulingDisabled` : status;
}

/**
 * The ROLES cell: roles from `node-role.kubernetes.io/<role>` label keys and the
 * `kubernetes.io/role=<role>` label, deduplicated, sorted, joined by ","; "<none>" without any.
 */
export function nodeRoles(node: KubeObject): string {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX)) {
      const role = key.slice(ROLE_PREFIX.length);
      if (role !== '') roles.add(role);
    } else if (key === ROLE_LABEL && value !== '') {
      roles.add(value);
    }
  }
  return roles.size === 0 ? '<none>' : [...roles].sort().join(',');
}

/** The first address of the type, or "<none>". */
function nodeAddress(node: KubeObject, type: 'InternalIP' | 'ExternalIP'): string {
  for (const a of arr(obj(node.status).addresses)) {
    const address = obj(a);
    if (address.type === type) return str(address.address);
  }
  return '<none>';
}

export const nodePrinter: Printer = {
  columns: [
    NAME,
    column('Status', 'string', 'Readiness of the node, and whether scheduling is disabled.'),
    column('Roles', 'string', 'Roles from the node-role.kubernetes.io labels.'),
    AGE,
    column('Version', 'string', 'Kubelet version the node reports.'),
    wide('Internal-IP', 'string', 'The first InternalIP address of the node.'),
    wide('External-IP', 'string', 'The first ExternalIP address of the node.'),
    wide('OS-Image', 'string', 'Operating system image the node reports.'),
    wide('Kernel-Version', 'string', 'Kernel version the node reports.'),
    wide('Container-Runtime', 'string', 'Container runtime and version the node reports.'),
  ],
  row(node, now) {
    const info = obj(obj(node.status).nodeInfo);
    return [
      nameOf(node), nodeStatus(node), nodeRoles(node), age(node, now), str(info.kubeletVersion),
      nodeAddress(node, 'InternalIP'), nodeAddress(node, 'ExternalIP'),
      str(info.osImage) || '<unknown>', str(info.kernelVersion) || '<unknown>', str(info.containerRuntimeVersion) || '<unknown>',
    ];
  },
};

export const runtimeClassPrinter: Printer = {
  columns: [NAME, column('Handler', 'string', 'The CRI handler that runs pods of this class.'), AGE],
  row: (o, now) => [nameOf(o), str(o.handler), age(o, now)],
};
