/**
 * The resource verbs (get, list, create, update, patch, delete, deletecollection) of one request
 * after authentication and authorization: decoding, admission, the registry Store, encoding.
 * Watch lives in watch-handler.ts.
 */
import type { AdmissionAttributes, AdmissionChain, Operation } from '../admission/admission.ts';
import type { KubeObject } from '../api/object.ts';
import { messageForKind } from '../api/protobuf/index.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { badRequest, invalid, methodNotSupported, notFound, success } from '../api/status.ts';
import type { Registry } from '../registry/registry.ts';
import type { Store } from '../registry/store.ts';
import type { DeleteOptions } from '../registry/store-types.ts';
import { asKubeObject, decodeBody, mediaTypeOf, parseJson, type ProtobufDecoder } from './body.ts';
import { schemaForKind } from '../api/schema.ts';
import { applyPatchStrictness, fieldValidationErrors, strictDecodingMessage, findUnknownFields, pruneUnknownFields, strictPatchError, type FieldValidationMode } from '../api/validation/field-validation.ts';
import { applyManagerOf, type FieldManagerContext, managerOf, serverSideApply, trackUpdate } from './field-manager.ts';
import type { ApiRequest, ResponseSink } from './http-types.ts';
import { negotiate, type Negotiated } from './negotiation.ts';
import { applyPatch } from './patch.ts';
import type { RequestInfo } from './request-info.ts';
import { answerReview, REVIEW_RESOURCES, type ReviewDeps } from './reviews.ts';
import { bindPod } from './binding.ts';
import { evictPod } from './eviction.ts';
import { handleStreamingRequest, isStreamingRequest } from './streaming/index.ts';
import type { Clock } from '../util/clock.ts';
import { writeJsonBytes, writeObject, type ProtobufEncoder } from './respond.ts';
import { listPredicate } from './selectors.ts';
import { type OutputTransform, transformOutput, transformsFor } from './transform.ts';

export interface ResourceHandlerDeps {
  readonly registry: Registry;
  readonly admission: AdmissionChain;
  readonly reviews: ReviewDeps;
  readonly clock: Clock;
  readonly protobufDecode?: ProtobufDecoder;
  readonly protobufEncode?: ProtobufEncoder;
  readonly transform?: OutputTransform;
}

export interface ResolvedTarget {
  readonly info: RequestInfo;
  readonly resource: ResourceInfo;
  readonly store: Store;
}

/** Finds the Store a request addresses, or throws 404 as kube does for unknown resources. */
export function resolveTarget(registry: Registry, info: RequestInfo): ResolvedTarget {
  const store = registry.storeFor(info.apiGroup, info.apiVersion, info.resource);
  if (!store) throw notFound({ group: info.apiGroup, resource: info.resource }, info.name || '');
  if (info.subresource && !store.resource.subresources.some((s) => s.name === info.subresource)) {
    throw notFound({ group: info.apiGroup, resource: `${info.resource}/${info.subresource}` }, info.name);
  }
  return { info, resource: store.resource, store };
}

const apiVersionOf = (r: ResourceInfo) => (r.group === '' ? r.version : `${r.group}/${r.version}`);


/** dryRun=All is the only accepted value, as kube-apiserver. */
function dryRunOf(q: URLSearchParams): boolean {
  const values = q.getAll('dryRun');
  if (values.length === 0) return false;
  for (const v of values) if (v !== 'All') throw badRequest(`dryRun: Unsupported value: "${v}": supported values: "All"`);
  return true;
}

function intQuery(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isInteger(n)) throw badRequest(`invalid ${name}: ${v}`);
  return n;
}

export class ResourceHandler {
  constructor(private readonly deps: ResourceHandlerDeps) {}

