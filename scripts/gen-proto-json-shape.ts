// Generates src/api/generated/proto-json-shape.json: how each protobuf message of the Kubernetes
// built-in types maps onto the JSON that Kubernetes' own JSON encoder writes. The protobuf IDL
// cannot say this; the Go struct tags can, so this script reads them from the Go sources of
// k8s.io/api and k8s.io/apimachinery at the tag the reference IDL was taken from (v0.32.9):
//
//   json      JSON names that differ from the proto field name (`Variable.Name` is JSON `name`,
//             `BoundObjectReference.uID` is `uid`, ...).
//   inline    fields whose Go struct is embedded with `json:",inline"`: the sub-message's fields
//             appear in the parent's JSON object (`Volume.volumeSource`, `Probe.handler`, ...).
//   keepZero  scalar fields whose zero value the JSON encoder still writes: Go pointers (`*int32
//             replicas`: 0 is not "unset") and fields without `omitempty` (`containerPort`).
//             Go's protobuf encoder writes every non-pointer scalar, so without this list a
//             decoder cannot tell `replicas: 0` (kept) from `generation: 0` (dropped).
//   arrays    messages that are Go named slices (`type ExtraValue []string`): JSON is the array.
//
// Usage: node --import tsx scripts/gen-proto-json-shape.ts --k8s-api <git dir> --k8s-apimachinery <git dir>
//   (clones of https://github.com/kubernetes/api and https://github.com/kubernetes/apimachinery;
//   the tag is read with `git show`, the working tree is not used). Run scripts/gen-proto.ts first.
//   --check  fail when the committed file differs from what would be written.
//
// Every proto message must be matched by a Go type and every proto field by a Go field with the
// same number, except the custom-marshalled types the codec implements by hand (SPECIAL).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const TAG = 'v0.32.9';
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const MESSAGES = join(ROOT, 'src/api/generated/proto-messages.json');
const OUT = join(ROOT, 'src/api/generated/proto-json-shape.json');
const REFERENCE_PROTO = resolve(ROOT, '../shared/reference/kubernetes/proto');
const SCALARS = new Set(['double', 'float', 'int32', 'int64', 'uint32', 'uint64', 'sint32', 'sint64',
  'fixed32', 'fixed64', 'sfixed32', 'sfixed64', 'bool', 'string', 'bytes']);
/** Messages with a hand-written JSON form in the codec (src/api/protobuf/well-known-types.ts). */
const SPECIAL = new Set([
  'k8s.io.apimachinery.pkg.apis.meta.v1.Time', 'k8s.io.apimachinery.pkg.apis.meta.v1.MicroTime',
  'k8s.io.apimachinery.pkg.apis.meta.v1.Timestamp', 'k8s.io.apimachinery.pkg.apis.meta.v1.Duration',
  'k8s.io.apimachinery.pkg.apis.meta.v1.FieldsV1', 'k8s.io.apimachinery.pkg.api.resource.Quantity',
  'k8s.io.apimachinery.pkg.api.resource.QuantityValue', 'k8s.io.apimachinery.pkg.util.intstr.IntOrString',
  'k8s.io.apimachinery.pkg.runtime.RawExtension', 'k8s.io.apimachinery.pkg.runtime.Unknown',
  'k8s.io.apimachinery.pkg.runtime.TypeMeta',
]);

interface ProtoField { name: string; number: number; label: string; type: string; keyType?: string }
interface GoField { name: string; type: string; json: string; protobuf: string }
interface GoPackage {
  structs: Map<string, GoField[]>;
  slices: Set<string>;
  /** `type MatchCondition v1.MatchCondition`: name -> [repo, dir, type] of the defining package. */
  aliases: Map<string, [string, string, string]>;
  groupName?: string;
}
interface Shape { json?: Record<string, string>; inline?: number[]; keepZero?: number[] }

function arg(name: string): string {
  const i = process.argv.indexOf(name);
  if (i < 0 || !process.argv[i + 1]) throw new Error(`missing ${name} <git dir>; see the header of this script`);
  return resolve(process.argv[i + 1]);
}

