/**
 * The field set of a typed value (structured-merge-diff typed/tofieldset.go): every path that the
 * value sets, as an applier comes to own them.
 *
 * - a scalar, an atomic list or an atomic map is one leaf: its own path;
 * - a struct contributes its fields' paths; a field is itself a member only when its value is
 *   null or an empty object, or when the struct does not declare it;
 * - a map (labels, resource lists) contributes every key as a member, plus what lies below;
 * - an associative list contributes each item (`k:{...}` by its key fields, or `v:<value>` for a
 *   set) as a member, plus the item's own fields; duplicated items are owned whole.
 *
 * Also here: the list item → path element mapping, schema validation of an applied object
 * (typed/validate.go) and EnsureNamedFieldsAreMembers, all walkers over the same atoms.
 */
import { FieldSet } from './field-set.ts';
import { fieldElement, keyElement, pathElementString, valueElement, type KeyField, type PathElement } from './path-element.ts';
import { atomOf, rootType, type Atom, type TypeRef } from './typed-schema.ts';
import type { SchemaNode } from '../schema.ts';

type ListAtom = Extract<Atom, { kind: 'list' }>;

/** The paths `value` sets, against `schema` (undefined: free-form, as a CR without schema). */
export function fieldSetOf(value: unknown, schema: SchemaNode | undefined): FieldSet {
  const set = new FieldSet();
  collect(value, rootType(schema), [], set);
  return set;
}

function collect(value: unknown, type: TypeRef, path: PathElement[], set: FieldSet): void {
  const atom = atomOf(type, value);
  switch (atom.kind) {
    case 'scalar': set.insert(path); return;
    case 'list': {
      if (atom.atomic) { set.insert(path); return; }
      if (!Array.isArray(value)) return;
      const seen = new Set<string>();
      const duplicates = new Set<string>();
      const elements: PathElement[] = [];
      for (const item of value) {
        const pe = listItemElement(atom, item);
        elements.push(pe);
        if (!seen.has(pe.id)) seen.add(pe.id);
        else if (!duplicates.has(pe.id)) { duplicates.add(pe.id); set.insert([...path, pe]); }
      }
      for (let i = 0; i < value.length; i++) {
        const pe = elements[i]!;
        if (duplicates.has(pe.id)) continue;
        path.push(pe);
        collect(value[i], atom.item, path, set);
        set.insert(path);
        path.pop();
      }
      return;
    }
    case 'map': {
      if (atom.atomic) { set.insert(path); return; }
      if (!isMap(value)) return;
      for (const [key, child] of Object.entries(value)) {
        if (child === undefined) continue;
        path.push(fieldElement(key));
        collect(child, atom.field(key) ?? 'deduced', path, set);
        if (child === null || (isMap(child) && Object.keys(child).length === 0) || !atom.isField(key)) set.insert(path);
        path.pop();
      }
      return;
    }
  }
}

/** A list item that cannot be addressed (typed/helpers.go listItemToPathElement errors). */
export class ListItemError extends Error {
  override name = 'ListItemError';
}

/**
 * The path element of an associative list's item: `k:` of its key fields (a missing key field
 * takes its schema default), or `v:` of a set's scalar item.
 */
export function listItemElement(atom: ListAtom, item: unknown): PathElement {
  if (atom.keys.length > 0) {
    if (item === null) throw new ListItemError('associative list with keys may not have a null element');
    if (!isMap(item)) throw new ListItemError('associative list with keys may not have non-map elements');
    const fields: KeyField[] = [];
    for (const name of atom.keys) {
      if (Object.hasOwn(item, name)) fields.push({ name, value: item[name] as KeyField['value'] });
      else if (Object.hasOwn(atom.keyDefaults, name)) fields.push({ name, value: atom.keyDefaults[name] as KeyField['value'] });
    }
    if (fields.length === 0) {
      throw new ListItemError(`associative list with keys has an element that omits all key fields [${atom.keys.map((k) => JSON.stringify(k)).join(' ')}] (and doesn't have default values for any key fields)`);
    }
    return keyElement(fields);
  }
  if (isMap(item)) throw new ListItemError("associative list without keys has an element that's a map type");
  if (Array.isArray(item)) throw new ListItemError('not supported: associative list with lists as elements');
  if (item === null || item === undefined) throw new ListItemError("associative list without keys has an element that's an explicit null");
  return valueElement(item as KeyField['value']);
}

