/**
 * Namespaces, after pkg/registry/core/namespace/strategy.go: phase Active and the "kubernetes"
 * finalizer on create; spec.finalizers and status only change through /finalize and /status;
 * the kubernetes.io/metadata.name label on every write (SetDefaults_Namespace + Canonicalize).
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsNamespace } from '../../api/defaults/core.ts';
import { asObj, asStr, ensureObj, strings } from '../../api/validation/access.ts';
import { validateNamespace, validateNamespaceStatusUpdate, validateNamespaceUpdate } from '../../api/validation/core-cluster.ts';
import { defineStrategy } from './define-strategy.ts';
import type { Strategy } from '../strategy.ts';

const base = defineStrategy({
  defaults: setDefaultsNamespace,
  validate: validateNamespace,
  validateUpdate: validateNamespaceUpdate,
  status: { initial: () => ({ phase: 'Active' }), validateUpdate: validateNamespaceStatusUpdate },
  prepareForCreate(ns) {
    const spec = ensureObj(ns, 'spec');
    const finalizers = strings(spec.finalizers);
    if (!finalizers.includes('kubernetes')) spec.finalizers = [...finalizers, 'kubernetes'];
    setDefaultsNamespace(ns);
  },
  prepareForUpdate(ns, old) {
    const oldFinalizers = asObj(old.spec)?.finalizers;
    const spec = ensureObj(ns, 'spec');
    if (oldFinalizers === undefined) delete spec.finalizers;
    else spec.finalizers = structuredClone(oldFinalizers);
    if (Object.keys(spec).length === 0 && old.spec === undefined) delete ns.spec;
    setDefaultsNamespace(ns);
  },
  fieldSet: (ns: KubeObject) => ({
    'status.phase': asStr(asObj(ns.status)?.phase),
    // sic: kube keeps this non-prefixed field for backward compatibility.
    name: asStr(ns.metadata?.name),
  }),
});

/**
 * Deletion as the namespace REST storage: the first delete only marks the namespace (phase
 * Terminating) while spec.finalizers holds it; the namespace controller empties it, removes
 * "kubernetes" through /finalize, and the namespace then goes.
 */
export const namespaceStrategy: Strategy = {
  ...base,
  deletionPending: (ns: KubeObject) => strings(asObj(ns.spec)?.finalizers).length > 0,
  prepareForDelete(ns: KubeObject) {
    ns.status = { ...(asObj(ns.status) ?? {}), phase: 'Terminating' };
  },
};
