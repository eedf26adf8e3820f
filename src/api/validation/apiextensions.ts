/**
 * CustomResourceDefinition (apiextensions.k8s.io/v1) validation after
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation
 * (ValidateCustomResourceDefinition, validateCustomResourceDefinitionSpec,
 * ValidateCustomResourceDefinitionNames, ValidateCustomResourceDefinitionStoredVersions,
 * validateAPIApproval, ValidateCustomResourceDefinitionUpdate). Of the structural-schema rules
 * only the basics are here: a schema per version, type object at the root, a type on every
 * property unless it preserves unknown fields or is int-or-string. The `x-kubernetes-validations`
 * rules are checked and compiled (api/cel/schema-rules.ts): a rule that does not compile refuses
 * the CRD with cel-go's error.
 *
 * Paths follow kube's internal version: when every version has the same schema, the v1 → internal
 * conversion moves it to `spec.validation`, so errors read
 * `spec.validation.openAPIV3Schema.properties[spec]…`; otherwise `spec.versions[i].schema.openAPIV3Schema…`.
 */
import { type CelSchema, compileSchemaRules } from '../cel/index.ts';
import { type FieldError, child, index, invalidValue, key, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, asStr, deepEqual, objects } from './access.ts';
import { validateImmutableField } from './common.ts';
import { type NameValidator, isDNS1035Label, isDNS1123Subdomain, nameIsDNSSubdomain } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const API_APPROVAL_ANNOTATION = 'api-approved.kubernetes.io';
const spec = (crd: KubeObject): Obj => asObj(crd.spec) ?? {};

/** ValidateCustomResourceDefinitionNames (spec.names and status.acceptedNames). */
export function validateCRDNames(names: unknown, path: string): FieldError[] {
  const n = asObj(names) ?? {};
  const errs: FieldError[] = [];
  const dns1035 = (v: string, p: string, prefix = '') => {
    const msgs = isDNS1035Label(v);
    if (v !== '' && msgs.length > 0) errs.push(invalidValue(p, v, prefix + msgs.join(',')));
  };
  dns1035(asStr(n.plural), child(path, 'plural'));
  dns1035(asStr(n.singular), child(path, 'singular'));
  const kind = asStr(n.kind);
  const listKind = asStr(n.listKind);
  if (kind !== '' && isDNS1035Label(kind.toLowerCase()).length > 0) errs.push(invalidValue(child(path, 'kind'), kind, `may have mixed case, but should otherwise match: ${isDNS1035Label(kind.toLowerCase()).join(',')}`));
  if (listKind !== '' && isDNS1035Label(listKind.toLowerCase()).length > 0) errs.push(invalidValue(child(path, 'listKind'), listKind, `may have mixed case, but should otherwise match: ${isDNS1035Label(listKind.toLowerCase()).join(',')}`));
  asArr(n.shortNames).map(asStr).forEach((s, i) => dns1035(s, index(child(path, 'shortNames'), i)));
  if (kind !== '' && kind === listKind) errs.push(invalidValue(child(path, 'listKind'), listKind, 'kind and listKind may not be the same'));
  asArr(n.categories).map(asStr).forEach((c, i) => dns1035(c, index(child(path, 'categories'), i)));
  return errs;
}

/** The structural basics of one openAPIV3Schema node's properties. */
function validateSchemaProperties(schema: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [name, prop] of Object.entries(asObj(schema.properties) ?? {})) {
    const p = asObj(prop) ?? {};
    const pp = key(child(path, 'properties'), name);
    const typeless = p['x-kubernetes-preserve-unknown-fields'] === true || p['x-kubernetes-int-or-string'] === true;
    if (asStr(p.type) === '' && !typeless) errs.push(required(child(pp, 'type'), 'must not be empty for specified object fields'));
    errs.push(...validateSchemaProperties(p, pp));
    const items = asObj(p.items);
    if (items) errs.push(...validateSchemaProperties(items, child(pp, 'items')));
  }
  return errs;
}

