/**
 * Priority, as the kube-apiserver plugin: a Pod's spec.priority (and preemptionPolicy) come from
 * its PriorityClass — named, or the globalDefault one, else 0. The system classes
 * system-cluster-critical (2000000000) and system-node-critical (2000001000) always exist.
 */
import type { KubeObject } from '../api/object.ts';
import { forbidden } from '../api/status.ts';
import type { AdmissionAttributes, AdmissionPlugin } from './admission.ts';

export interface PriorityOptions {
  readonly getPriorityClass: (name: string) => Promise<KubeObject | undefined>;
  readonly listPriorityClasses: () => Promise<readonly KubeObject[]>;
}

export const SYSTEM_PRIORITY_CLASSES: Readonly<Record<string, number>> = {
  'system-cluster-critical': 2000000000,
  'system-node-critical': 2000001000,
};

export function priority(options: PriorityOptions): AdmissionPlugin {
  return {
    name: 'Priority',
    handles: (op) => op === 'CREATE',
    async admit(a: AdmissionAttributes) {
      if (a.resource.group !== '' || a.resource.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      const spec = (a.object.spec ?? {}) as { priorityClassName?: string; priority?: number; preemptionPolicy?: string };
      let value = 0;
      let policy: string | undefined;
      if (spec.priorityClassName) {
        const system = SYSTEM_PRIORITY_CLASSES[spec.priorityClassName];
        if (system !== undefined) value = system;
        else {
          const pc = await options.getPriorityClass(spec.priorityClassName);
          if (!pc) throw forbidden({ group: '', resource: 'pods' }, a.name, `no PriorityClass with name ${spec.priorityClassName} was found`);
          value = Number(pc.value ?? 0);
          policy = pc.preemptionPolicy as string | undefined;
        }
      } else {
        const def = (await options.listPriorityClasses()).find((pc) => pc.globalDefault === true);
        if (def) { value = Number(def.value ?? 0); policy = def.preemptionPolicy as string | undefined; spec.priorityClassName = def.metadata.name; }
      }
      if (spec.priority !== undefined && spec.priority !== value) {
        throw forbidden({ group: '', resource: 'pods' }, a.name, 'the integer value of priority must not be provided in pod spec; priority admission controller computed ' + value + ' from the given PriorityClass name');
      }
      spec.priority = value;
      spec.preemptionPolicy ??= policy ?? 'PreemptLowerPriority';
      a.object.spec = spec;
    },
  };
}
