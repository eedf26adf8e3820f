/**
 * The CEL type of a structural schema node, after k8s.io/apiserver/pkg/cel/common/schemas.go
 * (SchemaDeclType) and escaping.go, declared on a cel-js Environment:
 *
 * - `integer` → int, `number` → double, `boolean` → bool, `string` → string, or by format:
 *   `byte` → bytes, `date`/`date-time` → timestamp, `duration` → duration;
 * - `x-kubernetes-int-or-string` → dyn (rules check `type(self) == string`);
 * - an array → list of its items' type; an object with `additionalProperties` → map of string
 *   to its values' type;
 * - an object with properties (or preserving unknown fields, or an embedded resource) → an
 *   object type whose fields are the declared properties, named by kube's escaping (`foo-bar` →
 *   `foo__dash__bar`, `namespace` → `__namespace__`); unknown fields are not accessible;
 * - the resource root and `x-kubernetes-embedded-resource` objects always expose `apiVersion`,
 *   `kind` and `metadata.name`/`metadata.generateName` — and only those of metadata, unless the
 *   schema declares all four (WithTypeAndObjectMeta);
 * - a node whose type cannot be exposed (no type and not int-or-string; an array whose items
 *   cannot be) has no CEL type: its rules cannot compile and fields of that type are omitted.
 *
 * A value that may be null (nullable list items and map values) is declared `dyn`; object
 * fields never are, since a null field is absent in CEL (values.ts).
 */
import type { Environment } from '@marcbachmann/cel-js';
import { CelObject } from './values.ts';

/** The part of a JSONSchemaProps (apiextensions.k8s.io/v1) the CEL type of a node depends on. */
export interface CelSchema {
  readonly type?: string;
  readonly format?: string;
  readonly nullable?: boolean;
  readonly required?: readonly string[];
  readonly properties?: Readonly<Record<string, CelSchema>>;
  readonly additionalProperties?: CelSchema | boolean;
  readonly items?: CelSchema;
  readonly 'x-kubernetes-preserve-unknown-fields'?: boolean;
  readonly 'x-kubernetes-embedded-resource'?: boolean;
  readonly 'x-kubernetes-int-or-string'?: boolean;
  readonly 'x-kubernetes-list-type'?: string;
  readonly 'x-kubernetes-list-map-keys'?: readonly string[];
  readonly 'x-kubernetes-validations'?: readonly unknown[];
}

export type DeclType =
  | { readonly kind: 'scalar'; readonly cel: string; readonly format?: 'byte' | 'date' | 'date-time' | 'duration' }
  | { readonly kind: 'dyn'; readonly cel: 'dyn' }
  | { readonly kind: 'list'; readonly cel: string; readonly elem: DeclType; readonly nullableElem: boolean }
  | { readonly kind: 'map'; readonly cel: string; readonly elem: DeclType; readonly nullableElem: boolean }
  | ObjectDeclType;

export interface ObjectDeclType {
  readonly kind: 'object';
  readonly cel: string;
  /** CEL field name → the property it reads and the property's type. */
  readonly fields: ReadonlyMap<string, { readonly property: string; readonly type: DeclType }>;
  /** The runtime class of values of this type (one per type: cel-js finds types by constructor). */
  readonly ctor: new (raw: Readonly<Record<string, unknown>>, type: ObjectDeclType) => CelObject;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
export const asCelSchema = (v: unknown): CelSchema | undefined => (isObject(v) ? (v as CelSchema) : undefined);

const RESERVED = new Set([
  'true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if', 'import', 'let',
  'loop', 'package', 'namespace', 'return', 'var', 'void', 'while',
]);

/** cel.Escape: a property name as a CEL identifier, or undefined when it cannot be one. */
export function escapeProperty(name: string): string | undefined {
  if (name === '' || /^[0-9]/.test(name)) return undefined;
  if (RESERVED.has(name)) return `__${name}__`;
  if (!/^[A-Za-z0-9_.\-/]+$/.test(name)) return undefined;
  return name.replace(/__|[-./]/g, (s) => ({ __: '__underscores__', '.': '__dot__', '-': '__dash__', '/': '__slash__' })[s] ?? s);
}

const STRING: CelSchema = { type: 'string' };

/** WithTypeAndObjectMeta: apiVersion, kind and metadata.{name,generateName}, unless all declared. */
function withTypeAndObjectMeta(s: CelSchema): CelSchema {
  const props = isObject(s.properties) ? s.properties : {};
  const meta = asCelSchema(props.metadata);
  const metaProps = meta && isObject(meta.properties) ? meta.properties : undefined;
  if (asCelSchema(props.kind)?.type === 'string' && asCelSchema(props.apiVersion)?.type === 'string' && meta?.type === 'object'
    && asCelSchema(metaProps?.name)?.type === 'string' && asCelSchema(metaProps?.generateName)?.type === 'string') return s;
  return {
    ...s,
    properties: { ...props, kind: STRING, apiVersion: STRING, metadata: { type: 'object', properties: { name: STRING, generateName: STRING } } },
  };
}

/** Declares the CEL types of one schema tree on an Environment (which must not be cloned yet). */
export class SchemaTypes {
  #count = 0;
  readonly #objectFields = new Map<string, ReadonlyMap<string, string>>();
  readonly #declared = new WeakMap<CelSchema, Map<string, DeclType | undefined>>();