/** The root structural checks of one openAPIV3Schema, then its validation rules. */
function validateSchema(schema: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (asStr(schema.type) === '') errs.push(required(child(path, 'type'), 'must not be empty at the root'));
  else if (schema.type !== 'object') errs.push(invalidValue(child(path, 'type'), schema.type, 'must be object at the root'));
  errs.push(...validateSchemaProperties(schema, path));
  // as kube: rules are compiled only against a schema that is otherwise valid
  if (errs.length === 0) errs.push(...compileSchemaRules(schema as CelSchema, { path }).issues);
  return errs;
}

function validateVersions(s: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const versions = objects(s.versions);
  const names = new Set<string>();
  let unique = true;
  let storage = 0;
  // Convert_v1_CustomResourceDefinitionSpec_To_apiextensions_CustomResourceDefinitionSpec
  const identicalSchemas = versions.length > 0 && versions.every((v) => deepEqual(v.schema, versions[0].schema));
  versions.forEach((v, i) => {
    const p = index('spec.versions', i);
    if (v.storage === true) storage++;
    if (names.has(asStr(v.name))) unique = false;
    names.add(asStr(v.name));
    const msgs = isDNS1035Label(asStr(v.name));
    if (msgs.length > 0) errs.push(invalidValue(child(p, 'name'), v.name ?? '', msgs.join(',')));
    const schema = asObj(asObj(v.schema)?.openAPIV3Schema);
    if (!schema) errs.push(required(child(child(p, 'schema'), 'openAPIV3Schema'), 'schemas are required'));
    else if (!identicalSchemas) errs.push(...validateSchema(schema, child(child(p, 'schema'), 'openAPIV3Schema')));
    else if (i === 0) errs.push(...validateSchema(schema, 'spec.validation.openAPIV3Schema'));
    const scale = asObj(asObj(v.subresources)?.scale);
    if (scale) {
      for (const f of ['specReplicasPath', 'statusReplicasPath']) {
        if (asStr(scale[f]) === '') errs.push(required(child(child(child(p, 'subresources'), 'scale'), f), ''));
      }
    }
  });
  if (!unique) errs.push(invalidValue('spec.versions', versions, 'must contain unique version names'));
  if (storage !== 1) errs.push(invalidValue('spec.versions', versions, 'must have exactly one version marked as storage version'));
  return errs;
}

function validateSpec(s: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const group = asStr(s.group);
  if (group === '') errs.push(required('spec.group', ''));
  else if (isDNS1123Subdomain(group).length > 0) errs.push(invalidValue('spec.group', group, isDNS1123Subdomain(group).join(',')));
  else if (group.split('.').length < 2) errs.push(invalidValue('spec.group', group, 'should be a domain with at least one dot'));
  const scope = asStr(s.scope);
  if (scope === '') errs.push(required('spec.scope', ''));
  else if (scope !== 'Cluster' && scope !== 'Namespaced') errs.push(notSupported('spec.scope', scope, ['Cluster', 'Namespaced']));
  errs.push(...validateVersions(s));
  const names = asObj(s.names) ?? {};
  for (const f of ['plural', 'singular', 'kind', 'listKind']) if (asStr(names[f]) === '') errs.push(required(`spec.names.${f}`, ''));
  errs.push(...validateCRDNames(names, 'spec.names'));
  const conversion = asObj(s.conversion);
  if (conversion) {
    const strategy = asStr(conversion.strategy);
    if (strategy !== 'None' && strategy !== 'Webhook') errs.push(notSupported('spec.conversion.strategy', strategy, ['None', 'Webhook']));
    if (strategy === 'Webhook' && !asObj(conversion.webhook)) errs.push(required('spec.conversion.webhook', 'required when strategy is set to Webhook'));
  }
  return errs;
}

