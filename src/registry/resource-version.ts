import { badRequest } from '../api/status.ts';

/** Parses a resourceVersion query value; kube answers 400 for a non-integer. */
export function parseResourceVersion(rv: string): number {
  const n = Number(rv);
  if (!Number.isSafeInteger(n) || n < 0) throw badRequest(`Invalid value: "${rv}": strconv.ParseUint: parsing "${rv}": invalid syntax`);
  return n;
}
