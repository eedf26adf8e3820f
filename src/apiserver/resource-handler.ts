/**
 * The resource verbs (get, list, create, update, patch, delete, deletecollection) of one request
 * after authentication and authorization: decoding, admission, the registry Store, encoding.
 * Served from files of their own, each given the {@link VerbContext}: patch and apply
 * (patch-handler.ts), the scale subresource (scale-subresource.ts) and the resources kube serves
 * with a REST of their own (custom-rest.ts). Watch lives in watch-handler.ts.
 */
import type { AdmissionAttributes, AdmissionChain, Operation } from '../admission/admission.ts';
import { apiVersionOf, type KubeObject } from '../api/object.ts';
import { messageForKind } from '../api/protobuf/index.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { badRequest, methodNotSupported, notFound, success } from '../api/status.ts';
import type { Registry } from '../registry/registry.ts';
import type { Store } from '../registry/store.ts';
import { asKubeObject, decodeBody, mediaTypeOf, type ProtobufDecoder } from './body.ts';
import { schemaForKind } from '../api/schema.ts';
import { fieldValidationErrors, strictDecodingMessage } from '../api/validation/field-validation.ts';
import { serveCustomRest } from './custom-rest.ts';
import { type FieldManagerContext, managerOf, trackUpdate } from './field-manager.ts';
import type { ApiRequest, ResponseSink } from './http-types.ts';
import { negotiate, type Negotiated } from './negotiation.ts';
import { patchResource } from './patch-handler.ts';
import type { RequestInfo } from './request-info.ts';
import { deleteOptionsOf, dryRunOf, fieldValidationMode, intQuery, namespaceOf } from './request-options.ts';
import type { ReviewDeps } from './reviews.ts';
import type { Clock } from '../util/clock.ts';
import { writeJsonBytes, writeObject, type ProtobufEncoder } from './respond.ts';
import { getScale, patchScale, updateScale } from './scale-subresource.ts';
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

/** One resource request as a verb sees it: the request, where the answer goes, what it addresses. */
export interface VerbRequest {
  readonly req: ApiRequest;
  readonly res: ResponseSink;
  readonly t: ResolvedTarget;
}

/** A request whose answer's encoding and transformation (Accept) were negotiated. */
export interface NegotiatedRequest extends VerbRequest {
  readonly negotiated: Negotiated;
}

/** What admission sees besides the request: `name` defaults to the one in the URL. */
export interface AdmitObjects {
  readonly operation: Operation;
  readonly object?: KubeObject;
  readonly oldObject?: KubeObject;
  readonly name?: string;
}

export interface Answer {
  readonly status: number;
  readonly object: unknown;
  /** The includeObject query parameter of Table answers. */
  readonly includeObject?: string;
  /** Sent as `Warning` headers. */
  readonly warnings?: readonly string[];
}

/** What the ResourceHandler lends to the verbs served from other files. */
export interface VerbContext {
  readonly deps: ResourceHandlerDeps;
  /** Mutating, then validating admission; a rejection is a thrown StatusError. */
  admit(call: VerbRequest, objects: AdmitObjects): Promise<void>;
  /** Writes an answer as negotiated: transformed (Table, metadata) when asked, JSON, YAML or protobuf. */
  send(call: NegotiatedRequest, answer: Answer): void;
  /** The field manager's view of a write to `t`, at the clock's now. */
  fieldManager(t: ResolvedTarget): FieldManagerContext;
}

export class ResourceHandler {
  private readonly ctx: VerbContext;

  constructor(private readonly deps: ResourceHandlerDeps) {
    this.ctx = {
      deps,
      admit: (call, objects) => this.admit(call, objects),
      send: (call, answer) => this.send(call, answer),
      fieldManager: (t) => ({ resource: t.resource, strategy: t.store.strategy, subresource: t.info.subresource === 'status' ? 'status' : '', now: deps.clock.now() }),
    };
  }

