/**
 * rbac.authorization.k8s.io/v1 bindings as kube-apiserver v1.32 prints them (printRoleBinding,
 * printClusterRoleBinding). Roles and ClusterRoles have no kube printer and use the default one
 * (NAME, CREATED AT).
 */
import type { KubeObject } from '../../api/object.ts';
import { AGE, NAME, age, column, nameOf, wide } from './columns.ts';
import type { Printer } from './table.ts';
import { arr, obj, str } from './value.ts';

/** Subjects split as kube's SubjectsStrings: users, groups, and service accounts as "namespace/name". */
export function bindingSubjects(binding: KubeObject): { users: string[]; groups: string[]; serviceAccounts: string[] } {
  const users: string[] = [];
  const groups: string[] = [];
  const serviceAccounts: string[] = [];
  for (const s of arr(binding.subjects)) {
    const subject = obj(s);
    if (subject.kind === 'ServiceAccount') serviceAccounts.push(`${str(subject.namespace)}/${str(subject.name)}`);
    else if (subject.kind === 'User') users.push(str(subject.name));
    else if (subject.kind === 'Group') groups.push(str(subject.name));
  }
  return { users, groups, serviceAccounts };
}

function bindingPrinter(what: string): Printer {
  return {
    columns: [
      NAME,
      column('Role', 'string', `The role the ${what} grants, as Kind/name.`),
      AGE,
      wide('Users', 'string', `Users the ${what} names.`),
      wide('Groups', 'string', `Groups the ${what} names.`),
      wide('ServiceAccounts', 'string', `Service accounts the ${what} names, as namespace/name.`),
    ],
    row(o, now) {
      const roleRef = obj(o.roleRef);
      const { users, groups, serviceAccounts } = bindingSubjects(o);
      return [
        nameOf(o), `${str(roleRef.kind)}/${str(roleRef.name)}`, age(o, now),
        users.join(', '), groups.join(', '), serviceAccounts.join(', '),
      ];
    },
  };
}

export const roleBindingPrinter = bindingPrinter('role binding');
export const clusterRoleBindingPrinter = bindingPrinter('cluster role binding');
