/**
 * The order of a merged list, as apimachinery's strategic merge patch fixes it (patch.go
 * normalizeElementOrder, mergeSortedSlice, partition*; design: "preserve order in strategic merge
 * patch"). Precedence: `$setElementOrder` > order in the patch list > order in the live list.
 *
 * The merged list is split into the items the patch (or `$setElementOrder`) names and the
 * server-only items; each part is sorted by its own reference order, then the server-only items
 * are woven into the patch items: walking both, a server-only item is taken first only when it
 * and the next patch item both appear in the live list and it comes earlier there. So an item
 * new to the live list is emitted as soon as it is reached, and a patch that adds a container
 * without `$setElementOrder` puts it first (the kubectl patch documentation shows this).
 *
 * Items are compared by merge key value (maps) or by value (primitives), with Go's `==`.
 */
import { goEqual, goHashKey, goSprint, goTypeOf, type GoType } from './go-value.ts';
import { errBadArgType, errNoMergeKey, errOther } from './strategic-merge-error.ts';

type JsonMap = Record<string, unknown>;
const MAP: GoType = 'map[string]interface {}';

export const isMap = (v: unknown): v is JsonMap => goTypeOf(v) === MAP;

/** The value an item is compared by: its merge key value for maps (nil when absent), else itself. */
function keyOf(item: unknown, mergeKey: string, kind: GoType): unknown {
  if (kind !== MAP) return item;
  return isMap(item) ? (item[mergeKey] ?? null) : null;
}

/** `index()` of patch.go over one list, answered from a table built once: the first position of a value, or -1. */
class Positions {
  readonly #first = new Map<string, number>();
  readonly #uncomparable = new Set<GoType>();
  constructor(list: readonly unknown[], readonly mergeKey: string, readonly kind: GoType) {
    list.forEach((item, i) => {
      const v = keyOf(item, mergeKey, kind);
      const t = goTypeOf(v);
      if (t === MAP || t === '[]interface {}') this.#uncomparable.add(t);
      else if (!this.#first.has(goHashKey(v))) this.#first.set(goHashKey(v), i);
    });
  }
  of(item: unknown): number {
    const v = keyOf(item, this.mergeKey, this.kind);
    const t = goTypeOf(v);
    if (t === MAP || t === '[]interface {}') {
      if (this.#uncomparable.has(t)) goEqual(v, v); // Go panics comparing two such values
      return -1;
    }
    return this.#first.get(goHashKey(v)) ?? -1;
  }
}

/** findMapInSliceBasedOnKeyValue: the first map whose `key` equals `value`. */
export function findByKey(list: readonly unknown[], key: string, value: unknown): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isMap(item)) throw errOther(`value for key ${i} is not a map`);
    if (Object.hasOwn(item, key) && goEqual(item[key], value)) return i;
  }
  return -1;
}

/** Splits `merged` into items present in `by` (compared by merge key) and the others. */
export function partitionByPresence(merged: readonly unknown[], by: readonly unknown[], mergeKey: string): [unknown[], unknown[]] {
  const present: unknown[] = [];
  const absent: unknown[] = [];
  if (mergeKey === '') {
    const inBy = new Set(by.map(goHashKey));
    for (const v of merged) (inBy.has(goHashKey(v)) ? present : absent).push(v);
    return [present, absent];
  }
  for (const v of merged) {
    if (!isMap(v)) throw errBadArgType(MAP, v);
    if (!Object.hasOwn(v, mergeKey)) throw errNoMergeKey(v, mergeKey);
    (findByKey(by, mergeKey, v[mergeKey]) >= 0 ? present : absent).push(v);
  }
  return [present, absent];
}

/** normalizeElementOrder: sorts `patch` by `patchOrder`, `serverOnly` by `serverOrder`, then weaves them. */
export function normalizeElementOrder(
  patch: readonly unknown[], serverOnly: readonly unknown[],
  orders: { readonly patchOrder: readonly unknown[]; readonly serverOrder: readonly unknown[]; readonly mergeKey: string; readonly kind: GoType },
): unknown[] {
  const { patchOrder, serverOrder, mergeKey, kind } = orders;
  const sortedPatch = normalizeSliceOrder(patch, patchOrder, mergeKey, kind);
  const sortedServer = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSorted(sortedServer, sortedPatch, new Positions(serverOrder, mergeKey, kind));
}

