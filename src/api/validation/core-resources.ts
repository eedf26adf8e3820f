/**
 * Resource names and quantities, after pkg/apis/core/validation (ValidateResourceRequirements,
 * validateContainerResourceName, ValidateResourceQuantityValue) and pkg/apis/core/helper.
 */
import { type FieldError, child, forbidden, invalidValue, key, required } from '../field-error.ts';
import { asObj } from './access.ts';
import { IS_NEGATIVE_ERROR_MSG } from './common.ts';
import { invalidEach, isQualifiedName } from './names.ts';
import { type Quantity, QuantityParseError, parseQuantity } from '../quantity.ts';

const STANDARD_CONTAINER_RESOURCES = new Set(['cpu', 'memory', 'ephemeral-storage']);

/** IsNativeResource: no domain, or the kubernetes.io domain. */
export function isNativeResource(name: string): boolean {
  return !name.includes('/') || name.includes('kubernetes.io/');
}
export const isHugePageResourceName = (name: string): boolean => name.startsWith('hugepages-');
/** IsOvercommitAllowed: native, non-hugepage resources may request less than their limit. */
export const isOvercommitAllowed = (name: string): boolean => isNativeResource(name) && !isHugePageResourceName(name);
/** IsIntegerResourceName: extended resources and object counts must be whole numbers. */
export function isIntegerResourceName(name: string): boolean {
  return !isNativeResource(name) || ['pods', 'services', 'replicationcontrollers', 'resourcequotas', 'secrets', 'configmaps',
    'persistentvolumeclaims', 'services.nodeports', 'services.loadbalancers'].includes(name) || name.startsWith('count/');
}

/**
 * A quantity from its JSON form (a string, or a number as Quantity.UnmarshalJSON accepts), or the
 * parse error with apimachinery's message.
 */
export function toQuantity(v: unknown): Quantity | QuantityParseError {
  const s = typeof v === 'number' && Number.isFinite(v) ? String(v) : typeof v === 'string' ? v : '';
  try {
    return parseQuantity(s);
  } catch (e) {
    if (e instanceof QuantityParseError) return e;
    throw e;
  }
}

/** The quantity, or undefined when absent or unparsable. */
export function quantityOf(v: unknown): Quantity | undefined {
  if (v === undefined || v === null) return undefined;
  const q = toQuantity(v);
  return q instanceof QuantityParseError ? undefined : q;
}

/**
 * Parses a quantity, reporting the parse error on `path`. (kube-apiserver fails the decode of the
 * whole body with this message; a field error is the closest a validation pass can say it.)
 */
export function quantityAt(v: unknown, path: string, errs: FieldError[]): Quantity | undefined {
  const q = toQuantity(v);
  if (q instanceof QuantityParseError) { errs.push(invalidValue(path, v, q.message)); return undefined; }
  return q;
}

/** ValidateResourceQuantityValue: non-negative, whole for integer resources. */
export function validateResourceQuantityValue(name: string, v: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const q = quantityAt(v, path, errs);
  if (!q) return errs;
  if (q.sign() < 0) errs.push(invalidValue(path, q.toString(), IS_NEGATIVE_ERROR_MSG));
  if (isIntegerResourceName(name) && q.milliValue() % 1000n !== 0n) errs.push(invalidValue(path, q.toString(), 'must be an integer'));
  return errs;
}

/** validateResourceName + validateContainerResourceName. */
export function validateContainerResourceName(name: string, path: string): FieldError[] {
  const errs = invalidEach(path, name, isQualifiedName(name));
  if (!name.includes('/')) {
    if (!STANDARD_CONTAINER_RESOURCES.has(name) && !isHugePageResourceName(name)) errs.push(invalidValue(path, name, 'must be a standard resource for containers'));
  } else if (!isNativeResource(name) && (name.startsWith('requests.') || isQualifiedName(`requests.${name}`).length > 0)) {
    errs.push(invalidValue(path, name, "doesn't follow extended resource name standard"));
  }
  return errs;
}

/** ValidateResourceRequirements for a container's `resources`. */
export function validateResourceRequirements(resources: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const r = asObj(resources) ?? {};
  const limPath = child(path, 'limits');
  const reqPath = child(path, 'requests');
  const limits = asObj(r.limits) ?? {};
  const requests = asObj(r.requests) ?? {};
  let cpuOrMemory = false;
  let hugePages = false;
  for (const [name, q] of Object.entries(limits)) {
    errs.push(...validateContainerResourceName(name, key(limPath, name)));
    errs.push(...validateResourceQuantityValue(name, q, key(limPath, name)));
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (isHugePageResourceName(name)) hugePages = true;
  }
  for (const [name, q] of Object.entries(requests)) {
    errs.push(...validateContainerResourceName(name, key(reqPath, name)));
    errs.push(...validateResourceQuantityValue(name, q, key(reqPath, name)));
    const req = quantityOf(q);
    const lim = quantityOf(limits[name]);
    if (limits[name] !== undefined) {
      if (req && lim && req.cmp(lim) !== 0 && !isOvercommitAllowed(name)) {
        errs.push(invalidValue(reqPath, req.toString(), `must be equal to ${name} limit of ${lim.toString()}`));
      } else if (req && lim && req.cmp(lim) > 0) {
        errs.push(invalidValue(reqPath, req.toString(), `must be less than or equal to ${name} limit of ${lim.toString()}`));
      }
    } else if (!isOvercommitAllowed(name)) {
      errs.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
    if (name === 'cpu' || name === 'memory') cpuOrMemory = true;
    if (isHugePageResourceName(name)) hugePages = true;
  }
  if (!cpuOrMemory && hugePages) errs.push(forbidden(path, 'HugePages require cpu or memory'));
  return errs;
}