  async handle(req: ApiRequest, res: ResponseSink, target: ResolvedTarget): Promise<void> {
    const { info, resource } = target;
    const verb = info.verb;
    if (info.subresource) {
      const sub = resource.subresources.find((x) => x.name === info.subresource)!;
      if (!sub.verbs.includes(verb)) throw methodNotSupported({ group: resource.group, resource: `${resource.resource}/${info.subresource}` }, verb);
    } else if (!resource.verbs.includes(verb as never)) {
      throw methodNotSupported({ group: resource.group, resource: resource.resource }, verb);
    }
    const special = await this.special(req, res, target);
    if (special) return;
    // Protobuf only for kinds that have a protobuf form (not CRDs); clients always list JSON too.
    const protobuf = !!this.deps.protobufEncode && messageForKind(apiVersionOf(resource), resource.kind) !== undefined;
    const negotiated = negotiate(req.headers.accept, { transforms: transformsFor(!!this.deps.transform), protobuf });
    switch (verb) {
      case 'get': return this.get(req, res, target, negotiated);
      case 'list': return this.list(req, res, target, negotiated);
      case 'create': return this.create(req, res, target, negotiated);
      case 'update': return this.update(req, res, target, negotiated);
      case 'patch': return this.patch(req, res, target, negotiated);
      case 'delete': return this.delete(req, res, target, negotiated);
      case 'deletecollection': return this.deleteCollection(req, res, target, negotiated);
      default: throw methodNotSupported({ group: resource.group, resource: resource.resource }, verb);
    }
  }

  /** Resources and subresources with their own behaviour: reviews, bindings, finalize. Returns true when handled. */
  private async special(req: ApiRequest, res: ResponseSink, t: ResolvedTarget): Promise<boolean> {
    const { info, resource } = t;
    const gr = `${resource.group}/${resource.resource}`;
    if (REVIEW_RESOURCES.has(gr) && info.verb === 'create' && !info.subresource) {
      const body = await this.decodeObjectBody(req, t);
      const answer = await answerReview(this.deps.reviews, { kind: resource.kind, body, user: req.user!, namespace: info.namespace });
      writeObject(res, 201, answer, negotiate(req.headers.accept, { protobuf: !!this.deps.protobufEncode }), this.deps.protobufEncode);
      return true;
    }
    const pods = this.deps.registry.storeFor('', 'v1', 'pods')!;
    const isBinding = (gr === '/bindings' && info.verb === 'create') || (gr === '/pods' && info.subresource === 'binding');
    if (isBinding) {
      const raw = decodeBody(await req.body(), req.headers['content-type'], this.deps.protobufDecode);
      const body = asKubeObject(raw, { apiVersion: 'v1', kind: 'Binding' });
      const name = info.subresource ? info.name : (body.metadata.name ?? '');
      await this.admit('CREATE', t, req, { object: body, name });
      await bindPod(pods, { namespace: info.namespace, name, body, now: this.deps.clock.now(), dryRun: dryRunOf(req.query) });
      writeObject(res, 201, success(), negotiate(req.headers.accept));
      return true;
    }
    if (gr === '/pods' && info.subresource === 'eviction') {
      const raw = decodeBody(await req.body(), req.headers['content-type'], this.deps.protobufDecode);
      const body = asKubeObject(raw, { apiVersion: (raw as { apiVersion?: string })?.apiVersion === 'policy/v1beta1' ? 'policy/v1beta1' : 'policy/v1', kind: 'Eviction' });
      await this.admit('CREATE', t, req, { object: body });
      const pdbs = this.deps.registry.storeFor('policy', 'v1', 'poddisruptionbudgets')!;
      const status = await evictPod({ pods, pdbs, clock: this.deps.clock }, { namespace: info.namespace, name: info.name, body, dryRun: dryRunOf(req.query) });
      writeObject(res, status.code, status, negotiate(req.headers.accept));
      return true;
    }
    if (gr === '/namespaces' && info.subresource === 'finalize') {
      const body = await this.decodeObjectBody(req, t);
      const finalizers = ((body.spec ?? {}) as { finalizers?: string[] }).finalizers ?? [];
      const updated = await t.store.rawUpdate(undefined, info.name, (ns) => {
        // as the namespace FinalizeREST: only spec.finalizers changes.
        ns.spec = { ...((ns.spec ?? {}) as object), finalizers };
        if (finalizers.length === 0) delete (ns.spec as { finalizers?: string[] }).finalizers;
        return ns;
      }, { dryRun: dryRunOf(req.query) });
      writeObject(res, 200, updated, negotiate(req.headers.accept));
      return true;
    }
    if (isStreamingRequest(t)) {
      await handleStreamingRequest(req, res, t, { registry: this.deps.registry });
      return true;
    }
    if (info.subresource && !['status', 'scale'].includes(info.subresource)) {
      throw methodNotSupported({ group: resource.group, resource: `${resource.resource}/${info.subresource}` }, info.verb);
    }
    return false;
  }

