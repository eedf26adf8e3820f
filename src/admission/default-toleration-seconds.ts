/**
 * DefaultTolerationSeconds, as the kube-apiserver admission plugin of that name (enabled by
 * default): a new pod that does not already tolerate the node.kubernetes.io/not-ready and
 * node.kubernetes.io/unreachable NoExecute taints gets `Exists` tolerations for them with
 * tolerationSeconds 300, so the taint eviction controller evicts it five minutes after its node
 * goes bad. A toleration with an empty key, or an empty effect, counts as tolerating (as kube).
 * Pods proper only, on CREATE; subresources are skipped.
 */
import type { AdmissionAttributes, AdmissionPlugin } from './admission.ts';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';

export interface DefaultTolerationSecondsOptions {
  /** --default-not-ready-toleration-seconds. @default 300 */
  readonly notReadySeconds?: number;
  /** --default-unreachable-toleration-seconds. @default 300 */
  readonly unreachableSeconds?: number;
}

interface Toleration { key?: string; operator?: string; value?: string; effect?: string; tolerationSeconds?: number }

export function defaultTolerationSeconds(options: DefaultTolerationSecondsOptions = {}): AdmissionPlugin {
  const notReadySeconds = options.notReadySeconds ?? 300;
  const unreachableSeconds = options.unreachableSeconds ?? 300;
  return {
    name: 'DefaultTolerationSeconds',
    handles: (op) => op === 'CREATE',
    admit(a: AdmissionAttributes) {
      if (a.resource.group !== '' || a.resource.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      const spec = (a.object.spec ??= {}) as { tolerations?: Toleration[] };
      const tolerations = spec.tolerations ?? [];
      const tolerates = (key: string) => tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === 'NoExecute'));
      const added: Toleration[] = [];
      if (!tolerates(TAINT_NOT_READY)) added.push({ key: TAINT_NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: notReadySeconds });
      if (!tolerates(TAINT_UNREACHABLE)) added.push({ key: TAINT_UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: unreachableSeconds });
      if (added.length) spec.tolerations = [...tolerations, ...added];
    },
  };
}
