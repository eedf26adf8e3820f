/**
 * The part of apiextensions.k8s.io/v1 JSONSchemaProps that custom-resource handling reads, and
 * the look-ups the structural algorithms share (apiextensions-apiserver pkg/apiserver/schema:
 * a structural schema has `properties` or `additionalProperties` for objects and `items` for
 * arrays, never both kinds of children at one node).
 *
 * Schemas come from stored CRDs as plain JSON: every reader here tolerates missing or mistyped
 * members (the CRD validation in src/api/validation/apiextensions.ts checks only the basics), and
 * `allOf`/`anyOf`/`oneOf`/`not` are read only where kube's value validation reads them.
 */
export interface JSONSchemaProps {
  readonly type?: string;
  readonly format?: string;
  readonly description?: string;
  readonly nullable?: boolean;
  readonly default?: unknown;
  readonly enum?: readonly unknown[];
  readonly maximum?: number;
  readonly exclusiveMaximum?: boolean;
  readonly minimum?: number;
  readonly exclusiveMinimum?: boolean;
  readonly multipleOf?: number;
  readonly maxLength?: number;
  readonly minLength?: number;
  readonly pattern?: string;
  readonly maxItems?: number;
  readonly minItems?: number;
  readonly uniqueItems?: boolean;
  readonly maxProperties?: number;
  readonly minProperties?: number;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, JSONSchemaProps>>;
  /** A schema for the values of a map, or a boolean (CRDs allow only `false`… and `true` means any). */
  readonly additionalProperties?: JSONSchemaProps | boolean;
  readonly items?: JSONSchemaProps;
  readonly allOf?: readonly JSONSchemaProps[];
  readonly anyOf?: readonly JSONSchemaProps[];
  readonly oneOf?: readonly JSONSchemaProps[];
  readonly not?: JSONSchemaProps;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-map-type'?: string;
  /** CEL rules, compiled by api/cel/schema-rules.ts and evaluated by validate-cel-rules.ts. */
  readonly 'x-kubernetes-validations'?: readonly unknown[];
}

export type JsonObject = Record<string, unknown>;

export const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A schema read from a CRD: undefined unless it is an object. */
export function asSchema(v: unknown): JSONSchemaProps | undefined {
  return isJsonObject(v) ? (v as JSONSchemaProps) : undefined;
}

/** The schema of an object's property: `properties[key]`, else a schema-valued `additionalProperties`. */
export function fieldSchema(s: JSONSchemaProps | undefined, key: string): JSONSchemaProps | undefined {
  if (!s) return undefined;
  const props = isJsonObject(s.properties) ? s.properties : undefined;
  if (props && Object.prototype.hasOwnProperty.call(props, key)) return asSchema(props[key]);
  return asSchema(s.additionalProperties);
}

/** The schema of an array's items. */
export const itemsSchema = (s: JSONSchemaProps | undefined): JSONSchemaProps | undefined => asSchema(s?.items);

/** Whether `key` is a declared property (not merely allowed by additionalProperties). */
export function hasProperty(s: JSONSchemaProps | undefined, key: string): boolean {
  return !!s && isJsonObject(s.properties) && Object.prototype.hasOwnProperty.call(s.properties, key);
}

export const preservesUnknownFields = (s: JSONSchemaProps | undefined): boolean => s?.['x-kubernetes-preserve-unknown-fields'] === true;
export const isEmbeddedResource = (s: JSONSchemaProps | undefined): boolean => s?.['x-kubernetes-embedded-resource'] === true;

/**
 * The ObjectMeta fields kept when metadata is decoded (objectmeta.Coerce with dropInvalidFields:
 * kube decodes metadata into metav1.ObjectMeta, which silently drops anything else).
 */
export const OBJECT_META_FIELDS: ReadonlySet<string> = new Set([
  'name', 'generateName', 'namespace', 'selfLink', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
]);

/** JSON path text as kube-openapi builds it: `a.b`, `a[0]`; the root is "". */
export const childPath = (path: string, key: string): string => (path === '' ? key : `${path}.${key}`);
export const indexPath = (path: string, i: number): string => `${path}[${i}]`;
