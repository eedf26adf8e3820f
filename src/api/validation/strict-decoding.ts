/**
 * The strict checks of kube-apiserver's decoders, on the raw request body:
 *
 * - JSON (sigs.k8s.io/json UnmarshalStrict, as the apimachinery JSON serializer calls it in
 *   Strict mode): while decoding into the Go type, an object key that names no field of a struct
 *   is `unknown field "<path>"` and its value is skipped; a key seen twice in one struct or map is
 *   `duplicate field "<path>"`. Paths join keys with "." and indexes as "[i]" ("spec.replicas",
 *   "spec.template.spec.containers[0].image"). Errors come in document order, deduplicated, at
 *   most 100. Values decoded by custom unmarshalers (RawExtension, apiextensions JSON, FieldsV1:
 *   schema nodes of kind `unknown`) are not looked into.
 * - YAML (sigs.k8s.io/yaml YAMLToJSONStrict → go-yaml v2 UnmarshalStrict): a mapping key seen
 *   twice anywhere is `line N: key "k" already set in map`, N the 1-based line where the
 *   duplicate's value starts; all of them form one error,
 *   `yaml: unmarshal errors:\n  line 4: key "replicas" already set in map\n  line 9: …`.
 *   (Known gap: libyaml starts a node at its anchor or tag; the line here is the value's own.)
 */
