import { compareKeys } from '../key-range.ts';

/** Chunks split in two above this size; insert and delete move at most this many pointers. */
const MAX_CHUNK = 512;

/**
 * A sorted set of keys (etcd key order, see `compareKeys`): a list of sorted chunks, the leaf
 * level of a B+-tree. Insert and delete cost O(log n + MAX_CHUNK); a range scan starts with two
 * binary searches and then walks the chunks; counting a range costs O(n / MAX_CHUNK).
 * It keeps the memory driver's list at the current revision cheap with 30,000+ keys, where one
 * flat sorted array would move half of its elements on every insert.
 */
export class SortedKeys {
  #chunks: string[][] = [];
  #size = 0;

  get size(): number {
    return this.#size;
  }

  /** Adds key; false if it was already present. */
  insert(key: string): boolean {
    if (this.#chunks.length === 0) {
      this.#chunks.push([key]);
      this.#size = 1;
      return true;
    }
    const c = Math.min(this.#chunkFor(key), this.#chunks.length - 1);
    const chunk = this.#chunks[c];
    const i = lowerBound(chunk, key);
    if (i < chunk.length && chunk[i] === key) return false;
    chunk.splice(i, 0, key);
    this.#size++;
    if (chunk.length > MAX_CHUNK) this.#chunks.splice(c + 1, 0, chunk.splice(chunk.length >> 1));
    return true;
  }

  /** Removes key; false if it was absent. */
  delete(key: string): boolean {
    const c = this.#chunkFor(key);
    if (c === this.#chunks.length) return false;
    const chunk = this.#chunks[c];
    const i = lowerBound(chunk, key);
    if (i === chunk.length || chunk[i] !== key) return false;
    chunk.splice(i, 1);
    this.#size--;
    if (chunk.length === 0) this.#chunks.splice(c, 1);
    return true;
  }

  has(key: string): boolean {
    const c = this.#chunkFor(key);
    if (c === this.#chunks.length) return false;
    const chunk = this.#chunks[c];
    return chunk[lowerBound(chunk, key)] === key;
  }

  /**
   * Calls visit with each key >= from (> from when exclusive) in order, until visit returns false.
   */
  scan(from: string, exclusive: boolean, visit: (key: string) => boolean): void {
    let c = this.#chunkFor(from);
    if (c === this.#chunks.length) return;
    let i = lowerBound(this.#chunks[c], from);
    if (exclusive && this.#chunks[c][i] === from) i++;
    for (; c < this.#chunks.length; c++, i = 0) {
      const chunk = this.#chunks[c];
      for (; i < chunk.length; i++) if (!visit(chunk[i])) return;
    }
  }

  /** The number of keys k with from <= k < to (to undefined: no upper bound). */
  countRange(from: string, to: string | undefined): number {
    return (to === undefined ? this.#size : this.#rank(to)) - this.#rank(from);
  }

  /** The number of keys < key. */
  #rank(key: string): number {
    const c = this.#chunkFor(key);
    let n = 0;
    for (let j = 0; j < c; j++) n += this.#chunks[j].length;
    return c === this.#chunks.length ? n : n + lowerBound(this.#chunks[c], key);
  }

  /** Index of the first chunk whose last key is >= key (chunks.length if none). */
  #chunkFor(key: string): number {
    let lo = 0;
    let hi = this.#chunks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const chunk = this.#chunks[mid];
      if (compareKeys(chunk[chunk.length - 1], key) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

/** Index of the first element >= key. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(sorted[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
