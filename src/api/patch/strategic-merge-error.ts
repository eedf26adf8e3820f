/**
 * Failures of a strategic merge patch, with the wording of k8s.io/apimachinery/pkg/util/mergepatch
 * (errors.go) and the HTTP answer kube-apiserver gives for each
 * (apiserver/pkg/endpoints/handlers/patch.go interpretStrategicMergePatchError):
 * - 400 BadRequest: invalid JSON document, bad $deleteFromPrimitiveList / $retainKeys /
 *   $setElementOrder format, strategic merge patch unsupported for the kind;
 * - 422 Invalid: lists of lists (NewGenericServerResponse(422), which keeps only its own message);
 * - 500 with an empty reason and the bare message: everything else (a missing merge key, a type
 *   mismatch, an unknown field), because the handler passes a plain Go error through and
 *   ErrorToAPIStatus makes it a 500 "StatusReasonUnknown".
 */
import { StatusError, badRequest, type Status } from '../status.ts';
import { GoPanic, goSprint, goTypeOf } from './go-value.ts';

export type StrategicMergeErrorCode = 400 | 422 | 500;

export class StrategicMergeError extends Error {
  override name = 'StrategicMergeError';
  constructor(readonly code: StrategicMergeErrorCode, message: string) { super(message); }
}

const fail = (code: StrategicMergeErrorCode, message: string) => new StrategicMergeError(code, message);

export const errBadJSONDoc = () => fail(400, 'invalid JSON document');
export const errNoListOfLists = () => fail(422, 'lists of lists are not supported');
export const errBadPatchFormatForPrimitiveList = () => fail(400, 'invalid patch format of primitive list');
export const errBadPatchFormatForRetainKeys = () => fail(400, 'invalid patch format of retainKeys');
export const errBadPatchFormatForSetElementOrderList = () => fail(400, 'invalid patch format of setElementOrder list');
export const errUnsupportedStrategicMergePatchFormat = () => fail(400, 'strategic merge patch format is not supported');

export const errNoMergeKey = (m: unknown, key: string) => fail(500, `map: ${goSprint(m)} does not contain declared merge key: ${key}`);
/** `expected` names the Go type the code asserted, e.g. '[]interface {}'. */
export const errBadArgType = (expected: string, actual: unknown) => fail(500, `expected a ${expected}, but received a ${goTypeOf(actual)}`);
export const errBadPatchType = (t: unknown, m: unknown) => fail(500, `unknown patch type: ${goSprint(t)} in map: ${goSprint(m)}`);
export const errOther = (message: string) => fail(500, message);

/** The Status kube-apiserver answers for a failure thrown while applying the patch. */
export function toStatusError(err: unknown): StatusError {
  if (err instanceof StrategicMergeError) {
    if (err.code === 400) return badRequest(err.message);
    // status.ts has no generic-response constructor yet: these two mirror apimachinery's
    // NewGenericServerResponse(422, ...) and ErrorToAPIStatus of a non-Status error.
    if (err.code === 422) return statusOf(422, 'Invalid', 'the server rejected our request due to an error in our request');
    return statusOf(500, '', err.message);
  }
  if (err instanceof GoPanic) return statusOf(500, '', err.message);
  throw err;
}

function statusOf(code: number, reason: Status['reason'], message: string): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (code === 422) status.details = {};
  return new StatusError(status);
}
