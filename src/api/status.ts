/**
 * Kubernetes-facing failures as values of a closed vocabulary, built only by the constructors
 * below, with the reasons, codes and message wording of
 * k8s.io/apimachinery/pkg/api/errors (errors.go). The apiserver serialises `StatusError.status`.
 */
import { type FieldError, formatFieldError } from './field-error.ts';

export type StatusReason =
  | 'BadRequest' | 'Unauthorized' | 'Forbidden' | 'NotFound' | 'AlreadyExists' | 'Conflict' | 'Gone'
  | 'Expired' | 'Invalid' | 'MethodNotAllowed' | 'NotAcceptable' | 'RequestEntityTooLarge'
  | 'UnsupportedMediaType' | 'TooManyRequests' | 'InternalError' | 'ServiceUnavailable' | 'Timeout'
  | 'ResourceExpired';

export interface StatusCause { reason?: string; message?: string; field?: string }

export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  uid?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never> | { resourceVersion?: string };
  status: 'Failure' | 'Success';
  message?: string;
  reason?: StatusReason | '';
  details?: StatusDetails;
  code: number;
}

/** A Status carried as an exception through the request chain. */
export class StatusError extends Error {
  override name = 'StatusError';
  constructor(readonly status: Status) { super(status.message ?? status.reason ?? 'error'); }
  get code(): number { return this.status.code; }
  get reason(): string { return this.status.reason ?? ''; }
}

export function isStatusError(e: unknown): e is StatusError { return e instanceof StatusError; }

/** A group + plural resource, e.g. {group:'apps', resource:'deployments'}; printed `deployments.apps`. */
export interface GroupResource { readonly group: string; readonly resource: string }
/** A group + kind, e.g. {group:'apps', kind:'Deployment'}; printed `Deployment.apps`. */
export interface GroupKind { readonly group: string; readonly kind: string }

const qualified = (name: string, group: string) => (group === '' ? name : `${name}.${group}`);

function failure(code: number, reason: StatusReason, message: string, details?: StatusDetails): StatusError {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code };
  if (details) status.details = details;
  return new StatusError(status);
}

export function notFound(gr: GroupResource, name: string): StatusError {
  return failure(404, 'NotFound', `${qualified(gr.resource, gr.group)} "${name}" not found`, { name, group: gr.group || undefined, kind: gr.resource });
}

export function alreadyExists(gr: GroupResource, name: string): StatusError {
  return failure(409, 'AlreadyExists', `${qualified(gr.resource, gr.group)} "${name}" already exists`, { name, group: gr.group || undefined, kind: gr.resource });
}

export const OPTIMISTIC_LOCK_MESSAGE = 'the object has been modified; please apply your changes to the latest version and try again';

export function conflict(gr: GroupResource, name: string, why: string = OPTIMISTIC_LOCK_MESSAGE): StatusError {
  return failure(409, 'Conflict', `Operation cannot be fulfilled on ${qualified(gr.resource, gr.group)} "${name}": ${why}`, { name, group: gr.group || undefined, kind: gr.resource });
}

/** 422 with one cause per field error, worded as kube-apiserver words it. */
export function invalid(gk: GroupKind, name: string, errors: readonly FieldError[]): StatusError {
  const causes = errors.map((e) => ({ reason: e.type, message: formatFieldError(e).slice(e.field.length + 2), field: e.field }));
  const rendered = errors.map(formatFieldError);
  const list = rendered.length === 1 ? rendered[0] : `[${rendered.join(', ')}]`;
  return failure(422, 'Invalid', `${qualified(gk.kind, gk.group)} "${name}" is invalid: ${list}`, { name, group: gk.group || undefined, kind: gk.kind, causes });
}

export function badRequest(message: string, causes?: StatusCause[]): StatusError {
  return failure(400, 'BadRequest', message, causes ? { causes } : undefined);
}

export function unauthorized(message = 'Unauthorized'): StatusError {
  return failure(401, 'Unauthorized', message);
}

/** `pods "x" is forbidden: User "u" cannot get resource "pods" ...` or a custom message. */
export function forbidden(gr: GroupResource, name: string, why: string): StatusError {
  const target = name === '' ? qualified(gr.resource, gr.group) : `${qualified(gr.resource, gr.group)} "${name}"`;
  return failure(403, 'Forbidden', `${target} is forbidden: ${why}`, { name: name || undefined, group: gr.group || undefined, kind: gr.resource });
}

export function methodNotSupported(gr: GroupResource, verb: string): StatusError {
  return failure(405, 'MethodNotAllowed', `${verb} is not supported on resources of kind "${qualified(gr.resource, gr.group)}"`, { group: gr.group || undefined, kind: gr.resource });
}

export function notAcceptable(message: string): StatusError { return failure(406, 'NotAcceptable', message); }

/** 410 Expired: a watch or list from a compacted resourceVersion (client-go relists on it). */
export function resourceExpired(message: string): StatusError { return failure(410, 'Expired', message); }

export function gone(message: string): StatusError { return failure(410, 'Gone', message); }

export function requestEntityTooLarge(message: string): StatusError { return failure(413, 'RequestEntityTooLarge', message); }

export function unsupportedMediaType(contentType: string): StatusError {
  return failure(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`
    + (contentType ? ` (got ${contentType})` : ''));
}

export function tooManyRequests(message: string, retryAfterSeconds: number): StatusError {
  return failure(429, 'TooManyRequests', message, { retryAfterSeconds });
}

export function internalError(err: unknown): StatusError {
  const msg = err instanceof Error ? err.message : String(err);
  return failure(500, 'InternalError', `Internal error occurred: ${msg}`, { causes: [{ message: msg }] });
}

export function serviceUnavailable(message: string): StatusError { return failure(503, 'ServiceUnavailable', message); }

export function timeout(message: string, retryAfterSeconds = 0): StatusError {
  return failure(504, 'Timeout', message, { retryAfterSeconds });
}

/** The `{"status":"Success"}` body returned by deletes of already-gone objects and deletecollection. */
export function success(details?: StatusDetails): Status {
  const s: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) s.details = details;
  return s;
}