  private fmContext(t: ResolvedTarget): FieldManagerContext {
    return { resource: t.resource, strategy: t.store.strategy, subresource: t.info.subresource === 'status' ? 'status' : '', now: this.deps.clock.now() };
  }

  private namespaceOf(t: ResolvedTarget): string | undefined {
    return t.resource.namespaced ? (t.info.namespace || undefined) : undefined;
  }

  private send(res: ResponseSink, status: number, obj: unknown, t: ResolvedTarget, negotiated: Negotiated, includeObject?: string, warnings: readonly string[] = []): void {
    const out = negotiated.as ? transformOutput(obj as KubeObject, t.resource, negotiated, this.deps.transform, includeObject) : obj;
    writeObject(res, status, out, negotiated, this.deps.protobufEncode, warningHeaders(warnings));
  }

  private async get(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated): Promise<void> {
    if (!t.info.subresource && !negotiated.as && negotiated.encoding === 'json') {
      return writeJsonBytes(res, 200, await t.store.getJson(this.namespaceOf(t), t.info.name), negotiated.contentType);
    }
    const obj = await t.store.get(this.namespaceOf(t), t.info.name);
    if (t.info.subresource === 'scale') return this.send(res, 200, toScale(t, obj), t, { ...negotiated, as: undefined });
    this.send(res, 200, obj, t, negotiated, req.query.get('includeObject') ?? undefined);
  }

  private async list(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated): Promise<void> {
    const q = req.query;
    const ns = t.resource.namespaced ? (t.info.namespace || undefined) : undefined;
    const predicate = listPredicate(t.store, q);
    if (!negotiated.as && negotiated.encoding === 'json' && !predicate) {
      const text = await t.store.listJson(ns, {
        limit: intQuery(q, 'limit'), continue: q.get('continue') ?? undefined, resourceVersion: q.get('resourceVersion') ?? undefined,
      });
      if (text !== undefined) return writeJsonBytes(res, 200, text, negotiated.contentType);
    }
    const list = await t.store.list(ns, {
      predicate,
      limit: intQuery(q, 'limit'),
      continue: q.get('continue') ?? undefined,
      resourceVersion: q.get('resourceVersion') ?? undefined,
      resourceVersionMatch: (q.get('resourceVersionMatch') ?? '') as '' | 'Exact' | 'NotOlderThan',
    });
    this.send(res, 200, list, t, negotiated, q.get('includeObject') ?? undefined);
  }

  private async admit(op: Operation, t: ResolvedTarget, req: ApiRequest, objects: { object?: KubeObject; oldObject?: KubeObject; name?: string }): Promise<void> {
    const attributes: AdmissionAttributes = {
      operation: op, resource: t.resource, subresource: t.info.subresource, namespace: t.info.namespace,
      name: objects.name ?? t.info.name, object: objects.object, oldObject: objects.oldObject,
      user: req.user, dryRun: dryRunOf(req.query),
    };
    await this.deps.admission.admit(attributes);
    await this.deps.admission.validate(attributes);
  }

  private async decodeObjectBody(req: ApiRequest, t: ResolvedTarget): Promise<KubeObject> {
    const raw = decodeBody(await req.body(), req.headers['content-type'], this.deps.protobufDecode);
    return asKubeObject(raw, { apiVersion: apiVersionOf(t.resource), kind: t.resource.kind });
  }

