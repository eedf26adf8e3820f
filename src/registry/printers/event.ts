/**
 * Events as kube-apiserver v1.32 prints them (printEvent). core/v1 and events.k8s.io/v1 Events
 * are one stored kind printed by one printer from the internal form; {@link eventFields} maps
 * both wire shapes onto the fields the printer reads (events.k8s.io's regarding, note,
 * reportingController, deprecated* fields are core's involvedObject, message, reportingComponent,
 * firstTimestamp…).
 *
 * Columns, in kube's order: LAST SEEN, TYPE, REASON, OBJECT, SUBOBJECT*, SOURCE*, MESSAGE,
 * FIRST SEEN*, COUNT*, NAME* (* = -o wide).
 */
import type { KubeObject } from '../../api/object.ts';
import { column, nameOf, wide } from './columns.ts';
import { humanDuration, parseTime, since } from './human-duration.ts';
import type { Printer } from './table.ts';
import { num, obj, optObj, str, type JsonObject } from './value.ts';

interface EventFields {
  readonly involvedObject: JsonObject;
  readonly firstTimestamp: unknown;
  readonly lastTimestamp: unknown;
  readonly eventTime: unknown;
  readonly count: number;
  readonly series: JsonObject | undefined;
  readonly source: JsonObject;
  readonly reportingController: string;
  readonly reportingInstance: string;
  readonly message: string;
}

/** Reads an Event in either API group's shape (see file comment). */
export function eventFields(e: KubeObject): EventFields {
  const isEventsGroup = typeof e.apiVersion === 'string' && e.apiVersion.startsWith('events.k8s.io/');
  const series = optObj(e.series);
  return {
    involvedObject: obj(isEventsGroup ? e.regarding : e.involvedObject),
    firstTimestamp: isEventsGroup ? e.deprecatedFirstTimestamp : e.firstTimestamp,
    lastTimestamp: isEventsGroup ? e.deprecatedLastTimestamp : e.lastTimestamp,
    eventTime: e.eventTime,
    count: num(isEventsGroup ? e.deprecatedCount : e.count),
    series,
    source: obj(isEventsGroup ? e.deprecatedSource : e.source),
    reportingController: str(isEventsGroup ? e.reportingController : e.reportingComponent),
    reportingInstance: str(e.reportingInstance),
    message: str(isEventsGroup ? e.note : e.message),
  };
}

export const eventPrinter: Printer = {
  columns: [
    column('Last Seen', 'string', 'Time since the event was last observed.'),
    column('Type', 'string', 'Normal or Warning.'),
    column('Reason', 'string', 'Short machine-readable reason for the event.'),
    column('Object', 'string', 'The object the event is about, as kind/name.'),
    wide('Subobject', 'string', 'The part of the object the event is about, e.g. a container.'),
    wide('Source', 'string', 'The component (and host) that reported the event.'),
    column('Message', 'string', 'Human-readable description of the event.'),
    wide('First Seen', 'string', 'Time since the event was first observed.'),
    wide('Count', 'string', 'How many times the event was observed.'),
    column('Name', 'string', 'Name of the event object.', { priority: 1, format: 'name' }),
  ],
  row(e, now) {
    const f = eventFields(e);
    // First seen falls back to eventTime (new-style events); last seen to first seen, unless
    // the event is a series, whose last observation and count win.
    const first = parseTime(f.firstTimestamp);
    const firstSeen = first !== undefined ? humanDuration(now - first) : since(f.eventTime, now);
    const last = parseTime(f.lastTimestamp);
    let lastSeen = last !== undefined ? humanDuration(now - last) : firstSeen;
    let count = f.count;
    if (f.series) {
      lastSeen = since(f.series.lastObservedTime, now);
      count = num(f.series.count);
    } else if (count === 0) {
      count = 1; // singleton events of the new API have no count
    }
    const kind = str(f.involvedObject.kind).toLowerCase();
    const name = str(f.involvedObject.name);
    const target = name === '' ? kind : `${kind}/${name}`;
    const component = str(f.source.component) || f.reportingController;
    const instance = str(f.source.host) || f.reportingInstance;
    const source = instance === '' ? component : `${component}, ${instance}`;
    return [
      lastSeen, str(e.type), str(e.reason), target, str(f.involvedObject.fieldPath), source,
      f.message.trim(), firstSeen, count, nameOf(e),
    ];
  },
};
