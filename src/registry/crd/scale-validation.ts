/**
 * The checks kube makes of a custom resource's scale fields, after apiextensions-apiserver
 * pkg/registry/customresource/validator.go (ValidateScaleSpec, ValidateScaleStatus): the
 * replicas at specReplicasPath / statusReplicasPath are non-negative int32s when present, and
 * the label selector at labelSelectorPath is a string. Errors name the path as the CRD wrote it
 * (".spec.replicas"), as kube's field.NewPath(scale.SpecReplicasPath) does.
 */
import { type FieldError, invalidValue } from '../../api/field-error.ts';
import type { KubeObject } from '../../api/object.ts';
import { isJsonObject } from './json-schema-props.ts';

export interface CustomResourceScale {
  readonly specReplicasPath: string;
  readonly statusReplicasPath: string;
  readonly labelSelectorPath?: string;
}

const MAX_INT32 = 2 ** 31 - 1;

function fieldsOf(jsonPath: string): string[] {
  return jsonPath.replace(/^\./, '').split('.');
}

/** unstructured.NestedFieldNoCopy: undefined when a step is missing or not an object. */
function nested(obj: KubeObject, jsonPath: string): unknown {
  let cur: unknown = obj;
  for (const f of fieldsOf(jsonPath)) {
    if (!isJsonObject(cur)) return undefined;
    cur = cur[f];
  }
  return cur;
}

/** Go's %T of a decoded JSON value, for accessor errors. */
function goType(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? 'int64' : 'float64';
  if (typeof v === 'string') return 'string';
  if (typeof v === 'boolean') return 'bool';
  if (Array.isArray(v)) return '[]interface {}';
  return 'map[string]interface {}';
}

function replicas(obj: KubeObject, jsonPath: string): FieldError[] {
  const v = nested(obj, jsonPath);
  if (v === undefined || v === null) return [];
  if (typeof v !== 'number' || !Number.isInteger(v)) {
    return [invalidValue(jsonPath, 0, `.${fieldsOf(jsonPath).join('.')} accessor error: ${typeof v === 'object' ? JSON.stringify(v) : String(v)} is of the type ${goType(v)}, expected int64`)];
  }
  if (v < 0) return [invalidValue(jsonPath, v, 'should be a non-negative integer')];
  if (v > MAX_INT32) return [invalidValue(jsonPath, v, `should be less than or equal to ${MAX_INT32}`)];
  return [];
}

export function validateScaleSpec(obj: KubeObject, scale: CustomResourceScale | undefined): FieldError[] {
  return scale ? replicas(obj, scale.specReplicasPath) : [];
}

export function validateScaleStatus(obj: KubeObject, scale: CustomResourceScale | undefined): FieldError[] {
  if (!scale) return [];
  const errs = replicas(obj, scale.statusReplicasPath);
  if (scale.labelSelectorPath) {
    const v = nested(obj, scale.labelSelectorPath);
    if (v !== undefined && v !== null && typeof v !== 'string') {
      errs.push(invalidValue(scale.labelSelectorPath, '', `.${fieldsOf(scale.labelSelectorPath).join('.')} accessor error: ${JSON.stringify(v)} is of the type ${goType(v)}, expected string`));
    }
  }
  return errs;
}