function normalizeSliceOrder(toSort: readonly unknown[], order: readonly unknown[], mergeKey: string, kind: GoType): unknown[] {
  let items = toSort;
  let toDelete: unknown[] = [];
  if (kind === MAP) {
    for (const list of [toSort, order]) {
      for (const item of list) {
        if (!isMap(item)) throw errBadArgType(MAP, item);
        if (!Object.hasOwn(item, mergeKey)) throw errNoMergeKey(item, mergeKey);
      }
    }
    // Items still carrying `$patch: delete` go last, unsorted (extractToDeleteItems).
    items = toSort.filter((item) => (item as JsonMap)['$patch'] !== 'delete');
    toDelete = toSort.filter((item) => (item as JsonMap)['$patch'] === 'delete');
  }
  return [...stableSortByPosition(items, new Positions(order, mergeKey, kind)), ...toDelete];
}

/**
 * sort.SliceStable with Go's comparator: i < j when both are found in the order and i comes
 * first; when either is missing, "less" is true. That is no ordering at all, so the result then
 * depends on the algorithm: insertion sort, which is what Go runs on up to 20 items. Applying a
 * patch never gets there (every item it sorts is found), and with all found any stable sort agrees.
 */
function stableSortByPosition(items: readonly unknown[], order: Positions): unknown[] {
  const keyed = items.map((item) => ({ item, at: order.of(item) }));
  if (keyed.every((k) => k.at >= 0)) return keyed.sort((a, b) => a.at - b.at).map((k) => k.item);
  const less = (a: { at: number }, b: { at: number }) => (a.at >= 0 && b.at >= 0 ? a.at < b.at : true);
  for (let i = 1; i < keyed.length; i++) {
    for (let j = i; j > 0 && less(keyed[j], keyed[j - 1]); j--) [keyed[j], keyed[j - 1]] = [keyed[j - 1], keyed[j]];
  }
  return keyed.map((k) => k.item);
}

/** mergeSortedSlice: weaves `left` (server-only) into `right` (patch items), both already sorted. */
function mergeSorted(left: readonly unknown[], right: readonly unknown[], serverOrder: Positions): unknown[] {
  const out: unknown[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    if (i >= left.length) out.push(right[j++]);
    else if (j >= right.length) out.push(left[i++]);
    else {
      const li = serverOrder.of(left[i]);
      const ri = serverOrder.of(right[j]);
      if (li >= 0 && ri >= 0 && li < ri) out.push(left[i++]);
      else out.push(right[j++]);
    }
  }
  return out;
}

/**
 * validatePatchWithSetOrderList: the patch list's items (less deletions and directive items)
 * must appear in `$setElementOrder` in the same relative order.
 */
export function validateAgainstSetOrder(patchList: readonly unknown[], setOrder: readonly unknown[], mergeKey: string): void {
  if (setOrder.length === 0 || patchList.length === 0) return;
  let items = patchList;
  if (mergeKey !== '') {
    for (const item of patchList) if (!isMap(item)) throw errBadArgType(MAP, item);
    items = patchList.filter((item) => (item as JsonMap)['$patch'] !== 'delete');
  }
  let p = 0;
  let s = 0;
  while (p < items.length && s < setOrder.length) {
    if (isMap(items[p]) && Object.hasOwn(items[p] as JsonMap, '$patch')) {
      p++;
      continue;
    }
    if (mergeKeyValueEqual(items[p], setOrder[s], mergeKey)) p++;
    s++;
  }
  if (p < items.length) {
    throw errOther(`The order in patch list:\n${goSprint(patchList)}\n doesn't match $setElementOrder list:\n${goSprint(setOrder)}\n`);
  }
}

function mergeKeyValueEqual(left: unknown, right: unknown, mergeKey: string): boolean {
  if (mergeKey === '') return goEqual(left, right);
  if (!isMap(left)) throw errBadArgType(MAP, left);
  if (!isMap(right)) throw errBadArgType(MAP, right);
  if (!Object.hasOwn(left, mergeKey)) throw errNoMergeKey(left, mergeKey);
  if (!Object.hasOwn(right, mergeKey)) throw errNoMergeKey(right, mergeKey);
  return goEqual(left[mergeKey], right[mergeKey]);
}