/**
 * Schema errors of a value, each `<path>: <message>` as typed/validate.go words them
 * (`.spec.foo: field not declared in schema`, `.spec.replicas: expected numeric (int or float),
 * got string`, `.spec.ports: duplicate entries for key [port=80,protocol="TCP"]`).
 */
export function validateTyped(value: unknown, schema: SchemaNode | undefined, options: { allowDuplicates?: boolean } = {}): string[] {
  const errors: string[] = [];
  validate(value, rootType(schema), '', errors, options.allowDuplicates === true);
  return errors;
}

function validate(value: unknown, type: TypeRef, at: string, errors: string[], allowDuplicates: boolean): void {
  const atom = atomOf(type, value);
  switch (atom.kind) {
    case 'scalar': {
      const message = scalarError(atom.scalar, value);
      if (message !== undefined) fail(errors, at, message);
      return;
    }
    case 'list': {
      if (value === null) return;
      if (!Array.isArray(value)) { fail(errors, at, `expected list, got ${describe(value)}`); return; }
      const seen = new Set<string>();
      for (let i = 0; i < value.length; i++) {
        let pe: PathElement | undefined;
        if (!atom.atomic) {
          try {
            pe = listItemElement(atom, value[i]);
          } catch (err) {
            fail(errors, at, `element ${i}: ${(err as Error).message}`);
            return;
          }
          if (seen.has(pe.id) && !allowDuplicates) fail(errors, at, `duplicate entries for key ${pathElementString(pe)}`);
          seen.add(pe.id);
        }
        validate(value[i], atom.item, `${at}${pe === undefined ? `[${i}]` : pathElementString(pe)}`, errors, allowDuplicates);
      }
      return;
    }
    case 'map': {
      if (value === null) return;
      if (!isMap(value)) { fail(errors, at, `expected map, got ${describe(value)}`); return; }
      for (const key in value) {
        const child = value[key];
        if (child === undefined || !Object.hasOwn(value, key)) continue;
        const childType = atom.field(key);
        if (childType === undefined) { errors.push(`${at}.${key}: field not declared in schema`); return; }
        validate(child, childType, `${at}.${key}`, errors, allowDuplicates);
      }
      return;
    }
  }
}

function fail(errors: string[], at: string, message: string): void {
  errors.push(at === '' ? message : `${at}: ${message}`);
}

// validateScalar; null is valid everywhere.
function scalarError(scalar: string, v: unknown): string | undefined {
  if (v === null || v === undefined) return undefined;
  switch (scalar) {
    case 'numeric': return typeof v === 'number' ? undefined : `expected numeric (int or float), got ${goTypeName(v)}`;
    case 'string': return typeof v === 'string' ? undefined : `expected string, got ${describe(v)}`;
    case 'boolean': return typeof v === 'boolean' ? undefined : `expected boolean, got ${describe(v)}`;
    default: return typeof v === 'object' ? `expected any scalar, got ${describe(v)}` : undefined;
  }
}

function goTypeName(v: unknown): string {
  if (Array.isArray(v)) return '[]interface {}';
  if (typeof v === 'object') return 'map[string]interface {}';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  return typeof v === 'boolean' ? 'bool' : 'string';
}

function describe(v: unknown): string {
  return JSON.stringify(v) ?? String(v);
}

/**
 * Set.EnsureNamedFieldsAreMembers: makes every struct field that has children in `set` a member
 * too, so that removing the set removes the field itself and not only what lies below it.
 */
export function ensureNamedFieldsAreMembers(set: FieldSet, schema: SchemaNode | undefined): FieldSet {
  return ensureNamed(set, rootType(schema));
}

function ensureNamed(set: FieldSet, type: TypeRef | undefined): FieldSet {
  const atom = type === undefined ? undefined : atomOf(type, type === 'deduced' || type === 'untyped-atomic' ? {} : undefined);
  const members = [...set.members()];
  const children: Array<readonly [PathElement, FieldSet]> = [];
  for (const [pe, child] of set.children()) {
    let childType: TypeRef | undefined;
    if (pe.kind === 'field' && atom?.kind === 'map') {
      childType = atom.field(pe.name);
      if (atom.isField(pe.name) && !set.hasMember(pe)) members.push(pe);
    } else if (pe.kind === 'key' && atom?.kind === 'list') {
      childType = atom.item;
    }
    children.push([pe, ensureNamed(child, childType)]);
  }
  return FieldSet.of(members, children);
}

export function isMap(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
