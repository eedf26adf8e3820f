/**
 * JSON patch (RFC 6902, `application/json-patch+json`) as kube-apiserver applies it: with
 * gopkg.in/evanphx/json-patch.v4 (v4.12), from the patch handler
 * (k8s.io/apiserver/pkg/endpoints/handlers/patch.go, jsonPatcher.applyJSPatch).
 *
 * Failures, as kube-apiserver reports them:
 * - a body that is not a list of operations: 400 BadRequest with Go's decode error (a body that
 *   is not JSON at all is the caller's 400, raised while decoding it);
 * - more than 10000 operations: 413 RequestEntityTooLarge;
 * - an operation that cannot apply (unknown op, missing path, failed `test`): 422 Invalid with
 *   the generic message "the server rejected our request due to an error in our request" and no
 *   causes. Kubernetes drops the reason (NewGenericServerResponse); it is kept here as `cause`.
 *
 * The evanphx behaviours a plain RFC 6902 library lacks are reproduced: negative array indices
 * count from the end, a missing `value` is null, and `test` of null passes on a missing key.
 * The root path "" (and any path without a leading "/") is refused, as evanphx refuses it.
 */
import jsonpatch from 'fast-json-patch';
import type { JsonValue } from '../object.ts';
import { StatusError, badRequest, requestEntityTooLarge } from '../status.ts';
import { jsonEqual } from './merge-patch.ts';

/** One operation as decoded: an object of raw members (evanphx Operation is map[string]*RawMessage). */
export type JsonPatchOperation = { readonly [member: string]: JsonValue } | null;

/** kube-apiserver's maxJSONPatchOperations. */
export const MAX_JSON_PATCH_OPERATIONS = 10000;

const OPS = new Set(['add', 'remove', 'replace', 'move', 'copy', 'test']);

/**
 * Checks that a decoded body is a list of operations (objects or null), as decoding it into
 * evanphx's Patch type does; `null` is an empty patch, as in Go. 400 or 413 otherwise.
 */
export function decodeJsonPatch(patch: unknown): JsonPatchOperation[] {
  if (patch === null || patch === undefined) return [];
  if (!Array.isArray(patch)) throw badRequest(`json: cannot unmarshal ${goJsonType(patch)} into Go value of type jsonpatch.Patch`);
  for (const op of patch) {
    if (op !== null && (typeof op !== 'object' || Array.isArray(op))) {
      throw badRequest(`json: cannot unmarshal ${goJsonType(op)} into Go value of type jsonpatch.Operation`);
    }
  }
  if (patch.length > MAX_JSON_PATCH_OPERATIONS) {
    throw requestEntityTooLarge(`The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`);
  }
  return patch as JsonPatchOperation[];
}

/**
 * Applies a decoded JSON patch body (the parsed request JSON) to a deep copy of `original`, a
 * decoded JSON document such as a KubeObject. Throws the 400, 413 or 422 described above.
 */
export function applyJsonPatch(original: unknown, patch: unknown): JsonValue {
  return applyJsonPatchOperations(original, decodeJsonPatch(patch));
}

/** Applies operations, in order, to a deep copy of `original`; throws the 422 on the first failure. */
export function applyJsonPatchOperations(original: unknown, operations: readonly JsonPatchOperation[]): JsonValue {
  let doc = structuredClone(original) as JsonValue;
  operations.forEach((raw, index) => {
    try {
      doc = applyOne(doc, raw);
    } catch (e) {
      if (e instanceof StatusError) throw e;
      // fast-json-patch appends the operation and the whole document on further lines
      throw patchCannotApply(`operation ${index}: ${String((e as Error).message).split('\n')[0]}`);
    }
  });
  return doc;
}

class OperationError extends Error {}

