/**
 * Renders Routes as the `paths` object of an OpenAPI v2 (Swagger 2.0) or v3 document, as
 * kube-openapi's builder (v2) and builder3 (v3) do:
 * - parameters shared by every operation of a path, except the body, move to the path item
 *   (findCommonParameters); parameters are sorted by name, then location;
 * - v2 keeps `consumes`/`produces` per operation; v3 turns the body parameter into a
 *   `requestBody` with one entry per consumed type and each response schema into one `content`
 *   entry per produced type;
 * - no descriptions: response descriptions are the HTTP reason phrases, which both formats require.
 */
import { STATUS_CODES } from 'node:http';
import type { ResponseSchema, Route, RouteParameter } from './openapi-routes.ts';

type Json = Record<string, unknown>;

export const V2_REF_PREFIX = '#/definitions/';
export const V3_REF_PREFIX = '#/components/schemas/';

const paramKey = (p: RouteParameter) => `${p.in}:${p.name}`;
const byNameThenIn = (a: RouteParameter, b: RouteParameter) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.in < b.in ? -1 : a.in > b.in ? 1 : 0);

/** Groups routes by path and splits each path's parameters into common and per-operation ones. */
function byPath(routes: readonly Route[]) {
  const paths = new Map<string, Route[]>();
  for (const r of routes) {
    const list = paths.get(r.path);
    if (list) list.push(r); else paths.set(r.path, [r]);
  }
  return [...paths.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([path, ops]) => {
    const counts = new Map<string, number>();
    for (const op of ops) for (const p of op.parameters) counts.set(paramKey(p), (counts.get(paramKey(p)) ?? 0) + 1);
    const isCommon = (p: RouteParameter) => p.in !== 'body' && counts.get(paramKey(p)) === ops.length;
    const common = ops[0].parameters.filter(isCommon).sort(byNameThenIn);
    return { path, common, ops: ops.map((op) => ({ op, params: op.parameters.filter((p) => !isCommon(p)).sort(byNameThenIn) })) };
  });
}

function extensions(r: Route): Json {
  const out: Json = {};
  if (r.action !== undefined) out['x-kubernetes-action'] = r.action;
  if (r.gvk !== undefined) out['x-kubernetes-group-version-kind'] = { group: r.gvk.group, kind: r.gvk.kind, version: r.gvk.version };
  return out;
}

function v2Parameter(p: RouteParameter): Json {
  if (p.in === 'body') return { in: 'body', name: p.name, ...(p.required ? { required: true } : {}), schema: { $ref: V2_REF_PREFIX + p.definition } };
  return { in: p.in, name: p.name, ...(p.required ? { required: true } : {}), type: p.type, uniqueItems: true };
}

function schemaOf(s: ResponseSchema, prefix: string): Json {
  return 'definition' in s ? { $ref: prefix + s.definition } : { type: s.type };
}

/** The Swagger 2.0 `paths` object of some routes. */
export function pathsV2(routes: readonly Route[]): Json {
  const out: Json = {};
  for (const { path, common, ops } of byPath(routes)) {
    const item: Json = {};
    for (const { op, params } of ops) {
      const responses: Json = {};
      for (const r of op.responses) {
        responses[String(r.code)] = { description: STATUS_CODES[r.code], ...(r.schema ? { schema: schemaOf(r.schema, V2_REF_PREFIX) } : {}) };
      }
      item[op.method] = {
        consumes: op.consumes,
        operationId: op.operationId,
        ...(params.length ? { parameters: params.map(v2Parameter) } : {}),
        produces: op.produces,
        responses,
        schemes: ['https'],
        tags: op.tags,
        ...extensions(op),
      };
    }
    if (common.length) item.parameters = common.map(v2Parameter);
    out[path] = item;
  }
  return out;
}

function v3Parameter(p: RouteParameter): Json {
  return { in: p.in, name: p.name, ...(p.required ? { required: true } : {}), schema: { type: p.type, uniqueItems: true } };
}

/** The OpenAPI 3.0 `paths` object of some routes. */
export function pathsV3(routes: readonly Route[]): Json {
  const out: Json = {};
  for (const { path, common, ops } of byPath(routes)) {
    const item: Json = {};
    for (const { op, params } of ops) {
      const responses: Json = {};
      for (const r of op.responses) {
        const content = r.schema ? Object.fromEntries(op.produces.map((t) => [t, { schema: schemaOf(r.schema as ResponseSchema, V3_REF_PREFIX) }])) : undefined;
        responses[String(r.code)] = { ...(content ? { content } : {}), description: STATUS_CODES[r.code] };
      }
      const bodyParam = params.find((p) => p.in === 'body');
      const others = params.filter((p) => p.in !== 'body');
      item[op.method] = {
        operationId: op.operationId,
        ...(others.length ? { parameters: others.map(v3Parameter) } : {}),
        ...(bodyParam ? {
          requestBody: {
            content: Object.fromEntries(op.consumes.map((t) => [t, { schema: { $ref: V3_REF_PREFIX + bodyParam.definition } }])),
            ...(bodyParam.required ? { required: true } : {}),
          },
        } : {}),
        responses,
        tags: op.tags,
        ...extensions(op),
      };
    }
    if (common.length) item.parameters = common.map(v3Parameter);
    out[path] = item;
  }
  return out;
}

/** The definition names a set of routes refers to (bodies and responses). */
export function routeDefinitions(routes: readonly Route[]): Set<string> {
  const names = new Set<string>();
  for (const r of routes) {
    for (const p of r.parameters) if (p.definition !== undefined) names.add(p.definition);
    for (const resp of r.responses) if (resp.schema && 'definition' in resp.schema) names.add(resp.schema.definition);
  }
  return names;
}
