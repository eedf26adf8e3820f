/**
 * A set of field paths, as structured-merge-diff's fieldpath.Set (fieldpath/set.go): a trie whose
 * nodes hold `members` (paths that end here) and `children` (subtrees by path element). A path
 * and its prefixes are independent: owning `.spec.template` says nothing about
 * `.spec.template.spec`, and `difference` removes exactly the paths named, never their
 * descendants (`recursiveDifference` does).
 *
 * The FieldsV1 encoding (fieldpath/serialize.go) is a JSON object whose keys are path elements;
 * `{}` marks a member, a nested object the children, and `".": {}` inside a nested object marks a
 * node that is both a member and has children:
 * `{"f:metadata":{"f:labels":{".":{},"f:app":{}}}}` = {.metadata.labels, .metadata.labels.app}.
 *
 * Sets are immutable once shared: `insert` is for building a new set; the set operations return
 * new sets that may share subtrees with their inputs.
 */
import { insertionSort } from './insertion-sort.ts';
import {
  comparePathElements, parsePathElement, PathElementError, pathString,
  type Path, type PathElement,
} from './path-element.ts';

interface Child { readonly pe: PathElement; readonly set: FieldSet }

const byElement = (a: PathElement, b: PathElement) => comparePathElements(a, b);
const byChild = (a: { readonly pe: PathElement }, b: { readonly pe: PathElement }) => comparePathElements(a.pe, b.pe);

export class FieldSet {
  readonly #members: Map<string, PathElement>;
  readonly #children: Map<string, Child>;

  constructor(paths: Iterable<Path> = []) {
    this.#members = new Map();
    this.#children = new Map();
    for (const p of paths) this.insert(p);
  }

  /** A set from its parts (the children must not be modified afterwards). */
  static of(members: Iterable<PathElement>, children: Iterable<readonly [PathElement, FieldSet]> = []): FieldSet {
    const s = new FieldSet();
    for (const pe of members) s.#members.set(pe.id, pe);
    for (const [pe, set] of children) s.#children.set(pe.id, { pe, set });
    return s;
  }

  /** Adds a path (a no-op for the empty path). Only for sets being built. */
  insert(path: Path): this {
    if (path.length === 0) return this;
    let node: FieldSet = this;
    for (let i = 0; i < path.length - 1; i++) {
      const pe = path[i]!;
      let child = node.#children.get(pe.id);
      if (child === undefined) node.#children.set(pe.id, (child = { pe, set: new FieldSet() }));
      node = child.set;
    }
    const last = path[path.length - 1]!;
    node.#members.set(last.id, last);
    return this;
  }

  has(path: Path): boolean {
    if (path.length === 0) return false;
    let node: FieldSet | undefined = this;
    for (let i = 0; i < path.length - 1 && node !== undefined; i++) node = node.#children.get(path[i]!.id)?.set;
    return node !== undefined && node.#members.has(path[path.length - 1]!.id);
  }