const git = (repo: string, ...args: string[]) => execFileSync('git', ['--git-dir', repo, ...args], { encoding: 'utf8', maxBuffer: 256 << 20 });

const goPackages = new Map<string, GoPackage>();

function readGoPackage(repo: string, dir: string, repos: Record<'api' | 'apimachinery', string>): GoPackage {
  const cached = goPackages.get(`${repo}:${dir}`);
  if (cached) return cached;
  const files = git(repo, 'ls-tree', '--name-only', `${TAG}:${dir}`).split('\n')
    .filter((f) => f.endsWith('.go') && !f.endsWith('_test.go') && !f.startsWith('zz_generated') && f !== 'generated.pb.go');
  const pkg: GoPackage = { structs: new Map(), slices: new Set(), aliases: new Map() };
  for (const f of files) {
    const src = git(repo, 'show', `${TAG}:${dir}/${f}`);
    const group = /^const GroupName = "([^"]*)"/m.exec(src);
    if (group) pkg.groupName = group[1];
    for (const m of src.matchAll(/^type (\w+) \[\]\S+$/gm)) pkg.slices.add(m[1]);
    for (const m of src.matchAll(/^type (\w+) struct\s*\{\}/gm)) pkg.structs.set(m[1], []);
    const imports = new Map<string, [string, string]>();
    for (const m of src.matchAll(/^\s*(\w+)?\s*"k8s\.io\/(api|apimachinery)\/([^"]+)"/gm)) {
      imports.set(m[1] ?? m[3].split('/').pop()!, [m[2] === 'api' ? repos.api : repos.apimachinery, m[3]]);
    }
    for (const m of src.matchAll(/^type (\w+) (\w+)\.(\w+)$/gm)) {
      const target = imports.get(m[2]);
      if (target) pkg.aliases.set(m[1], [target[0], target[1], m[3]]);
    }
    for (const m of src.matchAll(/^type (\w+) struct \{\n([\s\S]*?)^\}/gm)) {
      const fields: GoField[] = [];
      for (const line of m[2].split('\n')) {
        const fm = /^\s*(?:([A-Za-z_]\w*)\s+)?([^\s`]+)\s+`([^`]*)`/.exec(line);
        if (!fm || line.trim().startsWith('//')) continue;
        const protobuf = /protobuf:"([^"]*)"/.exec(fm[3])?.[1];
        if (!protobuf || protobuf === '-') continue;
        fields.push({ name: fm[1] ?? fm[2], type: fm[2], json: /json:"([^"]*)"/.exec(fm[3])?.[1] ?? '', protobuf });
      }
      pkg.structs.set(m[1], fields);
    }
  }
  goPackages.set(`${repo}:${dir}`, pkg);
  return pkg;
}

