/** policy/v1 PodDisruptionBudgets as kube-apiserver v1.32 prints them (printPodDisruptionBudget). */
import { AGE, NAME, age, column, nameOf } from './columns.ts';
import type { Printer } from './table.ts';
import { intOrString, num, obj } from './value.ts';

/** An IntOrString field, or "N/A" when unset. */
function budget(value: unknown): string {
  return value === undefined || value === null ? 'N/A' : intOrString(value);
}

export const podDisruptionBudgetPrinter: Printer = {
  columns: [
    NAME,
    column('Min Available', 'string', 'Pods that must stay available, as a number or percentage.'),
    column('Max Unavailable', 'string', 'Pods that may be unavailable, as a number or percentage.'),
    column('Allowed Disruptions', 'integer', 'Pods that may be disrupted right now.'),
    AGE,
  ],
  row(o, now) {
    const spec = obj(o.spec);
    return [nameOf(o), budget(spec.minAvailable), budget(spec.maxUnavailable), num(obj(o.status).disruptionsAllowed), age(o, now)];
  },
};
