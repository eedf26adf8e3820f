/**
 * Request bodies: read with a size limit and decoded by Content-Type (JSON, YAML; protobuf when a
 * decoder is installed), with kube-apiserver's 400/413/415 answers for bad input.
 */
import { parse as parseYaml } from 'yaml';
import { type KubeObject, isObject } from '../api/object.ts';
import { badRequest, requestEntityTooLarge, unsupportedMediaType } from '../api/status.ts';

/** kube-apiserver's default max request body (3 MiB), beyond which writes get 413. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

export type ProtobufDecoder = (bytes: Uint8Array) => KubeObject;

export function tooLarge(): Error {
  return requestEntityTooLarge(`the request body is too large: limit is ${MAX_BODY_BYTES} bytes`);
}

export function mediaTypeOf(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0].trim().toLowerCase();
}

/** Decodes an object body (create, update, SSA). */
export function decodeBody(body: Buffer, contentType: string | undefined, protobuf?: ProtobufDecoder): unknown {
  const type = mediaTypeOf(contentType);
  if (body.length === 0) throw badRequest('the request body is empty');
  switch (type) {
    case '':
    case 'application/json':
    case 'application/merge-patch+json':
    case 'application/strategic-merge-patch+json':
    case 'application/json-patch+json':
      return parseJson(body);
    case 'application/yaml':
    case 'application/apply-patch+yaml':
      return parseYamlBody(body);
    case 'application/vnd.kubernetes.protobuf':
      if (protobuf) return protobuf(body);
      throw unsupportedMediaType(type);
    default:
      throw unsupportedMediaType(type);
  }
}

export function parseJson(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch (e) {
    throw badRequest(`the server rejected our request due to an error in our request: json parse error: ${(e as Error).message}`);
  }
}

function parseYamlBody(body: Buffer): unknown {
  try {
    // YAML 1.1 booleans (yes/no/on/off), as Go's yaml decoder reads them.
    return parseYaml(body.toString('utf8'), { version: '1.1', uniqueKeys: false });
  } catch (e) {
    throw badRequest(`the server rejected our request due to an error in our request: yaml: ${(e as Error).message}`);
  }
}

/** Checks that a decoded body is an object of the kind the endpoint serves, defaulting apiVersion/kind. */
export function asKubeObject(value: unknown, expected: { apiVersion: string; kind: string }): KubeObject {
  if (!isObject(value)) throw badRequest('the body of the request must be a JSON or YAML object');
  const obj = value as KubeObject;
  if (obj.apiVersion === undefined || obj.apiVersion === '') obj.apiVersion = expected.apiVersion;
  if (obj.kind === undefined || obj.kind === '') obj.kind = expected.kind;
  if (obj.apiVersion !== expected.apiVersion) {
    throw badRequest(`the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${expected.apiVersion})`);
  }
  if (obj.kind !== expected.kind) {
    throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${expected.kind})`);
  }
  if (obj.metadata === undefined || obj.metadata === null) obj.metadata = {};
  if (!isObject(obj.metadata)) throw badRequest('metadata must be an object');
  return obj;
}
