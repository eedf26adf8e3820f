import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Deployment, ReplicaSet } from '../common/workload-types.ts';
import {
  DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, MAX_REVISION_HISTORY_CHARS, maxRevision, REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION, setNewReplicaSetAnnotations,
} from './annotations.ts';

const deployment: Deployment = {
  metadata: {
    name: 'web',
    annotations: { team: 'blue', [REVISION_ANNOTATION]: '3', 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
  },
  spec: { replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' } } },
};

test('a new set gets the next revision, the Deployment annotations but not the skipped ones, and replica annotations', () => {
  const rs: ReplicaSet = { metadata: { name: 'web-abc' } };
  assert.equal(setNewReplicaSetAnnotations(deployment, rs, { newRevision: '4', exists: false }), true);
  assert.deepEqual(rs.metadata.annotations, {
    team: 'blue', [REVISION_ANNOTATION]: '4', [DESIRED_REPLICAS_ANNOTATION]: '4', [MAX_REPLICAS_ANNOTATION]: '5',
  });
});

test('rolling back to an old set raises its revision and remembers the previous ones', () => {
  const rs: ReplicaSet = { metadata: { name: 'web-old', annotations: { [REVISION_ANNOTATION]: '1', team: 'blue' } } };
  assert.equal(setNewReplicaSetAnnotations(deployment, rs, { newRevision: '3', exists: true }), true);
  assert.equal(rs.metadata.annotations![REVISION_ANNOTATION], '3');
  assert.equal(rs.metadata.annotations![REVISION_HISTORY_ANNOTATION], '1');
  assert.equal(setNewReplicaSetAnnotations(deployment, rs, { newRevision: '5', exists: true }), true);
  assert.equal(rs.metadata.annotations![REVISION_HISTORY_ANNOTATION], '1,3');
  // existing sets do not get replica annotations from here; a lower revision changes nothing
  assert.equal(rs.metadata.annotations![DESIRED_REPLICAS_ANNOTATION], undefined);
  assert.equal(setNewReplicaSetAnnotations(deployment, rs, { newRevision: '2', exists: true }), false);
});

test('the revision history drops its oldest entries to stay under 2000 characters', () => {
  const long = Array.from({ length: 400 }, (_, i) => String(1000 + i)).join(','); // 1999 chars
  assert.equal(long.length, 1999);
  const rs: ReplicaSet = { metadata: { name: 'web-old', annotations: { [REVISION_ANNOTATION]: '1400', [REVISION_HISTORY_ANNOTATION]: long, team: 'blue' } } };
  setNewReplicaSetAnnotations(deployment, rs, { newRevision: '1401', exists: true });
  const history = rs.metadata.annotations![REVISION_HISTORY_ANNOTATION];
  assert.ok(history.length <= MAX_REVISION_HISTORY_CHARS);
  assert.ok(history.endsWith(',1400'));
  assert.ok(history.startsWith('1001,'));
});

test('maxRevision skips unparsable revisions', () => {
  const sets: ReplicaSet[] = [
    { metadata: { annotations: { [REVISION_ANNOTATION]: '2' } } },
    { metadata: { annotations: { [REVISION_ANNOTATION]: 'x' } } },
    { metadata: {} },
  ];
  assert.equal(maxRevision(sets), 2);
});
