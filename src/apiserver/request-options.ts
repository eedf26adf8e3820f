/**
 * What a resource request asks for beyond its path: query parameters (dryRun, fieldValidation,
 * integers such as limit) and a delete's DeleteOptions, parsed and refused (400) as
 * kube-apiserver does.
 */
import { badRequest } from '../api/status.ts';
import type { FieldValidationMode } from '../api/validation/field-validation.ts';
import type { DeleteOptions } from '../registry/store-types.ts';
import { decodeBody, type ProtobufDecoder } from './body.ts';
import type { ApiRequest } from './http-types.ts';
import type { ResolvedTarget } from './resource-handler.ts';

/** The namespace a request addresses: undefined for cluster-scoped kinds and lists across namespaces. */
export function namespaceOf(t: ResolvedTarget): string | undefined {
  return t.resource.namespaced ? (t.info.namespace || undefined) : undefined;
}

/** dryRun=All is the only accepted value, as kube-apiserver. */
export function dryRunOf(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  if (values.length === 0) return false;
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return true;
}

export function intQuery(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name}: ${v}`);
  return n;
}

/** dryRun-style parsing of fieldValidation: Strict, Warn (kube's default) or Ignore. */
export function fieldValidationMode(q: URLSearchParams): FieldValidationMode {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

/**
 * The DeleteOptions of a delete or deletecollection: query parameters first, then the body's
 * DeleteOptions; orphanDependents (deprecated) maps to a propagationPolicy when none is given.
 */
export async function deleteOptionsOf(req: ApiRequest, protobufDecode?: ProtobufDecoder): Promise<DeleteOptions> {
  const q = req.query;
  const body = await req.body();
  let opts: Record<string, unknown> = {};
  if (body.length > 0) {
    const parsed = decodeBody(body, req.headers['content-type'] ?? 'application/json', protobufDecode);
    if (parsed && typeof parsed === 'object') opts = parsed as Record<string, unknown>;
  }
  const grace = intQuery(q, 'gracePeriodSeconds') ?? (opts.gracePeriodSeconds as number | undefined);
  let policy = (q.get('propagationPolicy') ?? opts.propagationPolicy) as DeleteOptions['propagationPolicy'] | undefined;
  const orphan = q.get('orphanDependents') ?? (opts.orphanDependents as boolean | undefined);
  if (policy !== undefined && !['Orphan', 'Background', 'Foreground'].includes(policy)) {
    throw badRequest(`DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
  }
  if (policy === undefined && orphan !== undefined && orphan !== null) policy = String(orphan) === 'true' ? 'Orphan' : 'Background';
  if (grace !== undefined && grace < 0) throw badRequest('DeleteOptions.meta.k8s.io "" is invalid: gracePeriodSeconds: Invalid value: must be >= 0');
  const bodyDryRun = Array.isArray(opts.dryRun) && (opts.dryRun as unknown[]).includes('All');
  return {
    gracePeriodSeconds: grace,
    propagationPolicy: policy,
    preconditions: opts.preconditions as DeleteOptions['preconditions'],
    dryRun: dryRunOf(q) || bodyDryRun,
  };
}
