/**
 * Field rules shared by every kind, after pkg/apis/core/validation (ValidateNonnegativeField,
 * ValidateImmutableField, ValidatePortNumOrName) and pkg/apis/apps/validation
 * (ValidatePositiveIntOrPercent, IsNotMoreThan100Percent), with kube's messages.
 */
import { type FieldError, invalidValue, notSupported, required } from '../field-error.ts';
import { deepEqual } from './access.ts';
import { invalidEach, isValidPercent, isValidPortName, isValidPortNum } from './names.ts';

export const IS_NEGATIVE_ERROR_MSG = 'must be greater than or equal to 0';
export const IS_NOT_POSITIVE_ERROR_MSG = 'must be greater than zero';
export const FIELD_IMMUTABLE_ERROR_MSG = 'field is immutable';

/** ValidateNonnegativeField: undefined (unset) passes. */
export function validateNonnegativeField(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalidValue(path, value, IS_NEGATIVE_ERROR_MSG)] : [];
}

/** A value that must be > 0 when set (isNotPositiveErrorMsg). */
export function validatePositiveField(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value <= 0 ? [invalidValue(path, value, IS_NOT_POSITIVE_ERROR_MSG)] : [];
}

/** ValidateImmutableField: `<path>: Invalid value: <new>: field is immutable`. */
export function validateImmutableField(newVal: unknown, oldVal: unknown, path: string): FieldError[] {
  return deepEqual(newVal, oldVal) ? [] : [invalidValue(path, newVal ?? null, FIELD_IMMUTABLE_ERROR_MSG)];
}

/**
 * ValidatePortNumOrName for an IntOrString: a number is a port, a string is a port *name* (so
 * "80" as a string fails with "must contain at least one letter", as in kube).
 */
export function validatePortNumOrName(port: unknown, path: string): FieldError[] {
  if (typeof port === 'number') return invalidEach(path, port, isValidPortNum(port));
  if (typeof port === 'string') return invalidEach(path, port, isValidPortName(port));
  return [required(path, '')];
}

/** getIntOrPercentValue: 25 for "25%", the number itself for a number. */
export function intOrPercentValue(v: unknown): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^[0-9]+%$/.test(v)) return Number(v.slice(0, -1));
  return 0;
}

/** ValidatePositiveIntOrPercent (despite the name, zero passes). */
export function validatePositiveIntOrPercent(v: unknown, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string') return invalidEach(path, v, isValidPercent(v));
  if (typeof v === 'number') return validateNonnegativeField(v, path);
  return [invalidValue(path, v, "must be an integer or percentage (e.g '5%')")];
}

/** IsNotMoreThan100Percent. */
export function isNotMoreThan100Percent(v: unknown, path: string): FieldError[] {
  if (typeof v !== 'string' || !/^[0-9]+%$/.test(v)) return [];
  return intOrPercentValue(v) > 100 ? [invalidValue(path, v, 'must not be greater than 100%')] : [];
}

/** `""` → Required, a value outside `allowed` → NotSupported (the usual enum switch). */
export function validateEnum(value: string, allowed: readonly string[], path: string, options: { required?: boolean } = {}): FieldError[] {
  if (value === '') return options.required === false ? [] : [required(path, '')];
  return allowed.includes(value) ? [] : [notSupported(path, value, allowed)];
}