import { LineCounter, parseDocument, isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { SchemaNode } from '../schema.ts';

/** sigs.k8s.io/json stops accumulating strict errors at this many. */
export const MAX_STRICT_ERRORS = 100;

/**
 * Empty Go structs: every key in them is unknown, though OpenAPI v2 cannot tell them from
 * free-form objects (schema.ts gives them kind `unknown`).
 */
export const EMPTY_STRUCTS: ReadonlySet<string> = new Set([
  'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceSubresourceStatus',
  'io.k8s.api.apiserverinternal.v1alpha1.StorageVersionSpec',
]);

/** The schema of a struct field or map value; undefined for a field the struct does not have. */
export function fieldOf(node: SchemaNode, key: string): SchemaNode | undefined {
  return EMPTY_STRUCTS.has(node.name) ? undefined : node.child(key);
}

type Mode = 'struct' | 'map' | 'skip';

function modeOf(node: SchemaNode | undefined, schemaless: boolean): Mode {
  if (schemaless) return 'map';
  if (node === undefined) return 'skip';
  if (node.kind === 'object' || EMPTY_STRUCTS.has(node.name)) return 'struct';
  return node.kind === 'map' ? 'map' : 'skip';
}

/** A recursive-descent pass over JSON text that reports strict errors against a schema. */
class StrictScanner {
  private i = 0;
  readonly errors: string[] = [];
  private readonly seen = new Set<string>();

  constructor(private readonly text: string, private readonly schemaless: boolean) {}

  private report(kind: 'unknown field' | 'duplicate field', path: string): void {
    const message = `${kind} ${JSON.stringify(path)}`;
    if (this.errors.length >= MAX_STRICT_ERRORS || this.seen.has(message)) return;
    this.seen.add(message);
    this.errors.push(message);
  }

  private ws(): void {
    while (this.i < this.text.length) {
      const c = this.text.charCodeAt(this.i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      this.i++;
    }
  }

  private string(): string {
    const start = this.i; // at the opening quote
    this.i++;
    let escaped = false;
    while (this.i < this.text.length) {
      const c = this.text[this.i++];
      if (c === '\\') { escaped = true; this.i++; continue; }
      if (c === '"') break;
    }
    const raw = this.text.slice(start, this.i);
    return escaped ? (JSON.parse(raw) as string) : raw.slice(1, -1);
  }

  /** Scans one value; `node` is its schema (undefined: not checked), `path` where it sits. */
  value(node: SchemaNode | undefined, path: string): void {
    this.ws();
    const c = this.text[this.i];
    if (c === '{') this.object(node, path);
    else if (c === '[') this.array(node, path);
    else if (c === '"') this.string();
    else {
      while (this.i < this.text.length && !',]} \n\r\t'.includes(this.text[this.i])) this.i++;
    }
  }

  private object(node: SchemaNode | undefined, path: string): void {
    const mode = modeOf(node, this.schemaless);
    const keys = new Set<string>();
    this.i++;
    for (;;) {
      this.ws();
      if (this.i >= this.text.length || this.text[this.i] === '}') { this.i++; return; }
      if (this.text[this.i] === ',') { this.i++; continue; }
      const key = this.string();
      this.ws();
      this.i++; // ':'
      const at = path === '' ? key : `${path}.${key}`;
      let child: SchemaNode | undefined;
      if (mode === 'struct') {
        child = node === undefined ? undefined : fieldOf(node, key);
        if (child === undefined && !this.schemaless) {
          this.report('unknown field', at);
          this.value(undefined, at);
          continue;
        }
      } else if (mode === 'map') {
        child = node?.child(key);
      }
      if (mode !== 'skip') {
        if (keys.has(key)) this.report('duplicate field', at);
        keys.add(key);
      }
      this.value(mode === 'skip' ? undefined : child, at);
    }
  }

  private array(node: SchemaNode | undefined, path: string): void {
    const items = this.schemaless ? undefined : node?.kind === 'array' ? node.items() : undefined;
    const check = this.schemaless || items !== undefined;
    let index = 0;
    this.i++;
    for (;;) {
      this.ws();
      if (this.i >= this.text.length || this.text[this.i] === ']') { this.i++; return; }
      if (this.text[this.i] === ',') { this.i++; continue; }
      this.value(check ? items : undefined, `${path}[${index++}]`);
    }
  }
}

/**
 * The strict errors of decoding JSON `text` into the type `schema` describes, as
 * sigs.k8s.io/json reports them (`unknown field "spec.foo"`, `duplicate field "spec.replicas"`).
 * Text that is not JSON yields whatever was found before the fault (its parse error is the
 * body decoder's to report).
 */
export function strictJsonErrors(text: string, schema: SchemaNode): string[] {
  const scanner = new StrictScanner(text, false);
  try { scanner.value(schema, ''); } catch { /* malformed: keep what was found */ }
  return scanner.errors;
}

/**
 * Paths of keys repeated within one JSON object ("spec.replicas"), in document order. With a
 * schema, only where Go's typed decode checks (structs and maps, not below free-form values or
 * unknown fields); without one, everywhere, as decoding into interface{} does.
 */
export function findDuplicateFields(text: string, schema?: SchemaNode): string[] {
  const scanner = new StrictScanner(text, schema === undefined);
  try { scanner.value(schema, ''); } catch { /* malformed: keep what was found */ }
  const prefix = 'duplicate field ';
  return scanner.errors.filter((e) => e.startsWith(prefix)).map((e) => JSON.parse(e.slice(prefix.length)) as string);
}

/** Go's %#v of a YAML key as go-yaml decodes it into interface{}. */
function goSyntax(value: unknown): string {
  if (typeof value === 'string') return goQuote(value);
  if (value === null || value === undefined) return '<nil>';
  return String(value);
}

/** strconv.Quote: Go escapes for control characters, printable Unicode kept. */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
    if (named[ch] !== undefined) out += named[ch];
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** go-yaml's strict-mode complaints about repeated mapping keys: `line 4: key "replicas" already set in map`. */
export function findYamlDuplicateKeys(text: string): string[] {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { version: '1.1', uniqueKeys: false, lineCounter });
  const out: string[] = [];
  const walk = (node: unknown): void => {
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        const id = isScalar(pair.key) ? `${typeof key}:${String(key)}` : undefined;
        if (id !== undefined && seen.has(id)) {
          const value = pair.value as YamlNode | null;
          const offset = value?.range?.[0] ?? (pair.key as YamlNode).range?.[0] ?? 0;
          out.push(`line ${lineCounter.linePos(offset).line}: key ${goSyntax(key)} already set in map`);
        }
        if (id !== undefined) seen.add(id);
        walk(pair.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) walk(item);
    }
  };
  walk(doc.contents);
  return out;
}

/** The single go-yaml error that carries every duplicate key, or undefined when there is none. */
export function yamlStrictError(text: string): string | undefined {
  const lines = findYamlDuplicateKeys(text);
  return lines.length === 0 ? undefined : `yaml: unmarshal errors:\n  ${lines.join('\n  ')}`;
}
