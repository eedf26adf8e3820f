/**
 * Event validation after pkg/apis/core/validation/events.go (ValidateEventCreate,
 * ValidateEventUpdate, legacyValidateEvent). core/v1 and events.k8s.io/v1 Events are one object
 * stored once; kube validates the internal form, so errors name the internal (core) fields even
 * for events.k8s.io requests (`message` for `note`, `involvedObject` for `regarding`), except
 * reportingController, which core/v1 callers see as `reportingComponent`.
 */
import { type FieldError, invalidValue, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr } from './access.ts';
import { validateImmutableField } from './common.ts';
import { invalidEach, isDNS1123Subdomain, isQualifiedName } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const REPORTING_INSTANCE_LIMIT = 128;
const ACTION_LIMIT = 128;
const REASON_LIMIT = 128;
const NOTE_LIMIT = 1024;

/** The internal (core) view of an Event, whichever API version it was written in. */
export interface EventView {
  readonly strict: boolean;
  readonly namespace: string;
  readonly eventTime: unknown;
  readonly involvedObject: unknown;
  readonly related: unknown;
  readonly reason: string;
  readonly message: string;
  readonly type: string;
  readonly action: string;
  readonly reportingController: string;
  readonly reportingInstance: string;
  readonly source: unknown;
  readonly firstTimestamp: unknown;
  readonly lastTimestamp: unknown;
  readonly count: unknown;
  readonly series: Obj | undefined;
}

const isSet = (v: unknown): boolean => v !== undefined && v !== null && v !== '';

/** Reads an Event as kube's internal type, mapping events.k8s.io/v1 names onto core ones. */
export function eventView(ev: KubeObject): EventView {
  const events = ev.apiVersion === 'events.k8s.io/v1';
  return {
    strict: events,
    namespace: asStr(ev.metadata?.namespace),
    eventTime: ev.eventTime,
    involvedObject: events ? ev.regarding : ev.involvedObject,
    related: ev.related,
    reason: asStr(ev.reason),
    message: asStr(events ? ev.note : ev.message),
    type: asStr(ev.type),
    action: asStr(ev.action),
    reportingController: asStr(events ? ev.reportingController : ev.reportingComponent),
    reportingInstance: asStr(ev.reportingInstance),
    source: events ? ev.deprecatedSource : ev.source,
    firstTimestamp: events ? ev.deprecatedFirstTimestamp : ev.firstTimestamp,
    lastTimestamp: events ? ev.deprecatedLastTimestamp : ev.lastTimestamp,
    count: events ? ev.deprecatedCount : ev.count,
    series: asObj(ev.series),
  };
}

