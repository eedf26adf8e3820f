/**
 * Identity is injected (STYLE.md §9): object uids and generated names come from an IdSource so
 * tests can make them deterministic.
 */
import { randomUUID, randomInt } from 'node:crypto';

export interface IdSource {
  /** A new RFC 4122 v4 uid. */
  uid(): string;
  /** n characters from Kubernetes' generateName alphabet. */
  suffix(n: number): string;
}

/**
 * as apimachinery's rand.String: consonants and digits without vowels and look-alikes, so generated
 * names never spell words ("bcdfghjklmnpqrstvwxz2456789").
 */
export const NAME_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

export const randomIds: IdSource = {
  uid: () => randomUUID(),
  suffix(n) {
    let s = '';
    for (let i = 0; i < n; i++) s += NAME_ALPHABET[randomInt(NAME_ALPHABET.length)];
    return s;
  },
};

/** Deterministic ids for tests: uids count up, suffixes cycle through the alphabet. */
export function sequentialIds(): IdSource {
  let n = 0;
  return {
    uid: () => `00000000-0000-4000-8000-${(++n).toString(16).padStart(12, '0')}`,
    suffix: (len) => {
      let v = ++n; let s = '';
      for (let i = 0; i < len; i++) { s += NAME_ALPHABET[v % NAME_ALPHABET.length]; v = Math.floor(v / NAME_ALPHABET.length); }
      return s;
    },
  };
}
