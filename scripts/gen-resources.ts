/**
 * Generates src/api/generated/resources.json, the served resources of Kubernetes v1.32 as the
 * reference OpenAPI v2 document describes them (every group/version it lists, enabled by default
 * or not; src/api/builtin-resources.ts decides what is served).
 *
 * Output contract (read by src/api/builtin-resources.ts):
 *   { "source": "<reference file name>",
 *     "resources": [ { group, version, resource, kind, listKind, namespaced, verbs,
 *                      subresources: [ { name, kind: { group, version, kind }, verbs } ] } ] }
 * - one entry per group/version/resource, found from the paths /api/v1/... and
 *   /apis/<group>/<version>/...; `namespaced` when any of its paths is under
 *   /namespaces/{namespace}/;
 * - kinds from x-kubernetes-group-version-kind of the operations; listKind from the list
 *   operation's response type;
 * - verbs from x-kubernetes-action: get, list, watch and watchlist (→ watch), post (→ create),
 *   put (→ update), patch, delete, deletecollection; `connect` operations (exec, attach,
 *   portforward, proxy) map by HTTP method as kube-apiserver's installer does (GET → get,
 *   POST → create, PUT → update, PATCH → patch, DELETE → delete; HEAD and OPTIONS → none);
 * - the deprecated /watch/... paths are not entries of their own: they only contribute `watch`;
 * - no descriptions or other prose; arrays and keys sorted, so the output is deterministic.
 *
 * Usage: node --import tsx scripts/gen-resources.ts [input.json] [output.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_INPUT = '/work/shared/reference/kubernetes/openapi-v2-1.32.json';
const DEFAULT_OUTPUT = fileURLToPath(new URL('../src/api/generated/resources.json', import.meta.url));

interface Gvk { group: string; version: string; kind: string }

export interface GeneratedSubresource { name: string; kind: Gvk; verbs: string[] }

export interface GeneratedResource {
  group: string;
  version: string;
  resource: string;
  kind: string;
  listKind: string;
  namespaced: boolean;
  verbs: string[];
  subresources: GeneratedSubresource[];
}

const ACTION_VERBS: Record<string, string> = {
  get: 'get', list: 'list', watch: 'watch', watchlist: 'watch', post: 'create', put: 'update',
  patch: 'patch', delete: 'delete', deletecollection: 'deletecollection',
};
const CONNECT_VERBS: Record<string, string> = { get: 'get', post: 'create', put: 'update', patch: 'patch', delete: 'delete' };
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch'];

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Where a path points: which resource, and its collection, one object, or a subresource of it. */
interface PathTarget {
  group: string;
  version: string;
  resource: string;
  namespaced: boolean;
  watch: boolean;
  subresource?: string;
}

/** Parses an API path; undefined for discovery and non-resource paths. */
export function parsePath(path: string): PathTarget | undefined {
  const m = /^\/api\/(v1)\/(.+)$/.exec(path) ?? /^\/apis\/([^/]+)\/([^/]+)\/(.+)$/.exec(path);
  if (!m) return undefined;
  const [group, version, rest] = m.length === 3 ? ['', m[1], m[2]] : [m[1], m[2], m[3]];
  let segs = rest.split('/').filter((s) => s !== '');
  const watch = segs[0] === 'watch';
  if (watch) segs = segs.slice(1);
  const namespaced = segs[0] === 'namespaces' && segs[1] === '{namespace}' && segs.length >= 3;
  if (namespaced) segs = segs.slice(2);
  if (segs.length === 0 || segs[0].startsWith('{')) return undefined;
  if (segs.length >= 2 && segs[1] !== '{name}') throw new Error(`unexpected path shape ${path}`);
  if (segs.length > 4 || (segs.length === 4 && segs[3] !== '{path}')) throw new Error(`unexpected path shape ${path}`);
  return { group, version, resource: segs[0], namespaced, watch, ...(segs.length >= 3 ? { subresource: segs[2] } : {}) };
}

function gvkOf(op: Obj, where: string): Gvk {
  const g = op['x-kubernetes-group-version-kind'];
  if (!isObj(g) || typeof g.kind !== 'string' || typeof g.version !== 'string' || typeof g.group !== 'string') {
    throw new Error(`no x-kubernetes-group-version-kind on ${where}`);
  }
  return { group: g.group, version: g.version, kind: g.kind };
}