function legacyValidateEvent(v: EventView): FieldError[] {
  const errs: FieldError[] = [];
  const reportingField = v.strict ? 'reportingController' : 'reportingComponent';
  const involvedNs = asStr(asObj(v.involvedObject)?.namespace);
  if (!isSet(v.eventTime)) {
    const ok = involvedNs === '' ? v.namespace === '' || v.namespace === 'default' : v.namespace === involvedNs;
    if (!ok) errs.push(invalidValue('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  } else {
    if (involvedNs === '' && v.namespace !== 'default' && v.namespace !== 'kube-system') {
      errs.push(invalidValue('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
    }
    if (v.reportingController === '') errs.push(required(reportingField, ''));
    errs.push(...invalidEach(reportingField, v.reportingController, isQualifiedName(v.reportingController)));
    if (v.reportingInstance === '') errs.push(required('reportingInstance', ''));
    if (v.reportingInstance.length > REPORTING_INSTANCE_LIMIT) errs.push(invalidValue('reportingInstance', '', `can have at most ${REPORTING_INSTANCE_LIMIT} characters`));
    if (v.action === '') errs.push(required('action', ''));
    if (v.action.length > ACTION_LIMIT) errs.push(invalidValue('action', '', `can have at most ${ACTION_LIMIT} characters`));
    if (v.reason === '') errs.push(required('reason', ''));
    if (v.reason.length > REASON_LIMIT) errs.push(invalidValue('reason', '', `can have at most ${REASON_LIMIT} characters`));
    if (v.message.length > NOTE_LIMIT) errs.push(invalidValue('message', '', `can have at most ${NOTE_LIMIT} characters`));
  }
  errs.push(...invalidEach('namespace', v.namespace, isDNS1123Subdomain(v.namespace)));
  return errs;
}

function validateSeries(v: EventView): FieldError[] {
  if (!v.series) return [];
  const errs: FieldError[] = [];
  if (typeof v.series.count !== 'number' || v.series.count < 2) errs.push(invalidValue('series.count', '', 'should be at least 2'));
  if (!isSet(v.series.lastObservedTime)) errs.push(required('series.lastObservedTime', ''));
  return errs;
}

/** ValidateEventCreate: legacy rules always; the strict ones for events.k8s.io/v1. */
export function validateEventCreate(ev: KubeObject): FieldError[] {
  const v = eventView(ev);
  const errs = legacyValidateEvent(v);
  if (!v.strict) return errs;
  errs.push(...validateObjectMeta(ev.metadata, { namespaced: true }));
  errs.push(...validateSeries(v));
  if (!isSet(v.eventTime)) errs.push(required('eventTime', ''));
  if (v.type !== 'Normal' && v.type !== 'Warning') errs.push(invalidValue('type', '', `has invalid value: ${v.type}`));
  if (isSet(v.firstTimestamp)) errs.push(invalidValue('firstTimestamp', '', 'needs to be unset'));
  if (isSet(v.lastTimestamp)) errs.push(invalidValue('lastTimestamp', '', 'needs to be unset'));
  if (typeof v.count === 'number' && v.count !== 0) errs.push(invalidValue('count', '', 'needs to be unset'));
  const source = asObj(v.source);
  if (asStr(source?.component) !== '' || asStr(source?.host) !== '') errs.push(invalidValue('source', '', 'needs to be unset'));
  return errs;
}

/** ValidateEventUpdate: through events.k8s.io/v1 the descriptive fields are immutable. */
export function validateEventUpdate(ev: KubeObject, old: KubeObject): FieldError[] {
  const v = eventView(ev);
  const errs = legacyValidateEvent(v);
  if (!v.strict) return errs;
  const o = eventView(old);
  errs.push(...validateObjectMetaUpdate(ev.metadata, old.metadata));
  if (JSON.stringify(v.series) !== JSON.stringify(o.series)) errs.push(...validateSeries(v));
  const fields: [string, unknown, unknown][] = [
    ['involvedObject', v.involvedObject, o.involvedObject], ['reason', v.reason, o.reason], ['message', v.message, o.message],
    ['source', v.source, o.source], ['firstTimestamp', v.firstTimestamp, o.firstTimestamp], ['lastTimestamp', v.lastTimestamp, o.lastTimestamp],
    ['count', v.count, o.count], ['type', v.type, o.type],
  ];
  // as kube: eventTime changes below a microsecond are tolerated (clients truncating nanoseconds, kubernetes#111928).
  if (microseconds(v.eventTime) !== microseconds(o.eventTime)) fields.push(['eventTime', v.eventTime, o.eventTime]);
  fields.push(
    ['action', v.action, o.action], ['related', v.related, o.related],
    ['reportingController', v.reportingController, o.reportingController], ['reportingInstance', v.reportingInstance, o.reportingInstance],
  );
  for (const [f, nv, ov] of fields) errs.push(...validateImmutableField(nv, ov, f));
  return errs;
}

/** A MicroTime as whole microseconds since the epoch; unset as undefined, unparsable as itself. */
function microseconds(t: unknown): unknown {
  if (!isSet(t)) return undefined;
  if (typeof t !== 'string') return JSON.stringify(t);
  const m = /^([^.]+?)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/i.exec(t);
  const ms = m ? Date.parse(`${m[1]}${m[3]}`) : NaN;
  if (!m || Number.isNaN(ms)) return t;
  return ms * 1000 + Number((m[2] ?? '').padEnd(6, '0').slice(0, 6));
}
