export { applyPatch, type ApplyOptions, type ApplyPatchResult } from './apply.ts';
export {
  managerFromUserAgent, managerOrUserAgent, updateManagedFields,
  type UpdateManagedFieldsOptions, type UpdateManagedFieldsResult,
} from './managed-fields.ts';
export { upgradeManagedFields, type UpgradeOptions } from './csa-upgrade.ts';
export { FieldSet, FieldsV1Error } from './field-set.ts';
export {
  fieldElement, keyElement, valueElement, indexElement, parsePathElement, pathString,
  type Path, type PathElement,
} from './path-element.ts';
export { fieldSetOf, validateTyped } from './typed-fields.ts';
export { applyConflict } from './apply-errors.ts';
export { LAST_APPLIED_ANNOTATION } from './last-applied.ts';