function sameKind(a: Gvk | undefined, b: Gvk, where: string): Gvk {
  if (a && (a.group !== b.group || a.version !== b.version || a.kind !== b.kind)) {
    throw new Error(`conflicting kinds at ${where}: ${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  return b;
}

interface Building {
  group: string; version: string; resource: string; namespaced: boolean;
  kind?: Gvk; listKind?: string; verbs: Set<string>;
  subresources: Map<string, { kind?: Gvk; verbs: Set<string> }>;
}

/** The resource table of an OpenAPI v2 document, sorted by group, version and resource. */
export function generateResources(openapi: unknown): GeneratedResource[] {
  if (!isObj(openapi) || !isObj(openapi.paths)) throw new Error('not an OpenAPI v2 document');
  const byKey = new Map<string, Building>();
  for (const [path, item] of Object.entries(openapi.paths)) {
    const target = parsePath(path);
    if (!target || !isObj(item)) continue;
    const key = `${target.group}/${target.version}/${target.resource}`;
    let r = byKey.get(key);
    if (!r) {
      r = { group: target.group, version: target.version, resource: target.resource, namespaced: false, verbs: new Set(), subresources: new Map() };
      byKey.set(key, r);
    }
    r.namespaced ||= target.namespaced;
    for (const method of METHODS) {
      const op = item[method];
      if (!isObj(op)) continue;
      const action = op['x-kubernetes-action'];
      if (typeof action !== 'string') throw new Error(`no x-kubernetes-action on ${method} ${path}`);
      const verb = action === 'connect' ? CONNECT_VERBS[method] : ACTION_VERBS[action];
      if (action !== 'connect' && verb === undefined) throw new Error(`unknown action ${action} on ${method} ${path}`);
      const where = `${method} ${path}`;
      if (target.subresource !== undefined) {
        if (target.watch) throw new Error(`watch of a subresource: ${path}`);
        const sub = r.subresources.get(target.subresource) ?? { verbs: new Set<string>() };
        r.subresources.set(target.subresource, sub);
        sub.kind = sameKind(sub.kind, gvkOf(op, where), where);
        if (verb) sub.verbs.add(verb);
        continue;
      }
      if (!target.watch) r.kind = sameKind(r.kind, gvkOf(op, where), where);
      if (verb) r.verbs.add(verb);
      if (action === 'list') r.listKind = listKindOf(op) ?? r.listKind;
    }
  }
  const out: GeneratedResource[] = [];
  for (const r of byKey.values()) {
    if (!r.kind) throw new Error(`no kind for ${r.group}/${r.version}/${r.resource}`);
    if (r.kind.group !== r.group || r.kind.version !== r.version) throw new Error(`kind of ${r.resource} is in another group/version`);
    out.push({
      group: r.group,
      version: r.version,
      resource: r.resource,
      kind: r.kind.kind,
      listKind: r.listKind ?? `${r.kind.kind}List`,
      namespaced: r.namespaced,
      verbs: [...r.verbs].sort(),
      subresources: [...r.subresources.entries()]
        .map(([name, s]) => {
          if (!s.kind) throw new Error(`no kind for ${r.resource}/${name}`);
          return { name, kind: s.kind, verbs: [...s.verbs].sort() };
        })
        .sort((a, b) => compare(a.name, b.name)),
    });
  }
  return out.sort((a, b) => compare(a.group, b.group) || compare(a.version, b.version) || compare(a.resource, b.resource));
}

/** The list type's name from the 200 response, e.g. "#/definitions/io.k8s.api.apps.v1.DeploymentList". */
function listKindOf(op: Obj): string | undefined {
  const responses = op.responses;
  const ok = isObj(responses) ? responses['200'] : undefined;
  const schema = isObj(ok) ? ok.schema : undefined;
  const ref = isObj(schema) ? schema.$ref : undefined;
  return typeof ref === 'string' ? ref.slice(ref.lastIndexOf('.') + 1) : undefined;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** JSON with object keys sorted at every level. */
export function stableStringify(value: unknown): string {
  const sortKeys = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sortKeys);
    if (!isObj(v)) return v;
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys(v[k])]));
  };
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function main(argv: string[]): void {
  const input = argv[0] ?? DEFAULT_INPUT;
  const output = argv[1] ?? DEFAULT_OUTPUT;
  const resources = generateResources(JSON.parse(readFileSync(input, 'utf8')));
  writeFileSync(output, stableStringify({ source: basename(input), resources }));
  console.log(`wrote ${resources.length} resources to ${output}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main(process.argv.slice(2));
