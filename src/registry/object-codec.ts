/**
 * How objects are laid out in storage: JSON bytes of the object without metadata.resourceVersion,
 * which is not stored but derived from the key's modRevision on every read (as kube-apiserver's
 * etcd3 store does with its Versioner). One encoder instance is shared; it holds no state.
 */
import type { KubeObject } from '../api/object.ts';
import type { KeyValue } from '../storage/backend.ts';

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodeObject(obj: KubeObject): Uint8Array {
  const rv = obj.metadata.resourceVersion;
  if (rv === undefined) return encoder.encode(JSON.stringify(obj));
  delete obj.metadata.resourceVersion;
  try {
    return encoder.encode(JSON.stringify(obj));
  } finally {
    obj.metadata.resourceVersion = rv;
  }
}

/** Decodes a stored value; the result is a fresh object the caller owns. */
export function decodeObject(kv: KeyValue): KubeObject {
  const obj = JSON.parse(decoder.decode(kv.value)) as KubeObject;
  obj.metadata ??= {};
  obj.metadata.resourceVersion = String(kv.modRevision);
  return obj;
}
