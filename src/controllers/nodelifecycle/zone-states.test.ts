import assert from 'node:assert/strict';
import { test } from 'node:test';
import { computeZoneState, ZoneTracker, zoneKey } from './zone-states.ts';

test('zone states as ComputeZoneState', () => {
  assert.equal(computeZoneState(0, 1, 0.55), 'FullDisruption');
  assert.equal(computeZoneState(1, 1, 0.55), 'Normal');
  assert.equal(computeZoneState(2, 2, 0.55), 'Normal', 'two not-ready nodes are never a partial disruption');
  assert.equal(computeZoneState(2, 3, 0.55), 'PartialDisruption');
  assert.equal(computeZoneState(3, 3, 0.55), 'Normal', '50 % is under the threshold');
});

test('zone keys join region and zone, preferring the beta labels', () => {
  assert.equal(zoneKey({ metadata: { labels: { 'topology.kubernetes.io/region': 'us-east-1', 'topology.kubernetes.io/zone': 'us-east-1a' } } }), 'us-east-1:\0:us-east-1a');
  assert.equal(zoneKey({ metadata: { labels: { 'failure-domain.beta.kubernetes.io/zone': 'b', 'topology.kubernetes.io/zone': 'a' } } }), ':\0:b');
  assert.equal(zoneKey({ metadata: {} }), '');
});

test('all zones fully disrupted stops tainting; one ready node resumes it', () => {
  const z = new ZoneTracker();
  assert.equal(z.set('a', 'z1', true, false), undefined);
  assert.equal(z.set('b', 'z2', false, false), undefined, 'z1 is still healthy');
  assert.equal(z.rate('z2'), 0.1, 'a fully disrupted zone among healthy ones taints at the normal rate');
  assert.equal(z.set('a', 'z1', false, false), 'entered');
  assert.equal(z.allFullyDisrupted, true);
  assert.equal(z.take('z1', 0), Infinity);
  assert.equal(z.set('a', 'z1', true, false), 'exited');
  assert.equal(z.take('z1', 0), 0);
});

test('excluded nodes do not count', () => {
  const z = new ZoneTracker();
  z.set('a', 'z1', false, false);
  assert.equal(z.allFullyDisrupted, true);
  assert.equal(z.set('b', 'z1', true, true), undefined, 'an excluded ready node changes nothing');
  assert.equal(z.remove('a'), 'exited', 'no zone left is no disruption');
});

test('tainting is rate limited per zone with a burst of one', () => {
  const z = new ZoneTracker();
  z.set('a', 'z', true, false);
  z.set('b', 'z', false, false);
  assert.equal(z.take('z', 0), 0);
  assert.equal(z.take('z', 0), 10_000, '0.1 per second: the next token in 10 s');
  assert.equal(z.take('z', 4_000), 6_000);
  assert.equal(z.take('z', 10_000), 0);
});

test('small partially disrupted zones stop tainting, large ones slow down', () => {
  const small = new ZoneTracker();
  for (const [i, ready] of [true, true, false, false, false].entries()) small.set(`n${i}`, 'z', ready, false);
  assert.equal(small.state('z'), 'PartialDisruption');
  assert.equal(small.rate('z'), 0);
  const large = new ZoneTracker();
  for (let i = 0; i < 60; i++) large.set(`n${i}`, 'z', i < 20, false);
  assert.equal(large.rate('z'), 0.01);
});
