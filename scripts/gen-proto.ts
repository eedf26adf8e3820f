// Generates src/api/generated/proto-messages.json: the field numbers and types of every protobuf
// message of the Kubernetes built-in types, parsed from the proto2 IDL in
// ../shared/reference/kubernetes/proto/k8s.io/{api,apimachinery}/**/generated.proto, plus the
// map from apiVersion to proto package and the kinds each group/version serves, taken from the
// `x-kubernetes-group-version-kind` lists of the reference OpenAPI document.
//
// Usage: node --import tsx scripts/gen-proto.ts [--reference <dir>] [--check]
//   --check  fail (exit 1) when the committed file differs from what would be written.
//
// Only names, numbers and types are copied; comments and descriptions are dropped. The output is
// deterministic: messages sorted by name, fields in declaration order (which is Go struct order,
// the order Kubernetes' JSON encoder writes them).
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'src/api/generated/proto-messages.json');
const META_V1 = 'k8s.io.apimachinery.pkg.apis.meta.v1';

const SCALARS = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes']);

interface ProtoField { name: string; number: number; label: 'optional' | 'repeated' | 'required' | 'map'; type: string; keyType?: string }
interface RawField extends Omit<ProtoField, 'type' | 'keyType'> { rawType: string; rawKey?: string }
interface RawMessage { fullName: string; scope: string; fields: RawField[]; file: string }

/** Splits proto source into tokens, dropping // and block comments. */
function tokenize(src: string): string[] {
  const tokens: string[] = [];
  const re = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|"(?:[^"\\]|\\.)*"|[A-Za-z_.][A-Za-z0-9_.]*|-?[0-9]+|[{}[\]()<>;=,]/gy;
  let m: RegExpExecArray | null;
  while (re.lastIndex < src.length) {
    const at = re.lastIndex;
    if (!(m = re.exec(src))) throw new Error(`unexpected character ${JSON.stringify(src[at])} at offset ${at}`);
    const t = m[0];
    if (/^\s/.test(t) || t.startsWith('//') || t.startsWith('/*')) continue;
    tokens.push(t);
  }
  return tokens;
}

/** Parses the proto2 subset Kubernetes uses; anything else (enum, oneof, extend, service) is an error. */
function parseFile(src: string, file: string): { pkg: string; messages: RawMessage[] } {
  const t = tokenize(src);
  let i = 0;
  let pkg = '';
  const messages: RawMessage[] = [];
  const expect = (s: string) => { if (t[i] !== s) throw new Error(`${file}: expected '${s}', got '${t[i]}' (token ${i})`); i++; };
  const skipStatement = () => { while (t[i] !== ';') i++; i++; };

  function parseMessage(scope: string): void {
    const name = t[i++];
    const fullName = `${scope}.${name}`;
    const msg: RawMessage = { fullName, scope: fullName, fields: [], file };
    messages.push(msg);
    expect('{');
    while (t[i] !== '}') {
      const w = t[i];
      if (w === 'message') { i++; parseMessage(fullName); continue; }
      if (w === 'option' || w === 'reserved') { skipStatement(); continue; }
      if (w === ';') { i++; continue; }
      if (w === 'enum' || w === 'oneof' || w === 'extend' || w === 'extensions' || w === 'group') {
        throw new Error(`${file}: '${w}' in ${fullName} is not supported by this generator`);
      }
      if (w === 'map') {
        i++; expect('<'); const rawKey = t[i++]; expect(','); const rawType = t[i++]; expect('>');
        const fname = t[i++]; expect('='); const number = Number(t[i++]);
        if (t[i] === '[') { while (t[i] !== ']') i++; i++; }
        expect(';');
        msg.fields.push({ name: fname, number, label: 'map', rawType, rawKey });
        continue;
      }
      let label: RawField['label'] = 'optional';
      if (w === 'optional' || w === 'repeated' || w === 'required') { label = w; i++; }
      const rawType = t[i++];
      const fname = t[i++];
      expect('=');
      const number = Number(t[i++]);
      if (t[i] === '[') { while (t[i] !== ']') i++; i++; }
      expect(';');
      if (!Number.isInteger(number) || number < 1) throw new Error(`${file}: bad field number in ${fullName}.${fname}`);
      msg.fields.push({ name: fname, number, label, rawType });
    }
    i++;
  }

  while (i < t.length) {
    const w = t[i];
    if (w === 'syntax') { i++; expect('='); if (t[i] !== '"proto2"') throw new Error(`${file}: only proto2 is supported`); skipStatement(); }
    else if (w === 'package') { pkg = t[i + 1]; i += 2; expect(';'); }
    else if (w === 'import' || w === 'option') skipStatement();
    else if (w === 'message') { i++; parseMessage(pkg); }
    else if (w === ';') i++;
    else throw new Error(`${file}: unexpected top-level token '${w}'`);
  }
  if (!pkg) throw new Error(`${file}: no package`);
  return { pkg, messages };
}