  constructor(private readonly env: Environment, private readonly prefix: string) {}

  /** The fields (CEL name → CEL type name) of an object type this declared (for has() checks). */
  fieldsOf = (typeName: string): ReadonlyMap<string, string> | undefined => this.#objectFields.get(typeName);

  /** The schema as CEL sees it at a node: with type and object meta at resource roots. */
  effectiveSchema(s: CelSchema, isResourceRoot: boolean): CelSchema {
    return isResourceRoot && s['x-kubernetes-int-or-string'] !== true ? withTypeAndObjectMeta(s) : s;
  }

  /** SchemaDeclType: the type of a node, declaring its object types; undefined when not exposed. */
  declare(s: CelSchema, isResourceRoot: boolean, name = `${this.prefix}${this.#count++}`): DeclType | undefined {
    const key = `${isResourceRoot}`;
    const memo = this.#declared.get(s) ?? new Map<string, DeclType | undefined>();
    this.#declared.set(s, memo);
    if (memo.has(key)) return memo.get(key);
    const type = this.#declare(s, isResourceRoot, name);
    memo.set(key, type);
    return type;
  }

  #declare(schema: CelSchema, isResourceRoot: boolean, name: string): DeclType | undefined {
    if (schema['x-kubernetes-int-or-string'] === true) return { kind: 'dyn', cel: 'dyn' };
    const s = this.effectiveSchema(schema, isResourceRoot);
    switch (s.type) {
      case 'array': {
        const items = asCelSchema(s.items);
        if (!items) return undefined;
        const elem = this.declare(items, items['x-kubernetes-embedded-resource'] === true, `${name}.__items__`);
        if (!elem) return undefined;
        const nullableElem = items.nullable === true;
        return { kind: 'list', cel: `list<${nullableElem ? 'dyn' : elem.cel}>`, elem, nullableElem };
      }
      case 'object': {
        const additional = asCelSchema(s.additionalProperties);
        if (additional) {
          const elem = this.declare(additional, additional['x-kubernetes-embedded-resource'] === true, `${name}.__values__`);
          if (!elem) return undefined;
          const nullableElem = additional.nullable === true;
          return { kind: 'map', cel: `map<string, ${nullableElem ? 'dyn' : elem.cel}>`, elem, nullableElem };
        }
        const fields = new Map<string, { property: string; type: DeclType }>();
        for (const [property, raw] of Object.entries(isObject(s.properties) ? s.properties : {})) {
          const prop = asCelSchema(raw);
          const celName = escapeProperty(property);
          if (!prop || celName === undefined) continue;
          const type = this.declare(prop, prop['x-kubernetes-embedded-resource'] === true, `${name}.${celName}`);
          if (type) fields.set(celName, { property, type });
        }
        const ctor = class extends CelObject {};
        const decl: ObjectDeclType = { kind: 'object', cel: name, fields, ctor };
        this.env.registerType(name, { ctor, fields: Object.fromEntries([...fields].map(([k, f]) => [k, f.type.cel])) });
        this.env.registerOperator(`${name} == ${name}`, (a: CelObject, b: CelObject) => a.celEquals(b));
        this.#objectFields.set(name, new Map([...fields].map(([k, f]) => [k, f.type.cel])));
        return decl;
      }
      case 'string':
        switch (s.format) {
          case 'byte': return { kind: 'scalar', cel: 'bytes', format: 'byte' };
          case 'date': return { kind: 'scalar', cel: 'google.protobuf.Timestamp', format: 'date' };
          case 'date-time': return { kind: 'scalar', cel: 'google.protobuf.Timestamp', format: 'date-time' };
          case 'duration': return { kind: 'scalar', cel: 'google.protobuf.Duration', format: 'duration' };
          default: return { kind: 'scalar', cel: 'string' };
        }
      case 'boolean': return { kind: 'scalar', cel: 'bool' };
      case 'number': return { kind: 'scalar', cel: 'double' };
      case 'integer': return { kind: 'scalar', cel: 'int' };
      default: return undefined;
    }
  }
}
