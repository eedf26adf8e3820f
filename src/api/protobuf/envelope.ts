/**
 * The envelope of `application/vnd.kubernetes.protobuf` (apimachinery
 * pkg/runtime/serializer/protobuf/protobuf.go): the 4 bytes `k8s\0`, then a runtime.Unknown
 * message {1 typeMeta {1 apiVersion, 2 kind}, 2 raw (the object's own message),
 * 3 contentEncoding, 4 contentType}.
 */
import { ProtoReader, WireType } from './proto-reader.ts';
import type { ProtoWriter } from './proto-writer.ts';
import { protobufError } from './protobuf-error.ts';

export const KUBERNETES_PROTOBUF_MAGIC: Readonly<Uint8Array> = Uint8Array.of(0x6b, 0x38, 0x73, 0x00);

export interface Envelope {
  readonly apiVersion: string;
  readonly kind: string;
  /** The object's message bytes (a view into the input). */
  readonly raw: Uint8Array;
  readonly contentEncoding: string;
  readonly contentType: string;
}

export function hasKubernetesProtobufMagic(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x6b && bytes[1] === 0x38 && bytes[2] === 0x73 && bytes[3] === 0x00;
}

/** Splits envelope bytes into type and raw message; throws ProtobufError when malformed. */
export function unwrapEnvelope(bytes: Uint8Array): Envelope {
  if (!hasKubernetesProtobufMagic(bytes)) {
    // Go's wording: "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]".
    throw protobufError('the data does not start with the Kubernetes protobuf prefix "k8s\\x00" [107 56 115 0]');
  }
  const r = new ProtoReader(bytes);
  r.pos = 4;
  const end = bytes.length;
  let apiVersion = '';
  let kind = '';
  let raw: Uint8Array = new Uint8Array(0);
  let contentEncoding = '';
  let contentType = '';
  while (r.pos < end) {
    const num = r.tag(end);
    const wt = r.wireType;
    if (num >= 1 && num <= 4 && wt !== WireType.LengthDelimited) throw protobufError(`runtime.Unknown field ${num}: wire type ${wt}, expected 2`);
    switch (num) {
      case 1: {
        const stop = r.delimitedEnd(end);
        while (r.pos < stop) {
          const n = r.tag(stop);
          const w = r.wireType;
          if ((n === 1 || n === 2) && w !== WireType.LengthDelimited) throw protobufError(`runtime.TypeMeta field ${n}: wire type ${w}, expected 2`);
          if (n === 1) apiVersion = r.string(stop);
          else if (n === 2) kind = r.string(stop);
          else r.skip(w, stop, n);
        }
        break;
      }
      case 2: raw = r.bytes(end); break;
      case 3: contentEncoding = r.string(end); break;
      case 4: contentType = r.string(end); break;
      default: r.skip(wt, end, num);
    }
  }
  return { apiVersion, kind, raw, contentEncoding, contentType };
}

/** Writes magic + Unknown{typeMeta, raw, "", ""}; `writeRaw` writes the object's message body. */
export function writeEnvelope(w: ProtoWriter, apiVersion: string, kind: string, writeRaw: (w: ProtoWriter) => void): void {
  w.raw(KUBERNETES_PROTOBUF_MAGIC);
  w.tag(1, WireType.LengthDelimited);
  const typeMeta = w.beginDelimited();
  w.tag(1, WireType.LengthDelimited); w.string(apiVersion);
  w.tag(2, WireType.LengthDelimited); w.string(kind);
  w.endDelimited(typeMeta);
  w.tag(2, WireType.LengthDelimited);
  const raw = w.beginDelimited();
  writeRaw(w);
  w.endDelimited(raw);
  // Go writes both strings even when empty, as kubectl's bodies show (1a 00 22 00).
  w.tag(3, WireType.LengthDelimited); w.string('');
  w.tag(4, WireType.LengthDelimited); w.string('');
}