  /**
   * A create or update body with `fieldValidation` applied (kube's default is Warn): Strict
   * answers 400 for unknown or duplicate fields, Warn returns warnings, and unknown fields are
   * dropped as kube's typed decoding drops them. Kinds without a schema pass unchanged.
   */
  private async decodeValidatedBody(req: ApiRequest, t: ResolvedTarget): Promise<{ obj: KubeObject; warnings: readonly string[] }> {
    const bytes = await req.body();
    const contentType = req.headers['content-type'];
    const obj = asKubeObject(decodeBody(bytes, contentType, this.deps.protobufDecode), { apiVersion: apiVersionOf(t.resource), kind: t.resource.kind });
    const gvk = { group: t.resource.group, version: t.resource.version, kind: t.resource.kind };
    const schema = schemaForKind(gvk);
    const mode = fieldValidationMode(req.query);
    if (!schema) {
      // Custom resources: the CRD's structural schema says what is unknown (pruned later anyway).
      const unknown = mode === 'Ignore' ? [] : (t.store.strategy.unknownFields?.(obj) ?? []).map((p) => `unknown field "${p}"`);
      if (unknown.length === 0) return { obj, warnings: [] };
      if (mode === 'Warn') return { obj, warnings: unknown };
      throw badRequest(`${t.resource.kind} in version "${t.resource.version}" cannot be handled as a ${t.resource.kind}: ${strictDecodingMessage(unknown)}`);
    }
    // Protobuf bodies cannot carry unknown or duplicate fields: only text bodies are scanned.
    const text = mediaTypeOf(contentType) === 'application/vnd.kubernetes.protobuf' ? undefined : bytes.toString('utf8');
    const outcome = fieldValidationErrors(obj, { rawBody: text, contentType, schema, mode, gvk });
    if (outcome.error) throw outcome.error;
    return { obj: outcome.object as KubeObject, warnings: outcome.warnings };
  }

  private async create(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated): Promise<void> {
    if (t.info.subresource) throw methodNotSupported({ group: t.resource.group, resource: `${t.resource.resource}/${t.info.subresource}` }, 'create');
    const { obj, warnings } = await this.decodeValidatedBody(req, t);
    if (t.resource.namespaced && !t.info.namespace) throw badRequest('the server could not find the requested resource: a namespace is required');
    // as create.go: defaulting (at decode) and field tracking come before mutating admission, so
    // admission's changes (priority, service account…) belong to no manager.
    t.store.strategy.applyDefaults?.(obj);
    const tracked = trackUpdate(this.fmContext(t), undefined, obj, managerOf(req));
    await this.admit('CREATE', t, req, { object: tracked, name: tracked.metadata.name ?? '' });
    // The decoded body is this request's own: the Store may keep it rather than copy it.
    const options = { dryRun: dryRunOf(req.query), fieldManager: req.query.get('fieldManager') ?? undefined, adopt: true };
    if (!negotiated.as && negotiated.encoding === 'json') {
      return writeJsonBytes(res, 201, await t.store.createJson(this.namespaceOf(t), tracked, options), negotiated.contentType, warningHeaders(warnings));
    }
    this.send(res, 201, await t.store.create(this.namespaceOf(t), tracked, options), t, negotiated, undefined, warnings);
  }

  private async update(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated): Promise<void> {
    const ns = this.namespaceOf(t);
    const dryRun = dryRunOf(req.query);
    if (t.info.subresource === 'scale') {
      const raw = parseJson(await req.body());
      const replicas = (raw as { spec?: { replicas?: unknown } })?.spec?.replicas;
      const updated = await this.writeScale(req, t, replicas, dryRun);
      return this.send(res, 200, toScale(t, updated), t, { ...negotiated, as: undefined });
    }
    const { obj, warnings } = await this.decodeValidatedBody(req, t);
    const subresource = t.info.subresource === 'status' ? 'status' : '';
    let old: KubeObject | undefined;
    try { old = await t.store.get(ns, t.info.name); } catch { old = undefined; }
    if (!subresource) t.store.strategy.applyDefaults?.(obj);
    const tracked = trackUpdate(this.fmContext(t), old, obj, managerOf(req));
    await this.admit(old ? 'UPDATE' : 'CREATE', t, req, { object: tracked, oldObject: old });
    const { object, created } = await t.store.update(ns, t.info.name, tracked, { dryRun, subresource });
    this.send(res, created ? 201 : 200, object, t, negotiated, undefined, warnings);
  }

