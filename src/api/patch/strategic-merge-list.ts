/**
 * Lists in a strategic merge patch, as apimachinery's strategicpatch (patch.go mergeSliceHandler,
 * mergeSlice, mergeSliceWithSpecialElements, mergePatchIntoOriginal) merges them:
 * - a field whose patch strategy is not `merge` takes the patch list as is (atomic lists:
 *   tolerations, args, command);
 * - a merge list of primitives (finalizers) is the union of both, deduplicated;
 * - a merge list of maps (containers by name, ports by containerPort, env by name) first drops
 *   the live items that a `{<key>: v, $patch: delete}` item names, or takes only the patch items
 *   when one item is `{$patch: replace}`; then each patch item is merged into the live item with
 *   the same merge key value, or appended; items without the merge key are an error;
 * - `$deleteFromPrimitiveList/<field>` removes values from a list of primitives, whatever its strategy;
 * - then element-order.ts orders the result, `$setElementOrder/<field>` first if given.
 */
import type { SchemaNode } from '../schema.ts';
import { goTypeOf, GoPanic, goSprint, type GoType } from './go-value.ts';
import { lookupForSlice, mainStrategy, goKind } from './patch-meta.ts';
import { findByKey, normalizeElementOrder, partitionByPresence, validateAgainstSetOrder } from './element-order.ts';
import { DELETE_DIRECTIVE, DIRECTIVE_MARKER, MERGE_DIRECTIVE, REPLACE_DIRECTIVE, SET_ELEMENT_ORDER_PREFIX, extractKey, removeDirectives, setField } from './directives.ts';
import { errBadArgType, errBadPatchType, errNoListOfLists, errNoMergeKey, errOther } from './strategic-merge-error.ts';

type JsonMap = Record<string, unknown>;
const SLICE: GoType = '[]interface {}';

/** How two maps are merged: mergeMap of strategic-merge-patch.ts, passed in to keep the modules acyclic. */
export type MergeMap = (original: JsonMap, patch: JsonMap, schema: SchemaNode) => JsonMap;

export interface ListField {
  /** The schema of the list's items. */
  readonly items: SchemaNode;
  /** The patch strategy without retainKeys: 'merge', 'replace' or ''. */
  readonly strategy: string;
  readonly mergeKey: string;
  /** True for the values of a `$deleteFromPrimitiveList/<field>` directive. */
  readonly isDeleteList: boolean;
}

/** mergeSliceHandler: merges the patch list of one field into the live list. */
export function mergeListField(original: unknown, patch: unknown, field: ListField, mergeMap: MergeMap): unknown[] {
  if (!Array.isArray(original)) throw errBadArgType(SLICE, original);
  if (!Array.isArray(patch)) throw errBadArgType(SLICE, patch);
  if (field.strategy === MERGE_DIRECTIVE || field.isDeleteList) return mergeList(original, patch, field, mergeMap);
  return patch;
}

function mergeList(original: unknown[], patch: unknown[], field: ListField, mergeMap: MergeMap): unknown[] {
  if (original.length === 0 && patch.length === 0) return original;
  const kind = sliceElementType([original, patch]);
  const { mergeKey } = field;
  let merged: unknown[];
  if (kind !== 'map[string]interface {}') {
    if (field.isDeleteList) return deleteFromSlice(original, patch);
    merged = deduplicateScalars([...original, ...patch]);
  } else {
    if (mergeKey === '') throw errOther(`cannot merge lists without merge key for ${goKind(field.items)}`);
    [original, patch] = applySpecialElements(original, patch, mergeKey);
    merged = mergeByKey(original, patch, field, mergeMap);
  }
  const [patchItems, serverOnly] = partitionByPresence(merged, patch, mergeKey);
  return normalizeElementOrder(patchItems, serverOnly, { patchOrder: patch, serverOrder: original, mergeKey, kind });
}

/** sliceElementType: the one Go type of every item of the lists; lists of lists are a 422. */
function sliceElementType(lists: readonly (readonly unknown[])[]): GoType {
  let type: GoType | undefined;
  for (const list of lists) {
    for (const item of list) {
      const t = goTypeOf(item);
      if (type === undefined) {
        // reflect.TypeOf(nil).Kind() dereferences a nil Type.
        if (t === '<nil>') throw new GoPanic('runtime error: invalid memory address or nil pointer dereference');
        if (t === SLICE) throw errNoListOfLists();
        type = t;
      } else if (t !== type) {
        throw errOther(`list element types are not identical: ${goSprint(lists)}`);
      }
    }
  }
  if (type === undefined) throw errOther('no elements in any of the given slices');
  return type;
}

/** deduplicateScalars, including its order (each duplicate is overwritten by the current last item). */
function deduplicateScalars(s: unknown[]): unknown[] {
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (s[i] === s[j] && goTypeOf(s[i]) === goTypeOf(s[j])) {
        s[j] = s[last];
        s.length = last;
        last--;
        j--;
      }
    }
  }
  return s;
}

