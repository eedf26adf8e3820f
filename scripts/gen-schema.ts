/**
 * Generates src/api/generated/schema.json from the reference OpenAPI v2 document of Kubernetes
 * v1.32 (ARCHITECTURE.md decision 3: the schema drives field validation, strategic-merge keys and
 * server-side-apply list/map semantics).
 *
 * Output contract (read by src/api/schema.ts):
 *   { "source": "<reference file name>", "definitions": { "<name>": Schema } }
 * where Schema keeps only structure: type, format, $ref, properties, items, additionalProperties,
 * required, enum and the x-kubernetes-* extensions listed in KEPT_EXTENSIONS. Descriptions and
 * other prose are dropped. `$ref` values are bare definition names ("io.k8s.api.core.v1.Pod"),
 * without the "#/definitions/" prefix. `format: int-or-string` (IntOrString) also gets
 * `x-kubernetes-int-or-string: true`, the marker OpenAPI v3 and CRD schemas use for it.
 *
 * Only definitions reachable from a definition carrying x-kubernetes-group-version-kind are
 * written: nothing else can appear inside a served object. Keys are sorted at every level so the
 * output is deterministic.
 *
 * Usage: node --import tsx scripts/gen-schema.ts [input.json] [output.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/** shared/ sits beside the repository (docs/ARCHITECTURE.md: `../reference/kubernetes/`). */
export const DEFAULT_INPUT = fileURLToPath(new URL('../../shared/reference/kubernetes/openapi-v2-1.32.json', import.meta.url));
export const DEFAULT_OUTPUT = fileURLToPath(new URL('../src/api/generated/schema.json', import.meta.url));
const REF_PREFIX = '#/definitions/';

const KEPT_EXTENSIONS = [
  'x-kubernetes-group-version-kind',
  'x-kubernetes-patch-merge-key',
  'x-kubernetes-patch-strategy',
  'x-kubernetes-list-type',
  'x-kubernetes-list-map-keys',
  'x-kubernetes-map-type',
  'x-kubernetes-int-or-string',
] as const;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The structural part of one schema node; `refs` collects the definitions it points at. */
export function stripSchema(raw: JsonObject, refs: Set<string>): JsonObject {
  const out: JsonObject = {};
  const ref = raw['$ref'];
  if (typeof ref === 'string') {
    if (!ref.startsWith(REF_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
    out['$ref'] = ref.slice(REF_PREFIX.length);
    refs.add(out['$ref']);
  }
  for (const key of ['type', 'format', 'required', 'enum'] as const) {
    if (raw[key] !== undefined) out[key] = raw[key];
  }
  if (isObject(raw['properties'])) {
    const props: JsonObject = {};
    for (const name of Object.keys(raw['properties']).sort()) {
      const p = raw['properties'][name];
      if (isObject(p)) props[name] = stripSchema(p, refs);
    }
    out['properties'] = props;
  }
  if (isObject(raw['items'])) out['items'] = stripSchema(raw['items'], refs);
  const ap = raw['additionalProperties'];
  if (typeof ap === 'boolean') out['additionalProperties'] = ap;
  else if (isObject(ap)) out['additionalProperties'] = stripSchema(ap, refs);
  for (const ext of KEPT_EXTENSIONS) {
    if (raw[ext] !== undefined) out[ext] = raw[ext];
  }
  if (raw['format'] === 'int-or-string') out['x-kubernetes-int-or-string'] = true;
  return sortKeys(out);
}

function sortKeys(o: JsonObject): JsonObject {
  const sorted: JsonObject = {};
  for (const k of Object.keys(o).sort()) sorted[k] = o[k];
  return sorted;
}

/** Strips every definition and keeps those reachable from a kind (a GVK-bearing definition). */
export function generateSchema(openapi: unknown, source: string): JsonObject {
  if (!isObject(openapi) || !isObject(openapi['definitions'])) throw new Error('input has no definitions');
  const all = openapi['definitions'];
  const stripped = new Map<string, { schema: JsonObject; refs: Set<string> }>();
  for (const [name, def] of Object.entries(all)) {
    if (!isObject(def)) continue;
    const refs = new Set<string>();
    stripped.set(name, { schema: stripSchema(def, refs), refs });
  }
  const reachable = new Set<string>();
  const queue = [...stripped].filter(([, d]) => d.schema['x-kubernetes-group-version-kind'] !== undefined).map(([n]) => n);
  while (queue.length > 0) {
    const name = queue.pop() as string;
    if (reachable.has(name)) continue;
    const def = stripped.get(name);
    if (!def) throw new Error(`dangling $ref to ${name}`);
    reachable.add(name);
    queue.push(...def.refs);
  }
  const definitions: JsonObject = {};
  for (const name of [...reachable].sort()) definitions[name] = (stripped.get(name) as { schema: JsonObject }).schema;
  return { source, definitions };
}

/** One definition per line: compact (it is parsed at server start) yet reviewable in a diff. */
export function render(schema: JsonObject): string {
  const defs = schema['definitions'] as JsonObject;
  const lines = Object.keys(defs).map((name) => `${JSON.stringify(name)}:${JSON.stringify(defs[name])}`);
  return `{"source":${JSON.stringify(schema['source'])},"definitions":{\n${lines.join(',\n')}\n}}\n`;
}

function main(): void {
  const [input = DEFAULT_INPUT, output = DEFAULT_OUTPUT] = process.argv.slice(2);
  const started = performance.now();
  const schema = generateSchema(JSON.parse(readFileSync(input, 'utf8')), basename(input));
  const text = render(schema);
  writeFileSync(output, text);
  const count = Object.keys(schema['definitions'] as JsonObject).length;
  console.log(`wrote ${output}: ${count} definitions, ${text.length} bytes in ${(performance.now() - started).toFixed(0)} ms`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
