/**
 * Events (core/v1 and events.k8s.io/v1), after pkg/registry/core/event/strategy.go and
 * pkg/registry/events: PUT may create; field selectors use the core field names.
 */
import type { KubeObject } from '../../api/object.ts';
import { asObj, asStr } from '../../api/validation/access.ts';
import { eventView, validateEventCreate, validateEventUpdate } from '../../api/validation/core-event.ts';
import { defineStrategy } from './define-strategy.ts';

/** ToSelectableFields; `source` falls back to the reporting controller. */
export function eventFieldSet(ev: KubeObject): Record<string, string> {
  const v = eventView(ev);
  const involved = asObj(v.involvedObject) ?? {};
  const source = asStr(asObj(v.source)?.component);
  return {
    'involvedObject.kind': asStr(involved.kind),
    'involvedObject.namespace': asStr(involved.namespace),
    'involvedObject.name': asStr(involved.name),
    'involvedObject.uid': asStr(involved.uid),
    'involvedObject.apiVersion': asStr(involved.apiVersion),
    'involvedObject.resourceVersion': asStr(involved.resourceVersion),
    'involvedObject.fieldPath': asStr(involved.fieldPath),
    reason: v.reason,
    reportingComponent: v.reportingController,
    source: source !== '' ? source : v.reportingController,
    type: v.type,
  };
}

export const eventStrategy = defineStrategy({
  allowCreateOnUpdate: true,
  validate: validateEventCreate,
  validateUpdate: validateEventUpdate,
  fieldSet: eventFieldSet,
});
