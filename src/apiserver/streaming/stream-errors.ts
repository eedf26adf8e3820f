/**
 * Status errors of the streaming subresources that src/api/status.ts has no constructor for,
 * each worded as the kube-apiserver code it names.
 */
import { badRequest, internalError, type Status, StatusError } from '../../api/status.ts';

/**
 * apimachinery's NewGenericServerResponse for a kubelet answer with no more specific mapping,
 * as GenericHttpResponseChecker (registry/generic/rest/response_checker.go) uses it for
 * pods/log: a 404 reads `the server could not find the requested resource ( pods/log x)` (the
 * verb is empty, hence the double space).
 */
export function genericServerResponse(code: number, resource: string, name: string): StatusError {
  const base = code === 404 ? 'the server could not find the requested resource'
    : `the server responded with the status code ${code} but did not return more information`;
  const status: Status = {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', code,
    reason: code === 404 ? 'NotFound' : '',
    message: `${base} ( ${resource} ${name})`,
    details: { name, kind: resource },
  };
  return new StatusError(status);
}

/** What GenericHttpResponseChecker makes of a kubelet error answer (status code and body text). */
export function kubeletResponseError(code: number, body: string, resource: string, name: string): StatusError {
  if (code === 500) return internalError(body);
  if (code === 400) return badRequest(body);
  return genericServerResponse(code, resource, name);
}

/**
 * A plain Go error surfacing from a handler: apiserver's ErrorToAPIStatus makes it a 500 with no
 * reason, which kubectl prints as `Error from server: <message>`.
 */
export function unknownError(message: string): StatusError {
  return new StatusError({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason: '', code: 500 });
}

/** How Go's net/http words a failed kubelet request: `Get "https://…": dial tcp 1.2.3.4:10250: connect: connection refused`. */
export function dialErrorMessage(method: string, url: string, err: Error & { code?: string; address?: string; port?: number }): string {
  const method1 = method[0].toUpperCase() + method.slice(1).toLowerCase();
  if (err.code === 'ECONNREFUSED' && err.address) return `${method1} "${url}": dial tcp ${err.address}:${err.port}: connect: connection refused`;
  return `${method1} "${url}": ${err.message}`;
}
