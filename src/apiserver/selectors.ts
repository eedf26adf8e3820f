/**
 * Turns the labelSelector and fieldSelector query parameters into one predicate over objects,
 * rejecting field labels the kind does not support, as kube-apiserver does.
 */
import type { KubeObject } from '../api/object.ts';
import { parseFieldSelector } from '../api/selector/field-selector.ts';
import { parseLabelSelector } from '../api/selector/label-selector.ts';
import { badRequest } from '../api/status.ts';
import type { Store } from '../registry/store.ts';
import type { ObjectPredicate } from '../registry/store-types.ts';

export function listPredicate(store: Store, query: URLSearchParams, extraFieldSelector?: string): ObjectPredicate | undefined {
  const labelText = query.get('labelSelector') ?? '';
  let fieldText = query.get('fieldSelector') ?? '';
  if (extraFieldSelector) fieldText = fieldText ? `${fieldText},${extraFieldSelector}` : extraFieldSelector;
  const labels = labelText.trim() ? parseLabelSelector(labelText) : undefined;
  const fields = fieldText.trim() ? parseFieldSelector(fieldText) : undefined;
  if (!labels && !fields) return undefined;
  if (fields) {
    const probe = store.fieldsOf({ metadata: {} } as KubeObject);
    for (const r of fields.requirements) {
      if (!(r.field in probe)) {
        throw badRequest(`field label not supported: ${r.field}`);
      }
    }
  }
  return (obj: KubeObject) => (!labels || labels.matches(obj.metadata.labels ?? {})) && (!fields || fields.matches(store.fieldsOf(obj)));
}
