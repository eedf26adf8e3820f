import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FakeClock } from '../../util/clock.ts';
import { ControllerExpectations, EXPECTATIONS_TIMEOUT_MS, UIDTrackingControllerExpectations } from './expectations.ts';

test('a controller with no record, or all expectations observed, may sync', () => {
  const e = new ControllerExpectations({ clock: new FakeClock() });
  assert.equal(e.satisfiedExpectations('ns/rs'), true);
  e.expectCreations('ns/rs', 2);
  assert.equal(e.satisfiedExpectations('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfiedExpectations('ns/rs'), false);
  e.creationObserved('ns/rs');
  assert.equal(e.satisfiedExpectations('ns/rs'), true);
});

test('observations without a record do not create one', () => {
  const e = new ControllerExpectations({ clock: new FakeClock() });
  e.creationObserved('ns/rs');
  assert.equal(e.get('ns/rs'), undefined);
});

test('unobserved expectations stop blocking after five minutes', () => {
  const clock = new FakeClock();
  const e = new ControllerExpectations({ clock });
  e.expectDeletions('ns/rs', 1);
  clock.advance(EXPECTATIONS_TIMEOUT_MS);
  assert.equal(e.satisfiedExpectations('ns/rs'), false);
  clock.advance(1);
  assert.equal(e.satisfiedExpectations('ns/rs'), true);
});

test('a deletion is counted once per expected pod, however often it is observed', () => {
  const e = new UIDTrackingControllerExpectations({ clock: new FakeClock() });
  e.expectDeletionsOf('ns/rs', ['ns/a', 'ns/b']);
  e.deletionObservedOf('ns/rs', 'ns/a'); // deletionTimestamp set
  e.deletionObservedOf('ns/rs', 'ns/a'); // then the delete event
  e.deletionObservedOf('ns/rs', 'ns/other'); // not one of ours
  assert.deepEqual(e.get('ns/rs'), { add: 0, del: 1 });
  assert.equal(e.satisfiedExpectations('ns/rs'), false);
  e.deletionObservedOf('ns/rs', 'ns/b');
  assert.equal(e.satisfiedExpectations('ns/rs'), true);
  e.deleteExpectations('ns/rs');
  assert.equal(e.pendingDeletions('ns/rs').size, 0);
});
