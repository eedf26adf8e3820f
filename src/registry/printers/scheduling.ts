/** scheduling.k8s.io/v1 PriorityClasses as kube-apiserver v1.32 prints them (printPriorityClass). */
import { AGE, NAME, age, column, nameOf } from './columns.ts';
import type { Printer } from './table.ts';
import { num, optStr } from './value.ts';

export const priorityClassPrinter: Printer = {
  columns: [
    NAME,
    column('Value', 'integer', 'Priority of pods of this class.'),
    column('Global-Default', 'boolean', 'Whether pods without a class get this one.'),
    AGE,
    // kube declares this column at priority 0 yet fills it only in wide mode, which the server always uses.
    column('PreemptionPolicy', 'string', 'Whether pods of this class may preempt others.'),
  ],
  row: (o, now) => [nameOf(o), num(o.value), o.globalDefault === true, age(o, now), optStr(o.preemptionPolicy) ?? ''],
};
