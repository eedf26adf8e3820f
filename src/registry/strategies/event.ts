/**
 * Events (core/v1 and events.k8s.io/v1, one stored object), after pkg/registry/core/event/strategy.go
 * and pkg/registry/events: PUT may create; validation is strict for events.k8s.io/v1 requests (see
 * core-event.ts). Field selectors name the fields as each version does.
 */
import type { KubeObject } from '../../api/object.ts';
import { asObj, asStr } from '../../api/validation/access.ts';
import { eventView, validateEventCreate, validateEventUpdate } from '../../api/validation/core-event.ts';
import type { Strategy } from '../strategy.ts';
import { defineStrategy } from './define-strategy.ts';

const REFERENCE_FIELDS = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;

/** ToSelectableFields (core/v1 field labels); `source` falls back to the reporting controller. */
export function eventFieldSet(ev: KubeObject): Record<string, string> {
  const v = eventView(ev);
  const involved = asObj(v.involvedObject) ?? {};
  const source = asStr(asObj(v.source)?.component);
  const fields: Record<string, string> = {};
  for (const f of REFERENCE_FIELDS) fields[`involvedObject.${f}`] = asStr(involved[f]);
  return {
    ...fields,
    reason: v.reason,
    reportingComponent: v.reportingController,
    source: source !== '' ? source : v.reportingController,
    type: v.type,
  };
}

/**
 * The events.k8s.io/v1 field labels, as pkg/apis/events/v1's AddFieldLabelConversionsForEvent
 * maps them onto ToSelectableFields: `regarding.*` is `involvedObject.*`, `reportingController`
 * is `reportingComponent`; `source` and the `involvedObject.*` names are not supported here.
 */
export function eventsV1FieldSet(ev: KubeObject): Record<string, string> {
  const core = eventFieldSet(ev);
  const fields: Record<string, string> = {};
  for (const f of REFERENCE_FIELDS) fields[`regarding.${f}`] = core[`involvedObject.${f}`];
  return { ...fields, reason: core.reason, reportingController: core.reportingComponent, type: core.type };
}

export const eventStrategy = defineStrategy({
  allowCreateOnUpdate: true,
  validate: validateEventCreate,
  validateUpdate: validateEventUpdate,
  fieldSet: eventFieldSet,
});

/** events.k8s.io/v1 Events: the core rules (validation tells the versions apart by apiVersion), its own field labels. */
export const eventsV1Strategy: Strategy = { ...eventStrategy, fieldSet: eventsV1FieldSet };
