/**
 * A malformed protobuf message, or a JSON value its message cannot hold. The public codec turns
 * it into a Kubernetes Status error (400 when decoding, 500 when encoding).
 */
/**
 * `path` (JSON field names and list indexes, outermost first) is filled in as the error unwinds
 * through nested messages.
 */
export class ProtobufError extends Error {
  override name = 'ProtobufError';
  readonly path: (string | number)[] = [];
}

export function protobufError(message: string): ProtobufError { return new ProtobufError(message); }

/** `spec.template.spec.containers[0].name` */
export function formatPath(path: readonly (string | number)[]): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