/** ValidateCustomResourceDefinitionStoredVersions. */
function validateStoredVersions(crd: KubeObject): FieldError[] {
  const stored = asArr(asObj(crd.status)?.storedVersions).map(asStr);
  const path = 'status.storedVersions';
  if (stored.length === 0) return [invalidValue(path, stored, 'must have at least one stored version')];
  const errs: FieldError[] = [];
  const remaining = new Map(stored.map((v, i) => [v, i]));
  for (const v of objects(spec(crd).versions)) {
    const name = asStr(v.name);
    if (v.storage === true && !remaining.has(name)) errs.push(invalidValue(path, v, `must have the storage version ${name}`));
    remaining.delete(name);
  }
  for (const [v, i] of remaining) errs.push(invalidValue(index(path, i), v, 'must appear in spec.versions'));
  return errs;
}

/** validateAPIApproval: CRDs in *.k8s.io / *.kubernetes.io need the api-approved annotation. */
function validateAPIApproval(crd: KubeObject): FieldError[] {
  const group = asStr(spec(crd).group);
  const protectedGroup = ['k8s.io', 'kubernetes.io'].some((d) => group === d || group.endsWith(`.${d}`));
  if (!protectedGroup) return [];
  const path = key('metadata.annotations', API_APPROVAL_ANNOTATION);
  const value = asObj(crd.metadata?.annotations)?.[API_APPROVAL_ANNOTATION];
  if (value === undefined) return [required(path, `protected groups must have approval annotation "${API_APPROVAL_ANNOTATION}", see https://github.com/kubernetes/enhancements/pull/1111`)];
  const v = asStr(value);
  if (v.startsWith('unapproved')) return [];
  try {
    const u = new URL(v);
    if (u.host !== '') return [];
  } catch { /* not a URL: invalid below */ }
  return [invalidValue(path, v, `protected groups must have approval annotation "${API_APPROVAL_ANNOTATION}" with either a URL or a reason starting with "unapproved", see https://github.com/kubernetes/enhancements/pull/1111`)];
}

/** The name must be `<spec.names.plural>.<spec.group>`. */
function crdNameFn(crd: KubeObject): NameValidator {
  return (name, options) => {
    const msgs = nameIsDNSSubdomain(name, options);
    if (!options?.prefix && name !== `${asStr(asObj(spec(crd).names)?.plural)}.${asStr(spec(crd).group)}`) msgs.push('must be spec.names.plural+"."+spec.group');
    return msgs;
  };
}

export function validateCustomResourceDefinition(crd: KubeObject): FieldError[] {
  return [
    ...validateObjectMeta(crd.metadata, { namespaced: false, nameFn: crdNameFn(crd), standardFinalizers: false }),
    ...validateSpec(spec(crd)),
    ...validateCRDNames(asObj(crd.status)?.acceptedNames, 'status.acceptedNames'),
    ...validateStoredVersions(crd),
    ...validateAPIApproval(crd),
  ];
}

const established = (crd: KubeObject): boolean =>
  objects(asObj(crd.status)?.conditions).some((c) => c.type === 'Established' && c.status === 'True');

/** ValidateCustomResourceDefinitionUpdate: group and plural never change; scope and kind once Established. */
export function validateCustomResourceDefinitionUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  const n = spec(crd);
  const o = spec(old);
  const errs = [...validateObjectMetaUpdate(crd.metadata, old.metadata, { standardFinalizers: false }), ...validateSpec(n)];
  if (established(old)) {
    errs.push(...validateImmutableField(n.scope, o.scope, 'spec.scope'));
    errs.push(...validateImmutableField(asObj(n.names)?.kind, asObj(o.names)?.kind, 'spec.names.kind'));
  }
  errs.push(...validateImmutableField(n.group, o.group, 'spec.group'));
  errs.push(...validateImmutableField(asObj(n.names)?.plural, asObj(o.names)?.plural, 'spec.names.plural'));
  errs.push(...validateCRDNames(asObj(crd.status)?.acceptedNames, 'status.acceptedNames'), ...validateStoredVersions(crd));
  return errs;
}

/** ValidateUpdateCustomResourceDefinitionStatus. */
export function validateCustomResourceDefinitionStatusUpdate(crd: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(crd.metadata, old.metadata, { standardFinalizers: false }),
    ...validateCRDNames(asObj(crd.status)?.acceptedNames, 'status.acceptedNames'), ...validateStoredVersions(crd)];
}