  hasMember(pe: PathElement): boolean { return this.#members.has(pe.id); }

  /** The subtree below `pe` (empty when there is none). */
  withPrefix(pe: PathElement): FieldSet { return this.#children.get(pe.id)?.set ?? EMPTY; }

  /** Members at this level, unsorted. */
  members(): IterableIterator<PathElement> { return this.#members.values(); }

  /** Children at this level, unsorted. */
  *children(): IterableIterator<readonly [PathElement, FieldSet]> {
    for (const c of this.#children.values()) yield [c.pe, c.set];
  }

  /** Members at this level, sorted as structured-merge-diff sorts them. */
  memberElements(): PathElement[] { return insertionSort([...this.#members.values()], byElement); }

  /** Children at this level, sorted. */
  childEntries(): Array<readonly [PathElement, FieldSet]> {
    return insertionSort([...this.#children.values()], byChild).map((c) => [c.pe, c.set] as const);
  }

  isEmpty(): boolean {
    if (this.#members.size > 0) return false;
    for (const c of this.#children.values()) if (!c.set.isEmpty()) return false;
    return true;
  }

  /** The number of paths in the set. */
  get size(): number {
    let n = this.#members.size;
    for (const c of this.#children.values()) n += c.set.size;
    return n;
  }

  union(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    if (this.isEmpty()) return o;
    const out = new FieldSet();
    for (const [id, pe] of this.#members) out.#members.set(id, pe);
    for (const [id, pe] of o.#members) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      const oc = o.#children.get(id);
      out.#children.set(id, oc === undefined ? c : { pe: c.pe, set: c.set.union(oc.set) });
    }
    for (const [id, oc] of o.#children) if (!this.#children.has(id)) out.#children.set(id, oc);
    return out;
  }

  intersection(o: FieldSet): FieldSet {
    const out = new FieldSet();
    for (const [id, pe] of this.#members) if (o.#members.has(id)) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      const oc = o.#children.get(id);
      if (oc === undefined) continue;
      const i = c.set.intersection(oc.set);
      if (!i.isEmpty()) out.#children.set(id, { pe: c.pe, set: i });
    }
    return out;
  }

  /** The paths of this set that are not in `o` (descendants of o's members stay). */
  difference(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    const out = new FieldSet();
    for (const [id, pe] of this.#members) if (!o.#members.has(id)) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      const oc = o.#children.get(id);
      if (oc === undefined) { out.#children.set(id, c); continue; }
      const d = c.set.difference(oc.set);
      if (!d.isEmpty()) out.#children.set(id, { pe: c.pe, set: d });
    }
    return out;
  }

  /** Like difference, and also drops every descendant of a member of `o` (RecursiveDifference). */
  recursiveDifference(o: FieldSet): FieldSet {
    if (o.isEmpty()) return this;
    const out = new FieldSet();
    for (const [id, pe] of this.#members) if (!o.#members.has(id)) out.#members.set(id, pe);
    for (const [id, c] of this.#children) {
      if (o.#members.has(id)) continue;
      const oc = o.#children.get(id);
      if (oc === undefined) { out.#children.set(id, c); continue; }
      const d = c.set.recursiveDifference(oc.set);
      if (!d.isEmpty()) out.#children.set(id, { pe: c.pe, set: d });
    }
    return out;
  }

  equals(o: FieldSet): boolean {
    return this.difference(o).isEmpty() && o.difference(this).isEmpty();
  }

  /** Every path, in structured-merge-diff's order: this level's members, then each child's paths. */
  paths(): Path[] {
    const out: Path[] = [];
    this.#collect([], out);
    return out;
  }

  #collect(prefix: PathElement[], out: Path[]): void {
    for (const pe of this.memberElements()) out.push([...prefix, pe]);
    for (const [pe, set] of this.childEntries()) set.#collect([...prefix, pe], out);
  }

  /** One path per line, as fieldpath.Set.String() prints them. */
  toString(): string { return this.paths().map(pathString).join('\n'); }

  /** The FieldsV1 object (Set.ToJSON), keys in structured-merge-diff's order. */
  toFieldsV1(): Record<string, unknown> {
    return this.#emit(false);
  }

  #emit(includeSelf: boolean): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    if (includeSelf && !this.#isEmptyShallow()) out['.'] = {};
    // Members without children, then children, in one stable sort: the order sorting each and
    // then the whole would give.
    const all: Array<{ readonly pe: PathElement; readonly set: FieldSet | undefined }> = [];
    for (const [id, pe] of this.#members) if (!this.#children.has(id)) all.push({ pe, set: undefined });
    for (const c of this.#children.values()) all.push(c);
    insertionSort(all, byChild);
    // Keys always start with "f:", "k:", "v:" or "i:", so plain assignment is safe.
    for (const { pe, set } of all) out[pe.id] = set === undefined ? {} : set.#emit(this.#members.has(pe.id));
    return out;
  }

  #isEmptyShallow(): boolean { return this.#members.size === 0 && this.#children.size === 0; }

  /**
   * Parses a FieldsV1 object (Set.FromJSON). Keys of an unknown element type are skipped, as
   * upstream skips them; a malformed key throws a FieldsV1Error.
   */
  static fromFieldsV1(fields: unknown): FieldSet {
    if (!isPlainObject(fields)) throw new FieldsV1Error(`expected a JSON object, got ${fields === null ? 'null' : typeof fields}`);
    return readLevel(fields).set ?? new FieldSet();
  }
}

const EMPTY = new FieldSet();

/** A FieldsV1 document that does not parse. */
export class FieldsV1Error extends Error {
  override name = 'FieldsV1Error';
}

// readIterV1: the set found below `obj` (undefined when nothing is) and whether the node itself
// is a member (it has ".", or has nothing below it).
function readLevel(obj: Record<string, unknown>): { set: FieldSet | undefined; isMember: boolean } {
  const members: PathElement[] = [];
  const children: Array<readonly [PathElement, FieldSet]> = [];
  let isMember = false;
  for (const [key, value] of Object.entries(obj)) {
    if (key === '.') { isMember = true; continue; }
    let pe: PathElement;
    try {
      pe = parsePathElement(key);
    } catch (err) {
      if (err instanceof PathElementError && err.unknownType) continue;
      throw new FieldsV1Error(`parsing key as path element: ${(err as Error).message}`);
    }
    if (!isPlainObject(value)) throw new FieldsV1Error(`${key}: expected a JSON object`);
    const below = readLevel(value);
    if (below.isMember) members.push(pe);
    if (below.set !== undefined) children.push([pe, below.set]);
  }
  const found = members.length > 0 || children.length > 0;
  return { set: found ? FieldSet.of(members, children) : undefined, isMember: isMember || !found };
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