function deleteFromSlice(current: readonly unknown[], toDelete: readonly unknown[]): unknown[] {
  return current.filter((v) => !toDelete.some((d) => d === v && goTypeOf(d) === goTypeOf(v)));
}

/**
 * mergeSliceWithSpecialElements: applies `$patch: delete` items to the live list and returns
 * [live list, patch items]; with a `$patch: replace` item, [patch items, nothing to merge].
 */
function applySpecialElements(original: unknown[], patch: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  const plain: unknown[] = [];
  let replace = false;
  for (const v of patch) {
    const item = v as JsonMap;
    if (!Object.hasOwn(item, DIRECTIVE_MARKER)) {
      plain.push(item);
      continue;
    }
    const directive = item[DIRECTIVE_MARKER];
    if (directive === DELETE_DIRECTIVE) {
      if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      for (let at = findByKey(original, mergeKey, item[mergeKey]); at >= 0; at = findByKey(original, mergeKey, item[mergeKey])) {
        original = [...original.slice(0, at), ...original.slice(at + 1)];
      }
    } else if (directive === REPLACE_DIRECTIVE) {
      replace = true; // other $patch items are still pruned
    } else if (directive === MERGE_DIRECTIVE) {
      throw errOther('merging lists cannot yet be specified in the patch');
    } else {
      throw errBadPatchType(directive, item);
    }
  }
  return replace ? [plain, []] : [original, plain];
}

/**
 * mergeSliceWithoutSpecialElements: each patch item merges into the first live item with its
 * merge key value, or is appended as sent. Merged items replace live ones in place, so the live
 * list, which then orders the server-only items, sees them, but not the appended ones (as Go's
 * shared backing array does).
 */
function mergeByKey(original: unknown[], patch: readonly unknown[], field: ListField, mergeMap: MergeMap): unknown[] {
  const appended: unknown[] = [];
  for (const v of patch) {
    const item = v as JsonMap;
    if (!Object.hasOwn(item, field.mergeKey)) throw errNoMergeKey(item, field.mergeKey);
    const value = item[field.mergeKey];
    // Go searches the list as it grows, so a later patch item also merges into an appended one.
    const at = findByKey(original, field.mergeKey, value);
    const atAppended = at >= 0 ? -1 : findByKey(appended, field.mergeKey, value);
    if (at >= 0) original[at] = mergeMap(original[at] as JsonMap, item, field.items);
    else if (atAppended >= 0) appended[atAppended] = mergeMap(appended[atAppended] as JsonMap, item, field.items);
    else appended.push(item);
  }
  return [...original, ...appended];
}

/**
 * mergePatchIntoOriginal: for each `$setElementOrder/<field>` of `patch`, merges `<field>` into
 * `original` and orders the result by the directive, then by the live list; both keys leave the
 * patch. Items of the result that the directive names come in its order; the others (server-only)
 * keep their live order and are woven in by their live position.
 */
export function applySetElementOrder(original: JsonMap, patch: JsonMap, schema: SchemaNode, mergeMap: MergeMap): void {
  for (const key of Object.keys(patch)) {
    if (!key.startsWith(SET_ELEMENT_ORDER_PREFIX) || !Object.hasOwn(patch, key)) continue;
    const setOrder = patch[key];
    delete patch[key];
    if (!Array.isArray(setOrder)) throw errBadArgType(SLICE, setOrder);
    const field = extractKey(key, SET_ELEMENT_ORDER_PREFIX);
    const foundOriginal = Object.hasOwn(original, field);
    const foundPatch = Object.hasOwn(patch, field);
    const originalList = foundOriginal ? original[field] : [];
    const patchList = foundPatch ? patch[field] : [];
    if (!Array.isArray(originalList)) throw errBadArgType(SLICE, originalList);
    if (!Array.isArray(patchList)) throw errBadArgType(SLICE, patchList);
    const { schema: items, meta } = lookupForSlice(schema, field);
    const strategy = mainStrategy(meta.strategies);
    validateAgainstSetOrder(patchList, setOrder, meta.mergeKey);

    let merged: unknown[];
    if (foundOriginal && !foundPatch) merged = originalList;
    else if (!foundOriginal && foundPatch) merged = removeDirectives(patchList).value as unknown[];
    else if (foundOriginal && foundPatch) merged = mergeListField(originalList, patchList, { items, strategy, mergeKey: meta.mergeKey, isDeleteList: false }, mergeMap);
    else continue;

    const [named, serverOnly] = partitionByPresence(merged, setOrder, meta.mergeKey);
    const kind = sliceElementType([originalList, patchList]);
    setField(original, field, normalizeElementOrder(named, serverOnly, { patchOrder: setOrder, serverOrder: originalList, mergeKey: meta.mergeKey, kind }));
    delete patch[field];
  }
}
