/**
 * The schema definitions the OpenAPI documents publish, in both forms:
 * - built-in kinds come from the generated schema (src/api/generated/schema.json, the reference
 *   v2 definitions without prose); v2 form restores `#/definitions/` references and drops the
 *   x-kubernetes-int-or-string marker the generator adds (the reference v2 does not carry it);
 * - v3 form follows kube-openapi: references become `#/components/schemas/...`, and a reference
 *   with sibling keys (x-kubernetes-patch-strategy, ...) is wrapped as `allOf: [{$ref}]`
 *   (builder3/util WrapRefs); IntOrString and Quantity take their Go types' OpenAPIV3OneOfTypes
 *   (oneOf integer|string, oneOf string|number);
 * - kinds without a built-in schema (custom resources) come from openapi-custom.ts.
 *
 * Not reproduced, since the reference v2 does not carry them: the v3 `default` values kube derives
 * from Go zero values, v3 `enum` lists, and x-kubernetes-unions (dropped by the schema generator).
 * kubectl needs none of them to validate, explain, or compute strategic merge patches.
 */
import type { GroupVersionKind } from '../api/object.ts';
import { type RawSchema, builtInSchemas } from '../api/schema.ts';
import { type CustomResourceSchema, customDefinitions, restFriendlyName } from './openapi-custom.ts';
import { V2_REF_PREFIX as V2_REF, V3_REF_PREFIX as V3_REF } from './openapi-paths.ts';
import { PATCH_DEFINITION } from './openapi-routes.ts';

type Json = Record<string, unknown>;

/** Not reachable from any kind, so absent from the generated schema; the reference has it bare. */
const SYNTHETIC: Readonly<Record<string, Json>> = { [PATCH_DEFINITION]: { type: 'object' } };

/** Go types implementing OpenAPIV3OneOfTypes (apimachinery intstr.IntOrString, resource.Quantity). */
const V3_ONE_OF: Readonly<Record<string, Json>> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': { format: 'int-or-string', oneOf: [{ type: 'integer' }, { type: 'string' }] },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { oneOf: [{ type: 'string' }, { type: 'number' }] },
};

const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A generated schema node in v2 form. */
function builtinToV2(s: RawSchema): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') out.$ref = V2_REF + (v as string);
    else if (k === 'properties') out.properties = Object.fromEntries(Object.entries(v as Record<string, RawSchema>).map(([p, ps]) => [p, builtinToV2(ps)]));
    else if (k === 'items' || (k === 'additionalProperties' && isObj(v))) out[k] = builtinToV2(v as RawSchema);
    else if (k === 'x-kubernetes-int-or-string' && s.format === 'int-or-string') continue;
    else out[k] = v;
  }
  return out;
}

/** kube-openapi openapiconv.ConvertSchema + WrapRefs, on a v2 schema. */
export function schemaToV3(s: Json): Json {
  const out: Json = {};
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref') out.$ref = V3_REF + (v as string).slice((v as string).startsWith(V2_REF) ? V2_REF.length : 0);
    else if (k === 'properties' && isObj(v)) out.properties = Object.fromEntries(Object.entries(v).map(([p, ps]) => [p, isObj(ps) ? schemaToV3(ps) : ps]));
    else if ((k === 'items' || k === 'additionalProperties') && isObj(v)) out[k] = schemaToV3(v);
    else out[k] = v;
  }
  if (out.$ref !== undefined && Object.keys(out).length > 1) {
    const { $ref, ...rest } = out;
    return { allOf: [{ $ref }], ...rest };
  }
  return out;
}

/** Every `$ref` target (bare definition name) below a schema in either form. */
function refsOf(s: unknown, into: Set<string>): void {
  if (Array.isArray(s)) { for (const x of s) refsOf(x, into); return; }
  if (!isObj(s)) return;
  for (const [k, v] of Object.entries(s)) {
    if (k === '$ref' && typeof v === 'string') into.add(v.slice(v.lastIndexOf('/') + 1));
    else refsOf(v, into);
  }
}

/** Built-in definitions are immutable for the process: convert each at most once per form. */
const builtinV2 = new Map<string, Json>();
const builtinV3 = new Map<string, Json>();

function builtin(name: string, form: 'v2' | 'v3'): Json | undefined {
  const cache = form === 'v2' ? builtinV2 : builtinV3;
  let s = cache.get(name);
  if (s === undefined) {
    const raw = builtInSchemas().definition(name);
    const v2 = SYNTHETIC[name] ?? (raw === undefined ? undefined : builtinToV2(raw));
    if (v2 === undefined) return undefined;
    s = form === 'v2' ? v2 : (V3_ONE_OF[name] ?? schemaToV3(v2));
    cache.set(name, s);
  }
  return s;
}

/** The definitions of one document's worth of kinds: built-in ones plus the given custom ones. */
export class Definitions {
  readonly #custom: Record<'v2' | 'v3', Map<string, Json>> = { v2: new Map(), v3: new Map() };
  readonly #customByGvk = new Map<string, string>();

  /** @param custom kinds without a built-in schema; a kind absent from both is free-form. */
  constructor(custom: readonly CustomResourceSchema[] = []) {
    for (const crd of custom) this.addCustom(crd);
  }

  private addCustom(crd: CustomResourceSchema): void {
    for (const form of ['v2', 'v3'] as const) {
      for (const [name, schema] of Object.entries(customDefinitions(crd, form))) this.#custom[form].set(name, schema);
    }
    this.#customByGvk.set(`${crd.group}/${crd.version}/${crd.kind}`, restFriendlyName(crd));
    this.#customByGvk.set(`${crd.group}/${crd.version}/${crd.listKind}`, restFriendlyName({ ...crd, kind: crd.listKind }));
  }

  /** Whether a kind has a built-in (Go-typed) schema; only those support strategic merge patch. */
  isBuiltin(gvk: GroupVersionKind): boolean {
    return builtInSchemas().forKind(gvk) !== undefined;
  }

  /** The definition name of a kind; a kind not known yet is registered free-form. */
  nameFor(gvk: GroupVersionKind): string {
    const builtinNode = builtInSchemas().forKind(gvk);
    if (builtinNode) return builtinNode.name;
    const key = `${gvk.group}/${gvk.version}/${gvk.kind}`;
    const known = this.#customByGvk.get(key);
    if (known !== undefined) return known;
    const name = restFriendlyName(gvk);
    for (const form of ['v2', 'v3'] as const) this.#custom[form].set(name, { type: 'object', 'x-kubernetes-group-version-kind': [gvk] });
    this.#customByGvk.set(key, name);
    return name;
  }

  get(name: string, form: 'v2' | 'v3'): Json | undefined {
    return this.#custom[form].get(name) ?? builtin(name, form);
  }

  /** The names reachable from `roots` through references, sorted; throws on a dangling reference. */
  closure(roots: Iterable<string>, form: 'v2' | 'v3'): string[] {
    const seen = new Set<string>();
    const queue = [...roots];
    while (queue.length > 0) {
      const name = queue.pop() as string;
      if (seen.has(name)) continue;
      const schema = this.get(name, form);
      if (schema === undefined) throw new Error(`openapi: no definition ${name}`);
      seen.add(name);
      const refs = new Set<string>();
      refsOf(schema, refs);
      queue.push(...refs);
    }
    return [...seen].sort();
  }
}