  async handle(req: ApiRequest, res: ResponseSink, t: ResolvedTarget): Promise<void> {
    const { info, resource } = t;
    const verb = info.verb;
    if (info.subresource) {
      const sub = resource.subresources.find((x) => x.name === info.subresource)!;
      if (!sub.verbs.includes(verb)) throw methodNotSupported({ group: resource.group, resource: `${resource.resource}/${info.subresource}` }, verb);
    } else if (!resource.verbs.includes(verb as never)) {
      throw methodNotSupported({ group: resource.group, resource: resource.resource }, verb);
    }
    if (await serveCustomRest(this.ctx, { req, res, t })) return;
    // Protobuf only for kinds that have a protobuf form (not CRDs); clients always list JSON too.
    const protobuf = !!this.deps.protobufEncode && messageForKind(apiVersionOf(resource.group, resource.version), resource.kind) !== undefined;
    const call: NegotiatedRequest = { req, res, t, negotiated: negotiate(req.headers.accept, { transforms: transformsFor(!!this.deps.transform), protobuf }) };
    const scale = info.subresource === 'scale';
    switch (verb) {
      case 'get': return scale ? getScale(this.ctx, call) : this.get(call);
      case 'list': return this.list(call);
      case 'create': return this.create(call);
      case 'update': return scale ? updateScale(this.ctx, call) : this.update(call);
      case 'patch': return scale ? patchScale(this.ctx, call) : patchResource(this.ctx, call);
      case 'delete': return this.delete(call);
      case 'deletecollection': return this.deleteCollection(call);
      default: throw methodNotSupported({ group: resource.group, resource: resource.resource }, verb);
    }
  }

  private send(call: NegotiatedRequest, answer: Answer): void {
    const { negotiated } = call;
    const out = negotiated.as ? transformOutput(answer.object as KubeObject, call.t.resource, negotiated, this.deps.transform, answer.includeObject) : answer.object;
    writeObject(call.res, answer.status, out, negotiated, this.deps.protobufEncode, warningHeaders(answer.warnings ?? []));
  }

  private async admit(call: VerbRequest, objects: AdmitObjects): Promise<void> {
    const { req, t } = call;
    const attributes: AdmissionAttributes = {
      operation: objects.operation, resource: t.resource, subresource: t.info.subresource, namespace: t.info.namespace,
      name: objects.name ?? t.info.name, object: objects.object, oldObject: objects.oldObject,
      user: req.user, dryRun: dryRunOf(req.query),
    };
    await this.deps.admission.admit(attributes);
    await this.deps.admission.validate(attributes);
  }

  private async get(call: NegotiatedRequest): Promise<void> {
    const { req, res, t, negotiated } = call;
    if (!t.info.subresource && !negotiated.as && negotiated.encoding === 'json') {
      return writeJsonBytes(res, 200, await t.store.getJson(namespaceOf(t), t.info.name), negotiated.contentType);
    }
    const obj = await t.store.get(namespaceOf(t), t.info.name);
    this.send(call, { status: 200, object: obj, includeObject: req.query.get('includeObject') ?? undefined });
  }

  private async list(call: NegotiatedRequest): Promise<void> {
    const { req, res, t, negotiated } = call;
    const q = req.query;
    const ns = namespaceOf(t);
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
    this.send(call, { status: 200, object: list, includeObject: q.get('includeObject') ?? undefined });
  }

