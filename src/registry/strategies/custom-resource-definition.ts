/**
 * CustomResourceDefinitions, after staging/src/k8s.io/apiextensions-apiserver/pkg/registry/
 * customresourcedefinition/strategy.go: the storage version is recorded in status.storedVersions
 * on create and whenever a new one becomes the storage version.
 *
 * Deviation asked for by this project: status.acceptedNames is set to spec.names on create, so
 * the resource can be served at once. In kube the NamingConditionController accepts the names
 * (and sets NamesAccepted/Established) moments later; a controller here must still set those
 * conditions, and may replace acceptedNames when names conflict.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsCustomResourceDefinition } from '../../api/defaults/apiextensions.ts';
import { asObj, asStr, ensureObj, objects, strings } from '../../api/validation/access.ts';
import { validateCustomResourceDefinition, validateCustomResourceDefinitionStatusUpdate, validateCustomResourceDefinitionUpdate } from '../../api/validation/apiextensions.ts';
import { defineStrategy } from './define-strategy.ts';

/** Appends the storage version to status.storedVersions when missing. */
function recordStorageVersion(crd: KubeObject): void {
  const storage = objects(asObj(crd.spec)?.versions).find((v) => v.storage === true);
  if (!storage) return;
  const status = ensureObj(crd, 'status');
  const stored = strings(status.storedVersions);
  if (!stored.includes(asStr(storage.name))) status.storedVersions = [...stored, asStr(storage.name)];
}

export const customResourceDefinitionStrategy = defineStrategy({
  tracksGeneration: true,
  defaults: setDefaultsCustomResourceDefinition,
  validate: validateCustomResourceDefinition,
  validateUpdate: validateCustomResourceDefinitionUpdate,
  status: {
    initial: (crd: KubeObject) => ({ acceptedNames: structuredClone(asObj(asObj(crd.spec)?.names) ?? { plural: '', kind: '' }), storedVersions: [] }),
    validateUpdate: validateCustomResourceDefinitionStatusUpdate,
  },
  prepareForCreate: recordStorageVersion,
  prepareForUpdate: recordStorageVersion,
});