function applyOne(doc: JsonValue, raw: JsonPatchOperation): JsonValue {
  const op = raw?.op;
  if (typeof op !== 'string' || !OPS.has(op)) throw new OperationError(`Unexpected kind: ${typeof op === 'string' ? op : 'unknown'}`);
  const path = raw?.path;
  if (typeof path !== 'string') throw new OperationError('operation missing path field');
  // evanphx finds no parent for "" (the root) and for paths without a leading "/"
  if (!path.startsWith('/')) throw new OperationError(`${op} operation does not apply: doc is missing path: "${path}"`);
  const hasValue = raw !== null && Object.hasOwn(raw, 'value');
  const value = hasValue ? raw.value : null;

  if (op === 'test') {
    testOperation(doc, path, hasValue ? value : undefined);
    return doc;
  }
  const operation: Record<string, JsonValue> = { op, path: resolveIndices(doc, path, op === 'add') };
  if (op === 'add' || op === 'replace') operation.value = structuredClone(value);
  if (op === 'move' || op === 'copy') {
    const from = raw?.from;
    if (typeof from !== 'string') throw new OperationError(`${op} operation missing from field`);
    if (!from.startsWith('/')) throw new OperationError(`${op} operation does not apply: doc is missing from path: "${from}"`);
    operation.from = resolveIndices(doc, from, false);
  }
  // mutates `doc`, which is our own copy
  return jsonpatch.applyOperation(doc, operation as unknown as jsonpatch.Operation, true, true, true).newDocument;
}

/**
 * evanphx test: the parent must exist; a missing or null member of an object equals only a null
 * (or absent) `value`; otherwise the values must be deeply equal.
 */
function testOperation(doc: JsonValue, path: string, expected: JsonValue | undefined): void {
  const tokens = pointerTokens(resolveIndices(doc, path, false));
  let parent: JsonValue = doc;
  for (const t of tokens.slice(0, -1)) {
    const next = child(parent, t);
    if (next === undefined) throw new OperationError(`test operation does not apply: is missing path: ${path}`);
    parent = next;
  }
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent) && child(parent, last) === undefined) throw new OperationError(`Unable to access invalid index: ${last}`);
  if (parent === null || typeof parent !== 'object') throw new OperationError(`test operation does not apply: is missing path: ${path}`);
  const actual = child(parent, last) ?? null;
  if (actual === null ? expected === undefined || expected === null : expected !== undefined && jsonEqual(actual, expected)) return;
  throw new OperationError(`testing value ${path} failed`);
}

/**
 * Rewrites array indices the way evanphx reads them (strconv.Atoi: "+1", "01"; negative counts
 * from the end, and for the last token of an `add` from one past the end), walking `doc`.
 */
function resolveIndices(doc: JsonValue, pointer: string, forAdd: boolean): string {
  if (!pointer.startsWith('/')) return pointer;
  const tokens = pointerTokens(pointer);
  let node: JsonValue | undefined = doc;
  tokens.forEach((t, i) => {
    if (Array.isArray(node) && /^[+-]?[0-9]+$/.test(t)) {
      let idx = Number(t);
      if (idx < 0) {
        const len = node.length + (forAdd && i === tokens.length - 1 ? 1 : 0);
        if (idx >= -len) idx += len;
      }
      tokens[i] = String(idx);
    }
    node = node === undefined ? undefined : child(node, tokens[i]);
  });
  return `/${tokens.map((t) => t.replaceAll('~', '~0').replaceAll('/', '~1')).join('/')}`;
}

function pointerTokens(pointer: string): string[] {
  return pointer.slice(1).split('/').map((t) => t.replaceAll('~1', '/').replaceAll('~0', '~'));
}

function child(node: JsonValue, token: string): JsonValue | undefined {
  if (Array.isArray(node)) return /^[0-9]+$/.test(token) ? node[Number(token)] : undefined;
  if (node !== null && typeof node === 'object' && Object.hasOwn(node, token)) return node[token];
  return undefined;
}

/** The type word encoding/json uses in UnmarshalTypeError. */
function goJsonType(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  if (typeof v === 'boolean') return 'bool';
  return typeof v; // "string" | "number"
}

/**
 * errors.NewGenericServerResponse(422, ...) as patch.go builds it: reason Invalid, a fixed
 * message, empty details. status.ts has no constructor for this generic form.
 */
function patchCannotApply(reason: string): StatusError {
  const err = new StatusError({
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure',
    message: 'the server rejected our request due to an error in our request', reason: 'Invalid', details: {}, code: 422,
  });
  Object.defineProperty(err, 'cause', { value: new OperationError(reason), enumerable: false });
  return err;
}
