/**
 * ServiceAccount (the defaulting half of the kube-apiserver plugin): a Pod without
 * spec.serviceAccountName runs as "default". Token projection arrives with service-account tokens.
 */
import type { AdmissionAttributes, AdmissionPlugin } from './admission.ts';

export function serviceAccount(): AdmissionPlugin {
  return {
    name: 'ServiceAccount',
    handles: (op) => op === 'CREATE',
    admit(a: AdmissionAttributes) {
      if (a.resource.group !== '' || a.resource.resource !== 'pods' || a.subresource !== '' || !a.object) return;
      const spec = (a.object.spec ?? {}) as { serviceAccountName?: string; serviceAccount?: string };
      spec.serviceAccountName ||= spec.serviceAccount || 'default';
      spec.serviceAccount = spec.serviceAccountName;
      a.object.spec = spec;
    },
  };
}
