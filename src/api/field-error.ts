/**
 * Validation results, shaped like k8s.io/apimachinery/pkg/util/validation/field: a path, a type
 * and a detail. Validation returns FieldError[] and never throws; the API layer turns a non-empty
 * list into a 422 Invalid Status whose causes are these errors.
 */
export type FieldErrorType =
  | 'FieldValueRequired'
  | 'FieldValueInvalid'
  | 'FieldValueNotSupported'
  | 'FieldValueDuplicate'
  | 'FieldValueForbidden'
  | 'FieldValueTooLong'
  | 'FieldValueTooMany'
  | 'FieldValueTypeInvalid'
  | 'InternalError';

export interface FieldError {
  readonly type: FieldErrorType;
  /** Dotted path with indexes and keys, e.g. `spec.containers[0].image`, `metadata.labels[app]`. */
  readonly field: string;
  /** The offending value, when it helps the message (omitted for Required). */
  readonly badValue?: unknown;
  readonly detail?: string;
}

export const required = (field: string, detail = ''): FieldError => ({ type: 'FieldValueRequired', field, detail });
export const invalidValue = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueInvalid', field, badValue, detail });
export const notSupported = (field: string, badValue: unknown, supported: readonly string[]): FieldError => ({
  type: 'FieldValueNotSupported', field, badValue, detail: `supported values: ${supported.map((s) => `"${s}"`).join(', ')}`,
});
export const duplicate = (field: string, badValue: unknown): FieldError => ({ type: 'FieldValueDuplicate', field, badValue });
export const forbidden = (field: string, detail: string): FieldError => ({ type: 'FieldValueForbidden', field, detail });
export const tooLong = (field: string, badValue: unknown, max: number): FieldError => ({
  type: 'FieldValueTooLong', field, badValue, detail: `must have at most ${max} bytes`,
});
export const typeInvalid = (field: string, badValue: unknown, detail: string): FieldError => ({ type: 'FieldValueTypeInvalid', field, badValue, detail });
export const internalError = (field: string, detail: string): FieldError => ({ type: 'InternalError', field, detail });

/**
 * A bad value printed as written rather than as JSON: what Go prints for a fmt.Stringer or, with
 * %#v, for a struct (`apiextensions.ValidationRule{Rule:"…", …}`).
 */
export class RawValue {
  constructor(readonly text: string) {}
  toJSON(): string { return this.text; }
}

/** The "spec.x: Invalid value: ...: detail" rendering kube-apiserver puts in Status messages. */
export function formatFieldError(e: FieldError): string {
  const kind: Record<FieldErrorType, string> = {
    FieldValueRequired: 'Required value',
    FieldValueInvalid: 'Invalid value',
    FieldValueNotSupported: 'Unsupported value',
    FieldValueDuplicate: 'Duplicate value',
    FieldValueForbidden: 'Forbidden',
    FieldValueTooLong: 'Too long',
    FieldValueTooMany: 'Too many',
    FieldValueTypeInvalid: 'Invalid value',
    InternalError: 'Internal error',
  };
  let s = `${e.field}: ${kind[e.type]}`;
  const showValue = e.type !== 'FieldValueRequired' && e.type !== 'FieldValueForbidden' && e.type !== 'FieldValueTooMany'
    && e.type !== 'InternalError' && e.badValue !== undefined;
  if (showValue) s += `: ${e.badValue instanceof RawValue ? e.badValue.text : JSON.stringify(e.badValue)}`;
  if (e.detail) s += `: ${e.detail}`;
  return s;
}

/** Path helpers: child(`spec`, `containers`) → `spec.containers`; index(p, 0) → `p[0]`; key(p, 'a') → `p[a]`. */
export const child = (parent: string, name: string): string => (parent === '' ? name : `${parent}.${name}`);
export const index = (parent: string, i: number): string => `${parent}[${i}]`;
export const key = (parent: string, k: string): string => `${parent}[${k}]`;