/** Resolves a type reference as protoc does: a leading dot is absolute, otherwise innermost scope first. */
function resolveType(raw: string, scope: string, known: Set<string>, where: string): string {
  if (SCALARS.has(raw)) return raw;
  if (raw.startsWith('.')) {
    if (!known.has(raw.slice(1))) throw new Error(`${where}: unknown type ${raw}`);
    return raw.slice(1);
  }
  const parts = scope.split('.');
  for (let n = parts.length; n >= 0; n--) {
    const candidate = [...parts.slice(0, n), raw].join('.');
    if (known.has(candidate)) return candidate;
  }
  throw new Error(`${where}: unknown type ${raw}`);
}

function findProtoFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) findProtoFiles(p, out);
    else if (name === 'generated.proto') out.push(p);
  }
  return out;
}

interface Gvk { group: string; version: string; kind: string }
const apiVersionOf = (g: string, v: string) => (g === '' ? v : `${g}/${v}`);

function main(): void {
  const args = process.argv.slice(2);
  const refIdx = args.indexOf('--reference');
  const reference = refIdx >= 0 ? resolve(args[refIdx + 1]) : resolve(ROOT, '../shared/reference/kubernetes');
  const protoRoot = join(reference, 'proto');
  const files = ['k8s.io/api', 'k8s.io/apimachinery'].flatMap((d) => findProtoFiles(join(protoRoot, d)));

  const raw: RawMessage[] = [];
  const packages = new Map<string, string>(); // proto package -> directory relative to the proto root
  for (const f of files) {
    const { pkg, messages } = parseFile(readFileSync(f, 'utf8'), relative(protoRoot, f));
    packages.set(pkg, relative(protoRoot, dirname(f)));
    raw.push(...messages);
  }
  const known = new Set(raw.map((m) => m.fullName));
  const messages: Record<string, ProtoField[]> = {};
  for (const m of [...raw].sort((a, b) => (a.fullName < b.fullName ? -1 : 1))) {
    const seen = new Set<number>();
    messages[m.fullName] = m.fields.map((f) => {
      if (seen.has(f.number)) throw new Error(`${m.file}: duplicate field number ${f.number} in ${m.fullName}`);
      seen.add(f.number);
      const where = `${m.file} ${m.fullName}.${f.name}`;
      const field: ProtoField = { name: f.name, number: f.number, label: f.label, type: resolveType(f.rawType, m.scope, known, where) };
      if (f.rawKey !== undefined) field.keyType = resolveType(f.rawKey, m.scope, known, where);
      return field;
    });
  }

  // apiVersion -> package and the kinds each group/version serves, from the OpenAPI GVK lists.
  // OpenAPI definitions are named like the proto messages with `io.k8s.` for `k8s.io.`.
  const openapi = JSON.parse(readFileSync(join(reference, 'openapi-v2-1.32.json'), 'utf8')) as
    { definitions: Record<string, { properties?: Record<string, unknown>; 'x-kubernetes-group-version-kind'?: Gvk[] }> };
  const kinds: Record<string, Record<string, string>> = {};
  const groupVersions: Record<string, string> = {};
  const groupOfDir = new Map<string, string>(); // "apps" -> "apps", "rbac" -> "rbac.authorization.k8s.io"
  const nameMismatches: string[] = [];
  for (const [defName, def] of Object.entries(openapi.definitions)) {
    if (!defName.startsWith('io.k8s.')) continue;
    const message = `k8s.io.${defName.slice('io.k8s.'.length)}`;
    if (!(message in messages)) continue;
    for (const f of messages[message]) {
      // The proto field name is the JSON name, except for Go structs embedded inline (their
      // fields appear in the parent's JSON) and custom-marshalled types; count what disagrees.
      if (def.properties && !(f.name in def.properties) && !f.type.includes('.')) nameMismatches.push(`${message}.${f.name}`);
    }
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const av = apiVersionOf(gvk.group, gvk.version);
      (kinds[av] ??= {})[gvk.kind] = message;
      const pkg = message.slice(0, message.lastIndexOf('.'));
      if (pkg === META_V1) continue;
      if (groupVersions[av] && groupVersions[av] !== pkg) throw new Error(`${av} maps to ${groupVersions[av]} and ${pkg}`);
      groupVersions[av] = pkg;
      groupOfDir.set(pkg.split('.')[3], gvk.group);
    }
  }

  // Packages of no served group/version (removed betas, admission, imagepolicy, apidiscovery):
  // the group comes from a served sibling version, else from the groups that register
  // meta/v1 DeleteOptions (every group does); the kinds are the messages with object metadata.
  const allGroups = new Set(Object.keys(kinds).map((av) => (av.includes('/') ? av.slice(0, av.indexOf('/')) : '')));
  const unresolved: string[] = [];
  for (const pkg of [...packages.keys()].sort()) {
    if (!pkg.startsWith('k8s.io.api.') || Object.values(groupVersions).includes(pkg)) continue;
    const [, , , dir, version] = pkg.split('.');
    let group = groupOfDir.get(dir) ?? [...allGroups].find((g) => g === dir || g.split('.')[0] === dir);
    if (group === undefined) { group = `${dir}.k8s.io`; unresolved.push(`${pkg} -> ${group}`); }
    const av = apiVersionOf(group, version);
    groupVersions[av] = pkg;
    for (const [name, fields] of Object.entries(messages)) {
      if (name.slice(0, name.lastIndexOf('.')) !== pkg) continue;
      const meta = fields.find((f) => f.name === 'metadata' && f.number === 1);
      if (meta && (meta.type === `${META_V1}.ObjectMeta` || meta.type === `${META_V1}.ListMeta`)) {
        (kinds[av] ??= {})[name.slice(pkg.length + 1)] = name;
      }
    }
  }
  // meta.k8s.io is registered in Go code only (apimachinery pkg/apis/meta/v1/register.go and
  // meta/v1beta1/register.go); it has no OpenAPI GVKs. Table has no protobuf message.
  groupVersions['meta.k8s.io/v1'] = META_V1;
  kinds['meta.k8s.io/v1'] = { PartialObjectMetadata: `${META_V1}.PartialObjectMetadata`, PartialObjectMetadataList: `${META_V1}.PartialObjectMetadataList` };
  groupVersions['meta.k8s.io/v1beta1'] = 'k8s.io.apimachinery.pkg.apis.meta.v1beta1';
  kinds['meta.k8s.io/v1beta1'] = { PartialObjectMetadataList: 'k8s.io.apimachinery.pkg.apis.meta.v1beta1.PartialObjectMetadataList' };

  const sortObject = <T>(o: Record<string, T>): Record<string, T> =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  const sortedKinds = sortObject(Object.fromEntries(Object.entries(kinds).map(([av, k]) => [av, sortObject(k)])));

  // One field per line keeps diffs readable.
  const lines: string[] = ['{'];
  lines.push(`  "groupVersions": ${JSON.stringify(sortObject(groupVersions), null, 2).replace(/\n/g, '\n  ')},`);
  lines.push(`  "kinds": ${JSON.stringify(sortedKinds, null, 2).replace(/\n/g, '\n  ')},`);
  lines.push('  "messages": {');
  const names = Object.keys(messages);
  names.forEach((name, n) => {
    const fields = messages[name];
    const body = fields.map((f) => `      ${JSON.stringify(f)}`).join(',\n');
    lines.push(`    ${JSON.stringify(name)}: [${fields.length ? `\n${body}\n    ` : ''}]${n < names.length - 1 ? ',' : ''}`);
  });
  lines.push('  }', '}', '');
  const text = lines.join('\n');
  JSON.parse(text); // the hand-joined text must be valid JSON

  const summary = `${files.length} files, ${names.length} messages, ${Object.keys(groupVersions).length} group/versions, `
    + `${Object.values(kinds).reduce((n, k) => n + Object.keys(k).length, 0)} kinds; `
    + `${nameMismatches.length} scalar proto field names missing from OpenAPI properties`;
  if (args.includes('--check')) {
    const current = readFileSync(OUT, 'utf8');
    if (current !== text) { console.error(`${relative(ROOT, OUT)} is stale; run scripts/gen-proto.ts`); process.exit(1); }
    console.log(`${relative(ROOT, OUT)} is up to date (${summary})`);
    return;
  }
  writeFileSync(OUT, text);
  console.log(`wrote ${relative(ROOT, OUT)}: ${summary}`);
  if (nameMismatches.length) console.log(`  ${nameMismatches.join('\n  ')}`);
  if (unresolved.length) console.log(`groups guessed as <dir>.k8s.io (no GVK in the reference):\n  ${unresolved.join('\n  ')}`);
}

main();