function main(): void {
  const repos = { api: arg('--k8s-api'), apimachinery: arg('--k8s-apimachinery') };
  const generated = JSON.parse(readFileSync(MESSAGES, 'utf8')) as
    { groupVersions: Record<string, string>; messages: Record<string, ProtoField[]> };
  const byPackage = new Map<string, string[]>();
  for (const name of Object.keys(generated.messages)) {
    const pkg = name.slice(0, name.lastIndexOf('.'));
    byPackage.set(pkg, [...(byPackage.get(pkg) ?? []), name]);
  }

  const shapes: Record<string, Shape> = {};
  const arrays: string[] = [];
  const problems: string[] = [];
  for (const [pkg, names] of [...byPackage].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [repo, dir] = pkg.startsWith('k8s.io.api.')
      ? [repos.api, pkg.slice('k8s.io.api.'.length).replace(/\./g, '/')]
      : [repos.apimachinery, pkg.slice('k8s.io.apimachinery.'.length).replace(/\./g, '/')];
    // The Go sources must be the ones the reference IDL was generated from.
    const reference = readFileSync(join(REFERENCE_PROTO, pkg.startsWith('k8s.io.api.') ? 'k8s.io/api' : 'k8s.io/apimachinery', dir, 'generated.proto'), 'utf8');
    if (git(repo, 'show', `${TAG}:${dir}/generated.proto`) !== reference) problems.push(`${dir}/generated.proto at ${TAG} differs from the reference IDL`);
    const go = readGoPackage(repo, dir, repos);
    const servedAs = Object.entries(generated.groupVersions).filter(([, p]) => p === pkg).map(([av]) => av);
    for (const av of servedAs) {
      const group = av.includes('/') ? av.slice(0, av.indexOf('/')) : '';
      if (go.groupName !== undefined && group !== go.groupName && !av.startsWith('meta.k8s.io/')) problems.push(`${pkg}: proto-messages.json says group ${group}, register.go says ${go.groupName}`);
    }

    for (const name of names) {
      if (SPECIAL.has(name)) continue;
      const short = name.slice(pkg.length + 1);
      const proto = generated.messages[name];
      if (go.slices.has(short)) {
        if (proto.length !== 1 || proto[0].name !== 'items' || proto[0].label !== 'repeated') problems.push(`${name}: Go slice type but proto is not {repeated items = 1}`);
        arrays.push(name);
        continue;
      }
      const alias = go.aliases.get(short);
      const fields = alias ? readGoPackage(alias[0], alias[1], repos).structs.get(alias[2]) : go.structs.get(short);
      if (!fields) { problems.push(`${name}: no Go struct ${dir}.${short}`); continue; }
      const shape: Shape = {};
      for (const f of proto) {
        const g = fields.find((x) => Number(x.protobuf.split(',')[1]) === f.number);
        if (!g) { problems.push(`${name}.${f.name} (${f.number}): no Go field with that number`); continue; }
        const [jsonName, ...opts] = g.json.split(',');
        if (opts.includes('inline')) { (shape.inline ??= []).push(f.number); continue; }
        if (jsonName === '' || jsonName === '-') { problems.push(`${name}.${f.name}: Go field ${g.name} has no JSON name`); continue; }
        if (jsonName !== f.name) (shape.json ??= {})[String(f.number)] = jsonName;
        const scalar = SCALARS.has(f.type) && f.label !== 'repeated' && f.label !== 'map';
        if (scalar && (g.type.startsWith('*') || !opts.includes('omitempty'))) (shape.keepZero ??= []).push(f.number);
      }
      if (Object.keys(shape).length) shapes[name] = shape;
    }
  }
  if (problems.length) { console.error(problems.join('\n')); process.exit(1); }

  const lines = ['{', `  "source": ${JSON.stringify(`Go struct tags of k8s.io/api and k8s.io/apimachinery ${TAG}`)},`, `  "arrays": ${JSON.stringify(arrays.sort())},`, '  "messages": {'];
  const names = Object.keys(shapes).sort();
  names.forEach((n, i) => lines.push(`    ${JSON.stringify(n)}: ${JSON.stringify(shapes[n])}${i < names.length - 1 ? ',' : ''}`));
  lines.push('  }', '}', '');
  const text = lines.join('\n');
  JSON.parse(text);
  const count = (k: keyof Shape) => names.reduce((n, x) => n + (Array.isArray(shapes[x][k]) ? (shapes[x][k] as number[]).length : Object.keys(shapes[x][k] ?? {}).length), 0);
  const summary = `${names.length} messages: ${count('json')} renamed, ${count('inline')} inline, ${count('keepZero')} keep-zero fields; ${arrays.length} array messages`;
  if (process.argv.includes('--check')) {
    if (readFileSync(OUT, 'utf8') !== text) { console.error(`${relative(ROOT, OUT)} is stale`); process.exit(1); }
    console.log(`${relative(ROOT, OUT)} is up to date (${summary})`);
    return;
  }
  writeFileSync(OUT, text);
  console.log(`wrote ${relative(ROOT, OUT)}: ${summary}`);
}

main();
