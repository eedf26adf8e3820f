/**
 * How objects are laid out in storage: JSON bytes of the object without metadata.resourceVersion,
 * which is not stored but derived from the key's modRevision on every read (as kube-apiserver's
 * etcd3 store does with its Versioner). One encoder instance is shared; it holds no state.
 */
import type { KubeObject } from '../api/object.ts';
import type { KeyValue } from '../storage/backend.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * Stored JSON always begins `{"apiVersion":…,"kind":…,"metadata":{`, whatever order the client
 * sent, so that {@link rawJsonWithRevision} can add the resourceVersion without parsing.
 */
export function encodeObject(obj: KubeObject): Uint8Array {
  const { apiVersion, kind, metadata, ...rest } = obj;
  const { resourceVersion: _rv, ...meta } = metadata ?? {};
  return encoder.encode(JSON.stringify({ apiVersion, kind, metadata: meta, ...rest }));
}

/**
 * The stored JSON of `kv` with metadata.resourceVersion set, without decoding it: the fast path
 * of JSON gets and lists. Undefined when the bytes do not start with the expected prefix (data
 * written before the prefix rule, or another kind); callers then decode.
 */
export function rawJsonWithRevision(kv: KeyValue, prefix: string): string | undefined {
  const text = decoder.decode(kv.value);
  if (!text.startsWith(prefix) || text.charCodeAt(prefix.length) === 125 /* } */) return undefined;
  return `${prefix}"resourceVersion":"${kv.modRevision}",${text.slice(prefix.length)}`;
}

/** The prefix every stored object of one apiVersion/kind starts with (see encodeObject). */
export function storedPrefix(apiVersion: string, kind: string): string {
  return `{"apiVersion":${JSON.stringify(apiVersion)},"kind":${JSON.stringify(kind)},"metadata":{`;
}

/** Decodes a stored value; the result is a fresh object the caller owns. */
export function decodeObject(kv: KeyValue): KubeObject {
  const obj = JSON.parse(decoder.decode(kv.value)) as KubeObject;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}
