/** coordination.k8s.io/v1 Leases as kube-apiserver v1.32 prints them (printLease). */
import { AGE, NAME, age, column, nameOf } from './columns.ts';
import type { Printer } from './table.ts';
import { obj, str } from './value.ts';

export const leasePrinter: Printer = {
  columns: [NAME, column('Holder', 'string', 'Identity of the current lease holder.'), AGE],
  row: (o, now) => [nameOf(o), str(obj(o.spec).holderIdentity), age(o, now)],
};
