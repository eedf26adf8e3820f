/**
 * NamespaceLifecycle, as the kube-apiserver plugin of that name: no object may be created in a
 * namespace that does not exist (404) or is terminating (403 with cause NamespaceTerminating),
 * and the system namespaces (default, kube-system, kube-public) cannot be deleted.
 */
import type { KubeObject } from '../api/object.ts';
import { forbidden, notFound } from '../api/status.ts';
import type { AdmissionAttributes, AdmissionPlugin } from './admission.ts';

export const IMMORTAL_NAMESPACES = ['default', 'kube-system', 'kube-public'];

export interface NamespaceLifecycleOptions {
  /** Reads a namespace, undefined when absent. */
  readonly getNamespace: (name: string) => Promise<KubeObject | undefined>;
}

export function namespaceLifecycle(options: NamespaceLifecycleOptions): AdmissionPlugin {
  return {
    name: 'NamespaceLifecycle',
    handles: (op) => op === 'CREATE' || op === 'DELETE',
    async validate(a: AdmissionAttributes) {
      if (a.operation === 'DELETE') {
        if (a.resource.group === '' && a.resource.resource === 'namespaces' && a.subresource === '' && IMMORTAL_NAMESPACES.includes(a.name)) {
          throw forbidden({ group: '', resource: 'namespaces' }, a.name, 'this namespace may not be deleted');
        }
        return;
      }
      if (!a.resource.namespaced || a.namespace === '') return;
      // Subresource creates (bindings, evictions, tokens) of existing objects are allowed in terminating namespaces.
      if (a.subresource !== '') return;
      const ns = await options.getNamespace(a.namespace);
      if (!ns) throw notFound({ group: '', resource: 'namespaces' }, a.namespace);
      const phase = (ns.status as { phase?: string } | undefined)?.phase;
      if (ns.metadata.deletionTimestamp || phase === 'Terminating') {
        const err = forbidden({ group: a.resource.group, resource: a.resource.resource }, a.name,
          `unable to create new content in namespace ${a.namespace} because it is being terminated`);
        err.status.details = { ...err.status.details, causes: [{ reason: 'NamespaceTerminating', message: `namespace ${a.namespace} is being terminated`, field: 'metadata.namespace' }] };
        throw err;
      }
    },
  };
}

