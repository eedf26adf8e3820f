/**
 * Event events.k8s.io/v1 ⇄ core/v1 (the storage version), after pkg/apis/events/v1/conversion.go
 * and core/v1's own conversion to the internal Event: one internal field, two wire names. Both
 * versions hold exactly the same fields, so a round trip through either loses nothing:
 *
 * | events.k8s.io/v1         | core/v1            |
 * |--------------------------|--------------------|
 * | regarding                | involvedObject     |
 * | note                     | message            |
 * | reportingController      | reportingComponent |
 * | deprecatedSource         | source             |
 * | deprecatedFirstTimestamp | firstTimestamp     |
 * | deprecatedLastTimestamp  | lastTimestamp      |
 * | deprecatedCount          | count              |
 *
 * metadata, eventTime, series (count, lastObservedTime), related, reportingInstance, action,
 * reason and type keep their names. A member that is only the other version's name for a field
 * (`message` sent to events.k8s.io) is no field of this version and is dropped, as kube's typed
 * decoding drops unknown fields; members keep their order and presence otherwise.
 */
import type { KubeObject } from '../../api/object.ts';
import type { Conversion } from './conversion.ts';

/** events.k8s.io/v1 name → core/v1 name, for the fields whose names differ. */
const TO_CORE: Readonly<Record<string, string>> = {
  regarding: 'involvedObject',
  note: 'message',
  reportingController: 'reportingComponent',
  deprecatedSource: 'source',
  deprecatedFirstTimestamp: 'firstTimestamp',
  deprecatedLastTimestamp: 'lastTimestamp',
  deprecatedCount: 'count',
};

const TO_EVENTS: Readonly<Record<string, string>> = Object.fromEntries(Object.entries(TO_CORE).map(([e, c]) => [c, e]));

/** Renames the members of `obj` by `names`; members named in `foreign` (the target's names) are dropped. */
function rename(obj: KubeObject, apiVersion: string, names: Readonly<Record<string, string>>, foreign: Readonly<Record<string, string>>): KubeObject {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj)) {
    if (Object.hasOwn(names, key)) out[names[key]] = value;
    else if (!Object.hasOwn(foreign, key)) out[key] = value;
  }
  out.apiVersion = apiVersion;
  return out as KubeObject;
}

export const eventsV1Conversion: Conversion = {
  toStorage: (obj) => rename(obj, 'v1', TO_CORE, TO_EVENTS),
  fromStorage: (obj) => rename(obj, 'events.k8s.io/v1', TO_EVENTS, TO_CORE),
};