  /**
   * A create or update body with `fieldValidation` applied (kube's default is Warn): Strict
   * answers 400 for unknown or duplicate fields, Warn returns warnings, and unknown fields are
   * dropped as kube's typed decoding drops them. Kinds without a schema pass unchanged.
   */
  private async decodeValidatedBody(req: ApiRequest, t: ResolvedTarget): Promise<{ obj: KubeObject; warnings: readonly string[] }> {
    const bytes = await req.body();
    const contentType = req.headers['content-type'];
    const obj = asKubeObject(decodeBody(bytes, contentType, this.deps.protobufDecode), { apiVersion: apiVersionOf(t.resource.group, t.resource.version), kind: t.resource.kind });
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

  private async create(call: NegotiatedRequest): Promise<void> {
    const { req, res, t, negotiated } = call;
    if (t.info.subresource) throw methodNotSupported({ group: t.resource.group, resource: `${t.resource.resource}/${t.info.subresource}` }, 'create');
    const { obj, warnings } = await this.decodeValidatedBody(req, t);
    if (t.resource.namespaced && !t.info.namespace) throw badRequest('the server could not find the requested resource: a namespace is required');
    // as create.go: defaulting (at decode) and field tracking come before mutating admission, so
    // admission's changes (priority, service account…) belong to no manager.
    t.store.strategy.applyDefaults?.(obj);
    const tracked = trackUpdate(this.ctx.fieldManager(t), undefined, obj, managerOf(req));
    await this.admit(call, { operation: 'CREATE', object: tracked, name: tracked.metadata.name ?? '' });
    // The decoded body is this request's own: the Store may keep it rather than copy it.
    const options = { dryRun: dryRunOf(req.query), fieldManager: req.query.get('fieldManager') ?? undefined, adopt: true };
    if (!negotiated.as && negotiated.encoding === 'json') {
      return writeJsonBytes(res, 201, await t.store.createJson(namespaceOf(t), tracked, options), negotiated.contentType, warningHeaders(warnings));
    }
    this.send(call, { status: 201, object: await t.store.create(namespaceOf(t), tracked, options), warnings });
  }

  private async update(call: NegotiatedRequest): Promise<void> {
    const { req, t } = call;
    const ns = namespaceOf(t);
    const dryRun = dryRunOf(req.query);
    const { obj, warnings } = await this.decodeValidatedBody(req, t);
    const subresource = t.info.subresource === 'status' ? 'status' : '';
    let old: KubeObject | undefined;
    try { old = await t.store.get(ns, t.info.name); } catch { old = undefined; }
    if (!subresource) t.store.strategy.applyDefaults?.(obj);
    const tracked = trackUpdate(this.ctx.fieldManager(t), old, obj, managerOf(req));
    await this.admit(call, { operation: old ? 'UPDATE' : 'CREATE', object: tracked, oldObject: old });
    // `old` is read-only above (field tracking and admission do not change it): the Store may
    // base the update on it instead of reading the object a second time.
    const { object, created } = await t.store.update(ns, t.info.name, tracked, { dryRun, subresource, cachedExisting: old });
    this.send(call, { status: created ? 201 : 200, object, warnings });
  }

  private async delete(call: NegotiatedRequest): Promise<void> {
    const { req, t, negotiated } = call;
    if (t.info.subresource) throw methodNotSupported({ group: t.resource.group, resource: `${t.resource.resource}/${t.info.subresource}` }, 'delete');
    const options = await deleteOptionsOf(req, this.deps.protobufDecode);
    const ns = namespaceOf(t);
    const current = await t.store.get(ns, t.info.name);
    await this.admit(call, { operation: 'DELETE', oldObject: current });
    const result = await t.store.delete(ns, t.info.name, options);
    if (!result.deleted || RETURNS_DELETED_OBJECT.has(`${t.resource.group}/${t.resource.resource}`)) {
      return this.send(call, { status: 200, object: result.object });
    }
    // as store.go finalizeDelete: a Status naming the deleted object (details.kind is the resource).
    writeObject(call.res, 200, success({ name: t.info.name, group: t.resource.group, kind: t.resource.resource, uid: result.object.metadata.uid }), negotiated);
  }

  private async deleteCollection(call: NegotiatedRequest): Promise<void> {
    const { req, t } = call;
    const options = await deleteOptionsOf(req, this.deps.protobufDecode);
    const predicate = listPredicate(t.store, req.query);
    await this.admit(call, { operation: 'DELETE', name: '' });
    const list = await t.store.deleteCollection(namespaceOf(t), { predicate }, options);
    this.send(call, { status: 200, object: list });
  }
}

/** RFC 7234 warning headers as kube sends them: `299 - "<text>"`, several joined by commas. */
function warningHeaders(warnings: readonly string[]): Record<string, string> | undefined {
  if (warnings.length === 0) return undefined;
  return { warning: warnings.map((w) => `299 - ${JSON.stringify(w)}`).join(', ') };
}

/** Kinds whose delete answers with the object rather than a Status (ReturnDeletedObject in kube). */
const RETURNS_DELETED_OBJECT = new Set(['/pods', '/services', 'apiextensions.k8s.io/customresourcedefinitions']);
