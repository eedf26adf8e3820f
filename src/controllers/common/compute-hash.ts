/**
 * The `pod-template-hash` label value and the names built from it (`<deployment>-<hash>`), as
 * kube-controller-manager's controller.ComputeHash makes them: FNV-32a over the pod template,
 * then over the collision count (when there is one) as 8 bytes holding a little-endian uint32,
 * the 32-bit sum printed in decimal and each digit mapped through apimachinery's
 * rand.SafeEncodeString alphabet, so the result never spells words ("5869d7778c").
 *
 * Difference from kube: kube feeds FNV with a go-spew dump of the Go struct; there is no Go struct
 * here, so the template is fed as canonical JSON (keys sorted, nulls dropped). Values therefore
 * differ from a real cluster's, but have the same alphabet, length range and properties: equal
 * templates hash equally, a different collisionCount gives a different hash.
 * StatefulSet and DaemonSet ControllerRevisions reuse {@link computeHash} the same way.
 */
import { NAME_ALPHABET } from '../../util/ids.ts';

const FNV32_OFFSET = 0x811c9dc5;
const FNV32_PRIME = 0x01000193;

/** FNV-1a, 32 bits (Go's hash/fnv New32a); pass the previous sum to continue hashing. */
export function fnv32a(bytes: Uint8Array, seed = FNV32_OFFSET): number {
  let h = seed >>> 0;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, FNV32_PRIME) >>> 0;
  }
  return h >>> 0;
}

/** rand.SafeEncodeString: each character replaced by the alphabet letter at (code point mod 27). */
export function safeEncodeString(s: string): string {
  let out = '';
  for (const ch of s) out += NAME_ALPHABET[ch.codePointAt(0)! % NAME_ALPHABET.length];
  return out;
}

/** JSON with object keys sorted and null members dropped, so equal templates give equal bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== null && v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * controller.ComputeHash(template, collisionCount): the safe-encoded decimal FNV-32a sum of the
 * template followed, when collisionCount is set, by its 8-byte little-endian encoding.
 */
export function computeHash(template: unknown, collisionCount?: number | null): string {
  let sum = fnv32a(new TextEncoder().encode(canonicalJson(template)));
  if (collisionCount !== undefined && collisionCount !== null) {
    const bytes = new Uint8Array(8);
    new DataView(bytes.buffer).setUint32(0, collisionCount >>> 0, true);
    sum = fnv32a(bytes, sum);
  }
  return safeEncodeString(String(sum));
}
