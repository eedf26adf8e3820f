/**
 * `application/vnd.kubernetes.protobuf` for the built-in kinds: the request bodies kubectl
 * v1.32 sends for `create <generator>`, `autoscale` and `auth` (kubectl-surface.md §5), and
 * answers to clients that accept only protobuf.
 *
 * Decoding gives the JSON object Kubernetes' JSON codec would produce for the same Go object,
 * so the rest of the server never sees protobuf. Failures are 400 BadRequest Status errors
 * (bad prefix, truncated or mis-typed fields, unknown kind); an object that cannot be encoded
 * (a kind with no protobuf form, such as a custom resource or Table) is 406 NotAcceptable, as a
 * real apiserver answers for those; a value of the wrong JSON type is 500.
 */
import type { JsonValue, KubeObject } from '../object.ts';
import { badRequest, internalError, notAcceptable } from '../status.ts';
import { decodeMessage, decodeTypedObject } from './decode-message.ts';
import { type EmbedMode, encodeMessage, writeTypedObject } from './encode-message.ts';
import { unwrapEnvelope } from './envelope.ts';
import { messageForKind } from './message-schema.ts';
import { ProtoWriter } from './proto-writer.ts';
import { ProtobufError, formatPath } from './protobuf-error.ts';

export const KUBERNETES_PROTOBUF_CONTENT_TYPE = 'application/vnd.kubernetes.protobuf';

const WATCH_EVENT = 'k8s.io.apimachinery.pkg.apis.meta.v1.WatchEvent';

function describe(e: ProtobufError): string {
  return e.path.length ? `${e.message} (at ${formatPath(e.path)})` : e.message;
}

function decodeFailure(e: unknown, what: string): unknown {
  return e instanceof ProtobufError ? badRequest(`unable to decode ${what} as ${KUBERNETES_PROTOBUF_CONTENT_TYPE}: ${describe(e)}`) : e;
}

/**
 * Decodes `k8s\0` + runtime.Unknown into the object's JSON form, apiVersion and kind from the
 * envelope. Objects whose kind has no ObjectMeta (Status, DeleteOptions) come back without
 * `metadata`. Throws a 400 StatusError on malformed input or an unknown kind.
 *
 * @example decodeKubernetesProtobuf(body) // {apiVersion:'apps/v1', kind:'Deployment', metadata:{...}, spec:{...}, status:{}}
 */
export function decodeKubernetesProtobuf(bytes: Uint8Array): KubeObject {
  let apiVersion = '';
  let kind = '';
  try {
    const env = unwrapEnvelope(bytes);
    if (bytes.length === 4) failEmpty();
    ({ apiVersion, kind } = env);
    if (kind === '') throw badRequest('unable to decode protobuf object: Object \'Kind\' is missing in the envelope');
    if (apiVersion === '') throw badRequest('unable to decode protobuf object: Object \'apiVersion\' is missing in the envelope');
    if (env.contentEncoding !== '') throw badRequest(`unable to decode protobuf object: unsupported contentEncoding "${env.contentEncoding}"`);
    if (env.contentType !== '' && env.contentType !== KUBERNETES_PROTOBUF_CONTENT_TYPE) {
      throw badRequest(`unable to decode protobuf object: unsupported contentType "${env.contentType}"`);
    }
    if (messageForKind(apiVersion, kind) === undefined) {
      throw badRequest(`no kind "${kind}" is registered for version "${apiVersion}" in the protobuf codec`);
    }
    return decodeTypedObject(apiVersion, kind, env.raw) as unknown as KubeObject;
  } catch (e) {
    throw decodeFailure(e, kind || 'the body');
  }
}

function failEmpty(): never { throw badRequest('unable to decode protobuf object: empty body after the "k8s\\x00" prefix'); }

export interface EncodeOptions {
  /**
   * How runtime.RawExtension fields (ControllerRevision.data, metav1.List items) are written:
   * as JSON text, or as enveloped protobuf objects.
   * @default 'json'
   */
  readonly embed?: EmbedMode;
}

/**
 * Encodes an object of a built-in kind (apiVersion and kind set) as `k8s\0` + runtime.Unknown.
 * Lists (`PodList`, …) included. Throws a 406 StatusError for kinds with no protobuf message
 * and a 500 StatusError for a value the kind's message cannot hold.
 */
export function encodeKubernetesProtobuf(obj: KubeObject | Record<string, unknown>, options: EncodeOptions = {}): Uint8Array {
  const w = new ProtoWriter();
  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || messageForKind(apiVersion, kind) === undefined) {
    throw notAcceptable(`object ${String(kind)} (${String(apiVersion)}) has no protobuf form and cannot be encoded as ${KUBERNETES_PROTOBUF_CONTENT_TYPE}`);
  }
  try {
    writeTypedObject(w, obj, options.embed ?? 'json');
  } catch (e) {
    throw encodeFailure(e, kind);
  }
  return w.finish();
}

function encodeFailure(e: unknown, kind: string): unknown {
  return e instanceof ProtobufError ? internalError(new Error(`unable to encode ${kind} as protobuf: ${describe(e)}`)) : e;
}

export interface WatchEventValue {
  readonly type: string;
  readonly object: KubeObject | Record<string, unknown>;
}

/**
 * A watch event as kube-apiserver streams it for protobuf clients: a metav1.WatchEvent message
 * WITHOUT the `k8s\0` envelope (the stream serializer is protobuf's RawSerializer), whose
 * `object` is the enveloped protobuf object. The caller frames each message with a 4-byte
 * big-endian length (apimachinery protobuf.LengthDelimitedFramer).
 */
export function encodeProtobufWatchEvent(event: WatchEventValue): Uint8Array {
  const w = new ProtoWriter();
  try {
    encodeMessage(w, WATCH_EVENT, { type: event.type, object: event.object }, 'protobuf');
  } catch (e) {
    throw encodeFailure(e, 'WatchEvent');
  }
  return w.finish();
}

/** The inverse of encodeProtobufWatchEvent (one unframed message). */
export function decodeProtobufWatchEvent(bytes: Uint8Array): { type: string; object: JsonValue } {
  try {
    const v = decodeMessage(WATCH_EVENT, bytes) as { type?: string; object?: JsonValue };
    return { type: v.type ?? '', object: v.object ?? null };
  } catch (e) {
    throw decodeFailure(e, 'WatchEvent');
  }
}
