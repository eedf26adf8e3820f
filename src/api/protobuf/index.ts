export {
  KUBERNETES_PROTOBUF_CONTENT_TYPE, decodeKubernetesProtobuf, encodeKubernetesProtobuf,
  encodeProtobufWatchEvent, decodeProtobufWatchEvent, type EncodeOptions, type WatchEventValue,
} from './kubernetes-protobuf.ts';
export { KUBERNETES_PROTOBUF_MAGIC, hasKubernetesProtobufMagic } from './envelope.ts';
export { messageForKind, protoPackageOf } from './message-schema.ts';