  private async writeScale(req: ApiRequest, t: ResolvedTarget, replicas: unknown, dryRun: boolean): Promise<KubeObject> {
    const scale = t.store.strategy.scale;
    if (!scale) throw notFound({ group: t.resource.group, resource: `${t.resource.resource}/scale` }, t.info.name);
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0) {
      throw badRequest(`Scale.autoscaling "${t.info.name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`);
    }
    return t.store.guaranteedUpdate(this.namespaceOf(t), t.info.name, async (current) => {
      scale.setReplicas(current, replicas);
      await this.admit('UPDATE', t, req, { object: current });
      return current;
    }, { dryRun });
  }

  private async patch(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated): Promise<void> {
    const ns = this.namespaceOf(t);
    const dryRun = dryRunOf(req.query);
    const body = await req.body();
    const contentType = req.headers['content-type'];
    if (t.info.subresource === 'scale') {
      let replicas: unknown;
      await t.store.get(ns, t.info.name).then((obj) => {
        const patched = applyPatch(toScale(t, obj) as unknown as KubeObject, body, contentType, { schemaKind: undefined });
        replicas = (patched as { spec?: { replicas?: unknown } }).spec?.replicas;
      });
      const updated = await this.writeScale(req, t, replicas, dryRun);
      return this.send(res, 200, toScale(t, updated), t, { ...negotiated, as: undefined });
    }
    const subresource = t.info.subresource === 'status' ? 'status' : '';
    const force = req.query.get('force');
    if (mediaTypeOf(contentType) === 'application/apply-patch+yaml') return this.apply(req, res, t, negotiated, body);
    if (force !== null) {
      throw invalid({ group: 'meta.k8s.io', kind: 'PatchOptions' }, '', [{ type: 'FieldValueForbidden', field: 'force', detail: 'may not be specified for non-apply patch' }]);
    }
    const manager = managerOf(req);
    const updated = await t.store.guaranteedUpdate(ns, t.info.name, async (current) => {
      const old = structuredClone(current);
      const patched = applyPatch(current, body, contentType, { schemaKind: builtinKind(t) });
      let obj = asKubeObject(patched, { apiVersion: apiVersionOf(t.resource), kind: t.resource.kind });
      strictPatchCheck(req, t, obj);
      if (!subresource) t.store.strategy.applyDefaults?.(obj);
      obj = trackUpdate(this.fmContext(t), old, obj, manager);
      await this.admit('UPDATE', t, req, { object: obj, oldObject: old });
      return obj;
    }, { dryRun, subresource });
    this.send(res, 200, updated, t, negotiated);
  }

  /** Server-side apply: create-if-absent, else merge with field ownership and conflicts (409). */
  private async apply(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated, body: Buffer): Promise<void> {
    const ns = this.namespaceOf(t);
    const dryRun = dryRunOf(req.query);
    const subresource = t.info.subresource === 'status' ? 'status' : '';
    const manager = applyManagerOf(req);
    const force = req.query.get('force') === 'true';
    const strictness = applyPatchStrictness(body.toString('utf8'), fieldValidationMode(req.query));
    if (strictness.error) throw strictness.error;
    const raw = decodeBody(body, 'application/apply-patch+yaml');
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw badRequest('the apply patch must be an object');
    const applied = raw as KubeObject;
    applied.metadata ??= {};
    if (applied.metadata.name && applied.metadata.name !== t.info.name) {
      throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${t.info.name})`);
    }
    let live: KubeObject | undefined;
    try { live = await t.store.get(ns, t.info.name); } catch (e) { if ((e as { code?: number }).code !== 404) throw e; }
    if (!live && !subresource) {
      const defaulted = structuredClone(applied);
      let obj = serverSideApply(this.fmContext(t), undefined, defaulted, { manager, force });
      obj.metadata.name = t.info.name;
      obj = asKubeObject(obj, { apiVersion: apiVersionOf(t.resource), kind: t.resource.kind });
      t.store.strategy.applyDefaults?.(obj);
      await this.admit('CREATE', t, req, { object: obj, name: t.info.name });
      const created = await t.store.create(ns, obj, { dryRun, fieldManager: manager });
      return this.send(res, 201, created, t, negotiated, undefined, strictness.warnings);
    }
    const updated = await t.store.guaranteedUpdate(ns, t.info.name, async (current) => {
      const old = structuredClone(current);
      const obj = serverSideApply(this.fmContext(t), current, applied, { manager, force });
      if (!subresource) t.store.strategy.applyDefaults?.(obj);
      await this.admit('UPDATE', t, req, { object: obj, oldObject: old });
      return obj;
    }, { dryRun, subresource });
    this.send(res, 200, updated, t, negotiated, undefined, strictness.warnings);
  }

  private async deleteOptions(req: ApiRequest): Promise<DeleteOptions> {
    const q = req.query;
    const body = await req.body();
    let opts: Record<string, unknown> = {};
    if (body.length > 0) {
      const parsed = decodeBody(body, req.headers['content-type'] ?? 'application/json', this.deps.protobufDecode);
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

  private async delete(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated): Promise<void> {
    if (t.info.subresource) throw methodNotSupported({ group: t.resource.group, resource: `${t.resource.resource}/${t.info.subresource}` }, 'delete');
    const options = await this.deleteOptions(req);
    const ns = this.namespaceOf(t);
    const current = await t.store.get(ns, t.info.name);
    await this.admit('DELETE', t, req, { oldObject: current });
    const result = await t.store.delete(ns, t.info.name, options);
    if (!result.deleted || RETURNS_DELETED_OBJECT.has(`${t.resource.group}/${t.resource.resource}`)) {
      return this.send(res, 200, result.object, t, negotiated);
    }
    // as store.go finalizeDelete: a Status naming the deleted object (details.kind is the resource).
    writeObject(res, 200, success({ name: t.info.name, group: t.resource.group, kind: t.resource.resource, uid: result.object.metadata.uid }), negotiated);
  }

  private async deleteCollection(req: ApiRequest, res: ResponseSink, t: ResolvedTarget, negotiated: Negotiated): Promise<void> {
    const options = await this.deleteOptions(req);
    const ns = this.namespaceOf(t);
    const predicate = listPredicate(t.store, req.query);
    await this.admit('DELETE', t, req, { name: '' });
    const list = await t.store.deleteCollection(ns, { predicate }, options);
    this.send(res, 200, list, t, negotiated);
  }
}

/** The GVK whose schema drives strategic merge patch: built-in kinds only (CRs have no SMP). */
function builtinKind(t: ResolvedTarget) {
  const gvk = { group: t.resource.group, version: t.resource.version, kind: t.resource.kind };
  return schemaForKind(gvk) ? gvk : undefined;
}

/**
 * Strict field validation of a patched object, as kube's patcher: unknown fields after applying
 * the patch are a 422 on `patch` under Strict; Warn and Ignore drop them (the typed decode does).
 */
function strictPatchCheck(req: ApiRequest, t: ResolvedTarget, obj: KubeObject): void {
  const schema = schemaForKind({ group: t.resource.group, version: t.resource.version, kind: t.resource.kind });
  if (!schema) return;
  const mode = fieldValidationMode(req.query);
  const unknown = findUnknownFields(obj, schema);
  if (unknown.length === 0) return;
  if (mode === 'Strict') throw strictPatchError(unknown.map((p) => `unknown field "${p}"`), JSON.stringify(obj));
  const pruned = pruneUnknownFields(obj, schema) as KubeObject;
  for (const k of Object.keys(obj)) delete obj[k];
  Object.assign(obj, pruned);
}

/** dryRun-style parsing of fieldValidation: Strict, Warn (kube's default) or Ignore. */
function fieldValidationMode(q: URLSearchParams): FieldValidationMode {
  const v = q.get('fieldValidation');
  if (v === null || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation: Unsupported value: "${v}": supported values: "Ignore", "Strict", "Warn"`);
}

/** RFC 7234 warning headers as kube sends them: `299 - "<text>"`, several joined by commas. */
function warningHeaders(warnings: readonly string[]): Record<string, string> | undefined {
  if (warnings.length === 0) return undefined;
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** Kinds whose delete answers with the object rather than a Status (ReturnDeletedObject in kube). */
const RETURNS_DELETED_OBJECT = new Set(['/pods', '/services', 'apiextensions.k8s.io/customresourcedefinitions']);

/** The autoscaling/v1 Scale of an object with a scale subresource. */
function toScale(t: ResolvedTarget, obj: KubeObject) {
  const scale = t.store.strategy.scale;
  if (!scale) throw notFound({ group: t.resource.group, resource: `${t.resource.resource}/scale` }, t.info.name);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid,
      resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp,
    },
    spec: { replicas: scale.replicas(obj) },
    status: { replicas: scale.statusReplicas(obj), selector: scale.selector(obj) },
  };
}

