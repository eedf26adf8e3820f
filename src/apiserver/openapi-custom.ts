/**
 * OpenAPI definitions of custom resource kinds, built from a CRD version's structural schema the
 * way apiextensions-apiserver's OpenAPI builder does (pkg/controller/openapi/builder, v2/conversion):
 * - the kind's definition is named by ToRESTFriendlyName("<group>/<version>/<kind>"), the group
 *   reversed: example.com/v1/Widget → com.example.v1.Widget; its list kind likewise;
 * - apiVersion and kind become string properties, metadata a reference to ObjectMeta; objects
 *   marked x-kubernetes-embedded-resource get the same three properties;
 * - v3 keeps the schema (x-kubernetes-int-or-string unfolded to anyOf integer/string);
 * - v2 drops value validations and what Swagger 2.0 cannot say: `nullable` and
 *   x-kubernetes-preserve-unknown-fields nodes lose their type and children, arrays without items
 *   lose their type, and a schema-less or preserve-unknown-fields root is a bare object.
 * The user's own descriptions are kept: they are the CRD author's data, not Kubernetes prose.
 */
import type { GroupVersionKind } from '../api/object.ts';

type Json = Record<string, unknown>;

export interface CustomResourceSchema {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  /** `spec.versions[].schema.openAPIV3Schema` of the CRD; absent for a kind with no schema (free-form). */
  readonly openAPIV3Schema?: Readonly<Json>;
}

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const LIST_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta';

/** k8s.io/kube-openapi util.ToRESTFriendlyName: the first path element's dotted parts reversed. */
export function restFriendlyName(gvk: GroupVersionKind): string {
  const group = gvk.group.includes('.') ? gvk.group.split('.').reverse().join('.') : gvk.group;
  return [group, gvk.version, gvk.kind].join('.');
}

/** The keys of structuralschema.ValueValidation, which the v2 rendering strips. */
const VALUE_VALIDATIONS = ['format', 'maximum', 'exclusiveMaximum', 'minimum', 'exclusiveMinimum', 'maxLength', 'minLength', 'pattern',
  'maxItems', 'minItems', 'uniqueItems', 'multipleOf', 'enum', 'maxProperties', 'minProperties', 'required', 'allOf', 'oneOf', 'anyOf', 'not'];

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Applies `visit` to every schema node below and including `s` (properties, items, additionalProperties). */
function mapSchema(s: Json, visit: (node: Json) => Json): Json {
  const out: Json = { ...s };
  if (isObj(s.properties)) out.properties = Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, isObj(v) ? mapSchema(v, visit) : v]));
  if (isObj(s.items)) out.items = mapSchema(s.items, visit);
  if (isObj(s.additionalProperties)) out.additionalProperties = mapSchema(s.additionalProperties, visit);
  return visit(out);
}

function typeMeta(): Json {
  return { apiVersion: { type: 'string' }, kind: { type: 'string' } };
}

/** builder addEmbeddedProperties; in v2 nothing is added below x-kubernetes-preserve-unknown-fields. */
function addEmbedded(s: Json, refPrefix: string, v2: boolean): Json {
  return mapSchema(s, (node) => {
    if (v2 && node['x-kubernetes-preserve-unknown-fields'] === true) return node;
    if (node['x-kubernetes-embedded-resource'] !== true) return node;
    const required = Array.isArray(node.required) ? [...node.required as string[]] : [];
    for (const k of ['kind', 'apiVersion']) if (!required.includes(k)) required.push(k);
    return { ...node, properties: { ...(isObj(node.properties) ? node.properties : {}), ...typeMeta(), metadata: { $ref: refPrefix + OBJECT_META } }, required };
  });
}

/** structuralschema Unfold: x-kubernetes-int-or-string without anyOf gets anyOf integer/string. */
function unfold(node: Json): Json {
  if (node['x-kubernetes-int-or-string'] === true && !Array.isArray(node.anyOf)) return { ...node, anyOf: [{ type: 'integer' }, { type: 'string' }] };
  return node;
}

/** StripValueValidations, then ToStructuralOpenAPIV2. */
function toV2(node: Json): Json {
  const out: Json = { ...node };
  for (const k of VALUE_VALIDATIONS) delete out[k];
  if (out.nullable === true) {
    delete out.nullable; delete out.type; delete out.items; delete out.properties;
  }
  if (out['x-kubernetes-preserve-unknown-fields'] === true) {
    delete out.items; delete out.properties;
    if (out.type === 'object') delete out.type;
  }
  if (out.items === undefined && out.type === 'array') delete out.type;
  return out;
}

/** The kind's and list kind's definitions, by name, in v2 or v3 form. */
export function customDefinitions(crd: CustomResourceSchema, form: 'v2' | 'v3'): Record<string, Json> {
  const v2 = form === 'v2';
  const refPrefix = v2 ? '#/definitions/' : '#/components/schemas/';
  const gvk = { group: crd.group, version: crd.version, kind: crd.kind };
  const name = restFriendlyName(gvk);
  const schema = crd.openAPIV3Schema;
  let kind: Json;
  if (schema === undefined || (v2 && schema['x-kubernetes-preserve-unknown-fields'] === true)) {
    kind = { type: 'object' };
  } else {
    const converted = mapSchema(structuredClone(schema) as Json, v2 ? toV2 : unfold);
    const withEmbedded = addEmbedded(converted, refPrefix, v2);
    const properties = isObj(withEmbedded.properties) ? withEmbedded.properties : {};
    kind = { ...withEmbedded, properties: { ...properties, ...typeMeta(), metadata: { $ref: refPrefix + OBJECT_META } } };
  }
  kind['x-kubernetes-group-version-kind'] = [gvk];
  const list: Json = {
    properties: {
      ...typeMeta(),
      items: { items: { $ref: refPrefix + name }, type: 'array' },
      metadata: { $ref: refPrefix + LIST_META },
    },
    required: ['items'],
    type: 'object',
    'x-kubernetes-group-version-kind': [{ ...gvk, kind: crd.listKind }],
  };
  return { [name]: kind, [restFriendlyName({ ...gvk, kind: crd.listKind })]: list };
}
