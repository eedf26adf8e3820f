/**
 * Removing a set of paths from a typed value (structured-merge-diff typed/remove.go,
 * TypedValue.RemoveItems): a path in the set removes that field, map key or list item with
 * everything below it; a path's children in the set only reach inside it.
 *
 * Upstream leaves a null where a map or list became empty and converting to a typed object then
 * drops it; here the emptied member is dropped directly (returned as undefined).
 */
import type { FieldSet } from './field-set.ts';
import { fieldElement } from './path-element.ts';
import { isMap, listItemElement } from './typed-fields.ts';
import { atomOf, rootType, type TypeRef } from './typed-schema.ts';
import { setOwn } from './values.ts';
import type { SchemaNode } from '../schema.ts';

/** `value` without the paths of `toRemove`; undefined when nothing is left of it. */
export function removeItems(value: unknown, toRemove: FieldSet, schema: SchemaNode | undefined): unknown {
  return remove(value, toRemove, rootType(schema));
}

function remove(value: unknown, toRemove: FieldSet, type: TypeRef): unknown {
  if (toRemove.isEmpty()) return value;
  const atom = atomOf(type, value);
  switch (atom.kind) {
    case 'scalar': return value;
    case 'list': {
      if (!Array.isArray(value) || value.length === 0 || atom.atomic) return value;
      const out: unknown[] = [];
      for (const item of value) {
        const pe = listItemElement(atom, item);
        if (toRemove.hasMember(pe)) continue;
        const below = toRemove.withPrefix(pe);
        out.push(below.isEmpty() ? item : remove(item, below, atom.item) ?? {});
      }
      return out.length > 0 ? out : undefined;
    }
    case 'map': {
      if (!isMap(value) || atom.atomic) return value;
      const out: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(value)) {
        const pe = fieldElement(key);
        if (toRemove.hasMember(pe)) continue;
        const below = toRemove.withPrefix(pe);
        const kept = below.isEmpty() ? child : remove(child, below, atom.field(key) ?? 'deduced');
        if (kept !== undefined) setOwn(out, key, kept);
      }
      return Object.keys(out).length > 0 ? out : undefined;
    }
  }
}
