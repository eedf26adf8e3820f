/**
 * metav1.LabelSelector as an API object: its shape (ValidateLabelSelector, from
 * apimachinery/pkg/apis/meta/v1/validation), and, through src/api/selector (which owns selector
 * semantics), whether it matches a label set and its string form.
 */
import { type FieldError, child, forbidden, index, invalidValue, required } from '../field-error.ts';
import { LabelSelector, LabelSelectorError, type LabelSelectorObject, labelSelectorAsSelector, labelSelectorFromSet } from '../selector/label-selector.ts';
import { asArr, asObj, asStr, asStrMap, objects, strings } from './access.ts';
import { invalidEach, isQualifiedName, isValidLabelValue } from './names.ts';
import { validateLabels } from './object-meta.ts';

export interface LabelSelectorOptions {
  /** AllowInvalidLabelValueInSelector (kept for objects that were created before the check). */
  readonly allowInvalidLabelValue?: boolean;
}

/** ValidateLabelSelector; a nil selector is valid here (callers that need one say Required). */
export function validateLabelSelector(selector: unknown, path: string, options: LabelSelectorOptions = {}): FieldError[] {
  const sel = asObj(selector);
  if (!sel) return [];
  const errs = validateLabels(sel.matchLabels, child(path, 'matchLabels'));
  asArr(sel.matchExpressions).forEach((e, i) => {
    const expr = asObj(e) ?? {};
    const p = index(child(path, 'matchExpressions'), i);
    const values = asArr(expr.values);
    switch (expr.operator) {
      case 'In': case 'NotIn':
        if (values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
        break;
      case 'Exists': case 'DoesNotExist':
        if (values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
        break;
      default:
        errs.push(invalidValue(child(p, 'operator'), expr.operator ?? '', 'not a valid selector operator'));
    }
    errs.push(...invalidEach(child(p, 'key'), asStr(expr.key), isQualifiedName(asStr(expr.key))));
    if (!options.allowInvalidLabelValue) {
      values.forEach((v, j) => errs.push(...invalidEach(index(child(p, 'values'), j), v, isValidLabelValue(asStr(v)))));
    }
  });
  return errs;
}

/** The decoded selector in the shape src/api/selector reads (undefined stays undefined = nil). */
function selectorObject(selector: unknown): LabelSelectorObject | undefined {
  const sel = asObj(selector);
  if (!sel) return undefined;
  return {
    matchLabels: asStrMap(sel.matchLabels),
    matchExpressions: objects(sel.matchExpressions).map((e) => ({ key: asStr(e.key), operator: asStr(e.operator), values: strings(e.values) })),
  };
}

/** LabelSelectorAsSelector: nil → Nothing; an unconvertible selector → the LabelSelectorError. */
export function asSelector(selector: unknown): LabelSelector | LabelSelectorError {
  try {
    return labelSelectorAsSelector(selectorObject(selector));
  } catch (e) {
    if (e instanceof LabelSelectorError) return e;
    throw e;
  }
}

/** selector.Matches(labels.Set(labels)); a nil or invalid selector matches nothing. */
export function labelSelectorMatches(selector: unknown, labels: Record<string, string>): boolean {
  const s = asSelector(selector);
  return s instanceof LabelSelector && s.matches(labels);
}

/** Selector.String() ("app=web,tier in (a,b)"); "" for a nil, empty or invalid selector. */
export function formatLabelSelector(selector: unknown): string {
  const s = asSelector(selector);
  return s instanceof LabelSelector ? s.toString() : '';
}

/** labels.SelectorFromSet(set).String() for map selectors (ReplicationController). */
export function formatSetSelector(set: Record<string, string>): string {
  return labelSelectorFromSet(set).toString();
}
