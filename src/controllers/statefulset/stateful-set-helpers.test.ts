import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Pod } from '../common/workload-types.ts';
import { isClaimOwnerUpToDate, updateClaimOwnerRefs } from './claim-retention.ts';
import { applyRevision, equalRevision, hashControllerRevision, newRevision, nextRevision, sortControllerRevisions } from './controller-history.ts';
import { newVersionedStatefulSetPod, parentNameAndOrdinal, podInOrdinalRange } from './stateful-set-utils.ts';
import type { PersistentVolumeClaim, StatefulSet } from './stateful-set-types.ts';

const set = (spec: Partial<NonNullable<StatefulSet['spec']>> = {}): StatefulSet => ({
  metadata: { name: 'web', namespace: 'default', uid: 'set-uid' },
  spec: { replicas: 2, serviceName: 'web', selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'a' }] } }, ...spec },
});
const pod = (name: string): Pod => ({ metadata: { name, namespace: 'default', uid: `${name}-uid` } });

test('ordinals from pod names, and the ordinal range with spec.ordinals.start', () => {
  assert.deepEqual(parentNameAndOrdinal(pod('my-web-12')), { parent: 'my-web', ordinal: 12 });
  assert.deepEqual(parentNameAndOrdinal(pod('web')), { parent: '', ordinal: -1 });
  assert.equal(podInOrdinalRange(pod('web-1'), set()), true);
  assert.equal(podInOrdinalRange(pod('web-2'), set()), false);
  assert.equal(podInOrdinalRange(pod('web-0'), set({ ordinals: { start: 5 } })), false);
  assert.equal(podInOrdinalRange(pod('web-6'), set({ ordinals: { start: 5 } })), true);
});

// [whenScaled, whenDeleted, pod, refs the claim should end with]
const RETENTION: readonly [string, string, string, string[]][] = [
  ['Retain', 'Retain', 'web-0', []],
  ['Retain', 'Delete', 'web-0', ['StatefulSet/web']],
  ['Delete', 'Retain', 'web-0', []],
  ['Delete', 'Retain', 'web-5', ['Pod/web-5']],
  ['Delete', 'Delete', 'web-0', ['StatefulSet/web']],
  ['Delete', 'Delete', 'web-5', ['Pod/web-5']],
  ['Retain', 'Delete', 'web-5', ['StatefulSet/web']],
];

for (const [whenScaled, whenDeleted, podName, want] of RETENTION) {
  test(`claim references for whenScaled ${whenScaled}, whenDeleted ${whenDeleted}, ${podName}`, () => {
    const s = set({ persistentVolumeClaimRetentionPolicy: { whenScaled, whenDeleted } });
    const p = pod(podName);
    const claim: PersistentVolumeClaim = { metadata: { name: `www-${podName}`, ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'other', uid: 'x' }] } };
    const updated = updateClaimOwnerRefs(claim, s, p);
    assert.deepEqual(updated.metadata.ownerReferences?.slice(1).map((r) => `${r.kind}/${r.name}`), want);
    assert.ok(updated.metadata.ownerReferences!.slice(1).every((r) => r.controller === true));
    assert.equal(isClaimOwnerUpToDate(updated, s, p), true);
    assert.equal(isClaimOwnerUpToDate(claim, s, p), want.length === 0);
  });
}

test('a claim controlled by someone else is left alone', () => {
  const s = set({ persistentVolumeClaimRetentionPolicy: { whenScaled: 'Delete', whenDeleted: 'Delete' } });
  const claim: PersistentVolumeClaim = { metadata: { name: 'www-web-0', ownerReferences: [{ apiVersion: 'v1', kind: 'Other', name: 'o', uid: 'o', controller: true }] } };
  assert.equal(isClaimOwnerUpToDate(claim, s, pod('web-0')), true);
  const stale: PersistentVolumeClaim = { metadata: { name: 'www-web-0', ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'older', controller: true }] } };
  assert.equal(isClaimOwnerUpToDate(stale, s, pod('web-0')), true);
});

test('revisions: equal templates are equal revisions, a rollback finds the old one, apply restores the template', () => {
  const a = newRevision(set(), 1, 0);
  const b = newRevision(set({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'b' }] } } }), 2, 0);
  assert.equal(equalRevision(a, newRevision(set(), 7, 0)), true);
  assert.equal(equalRevision(a, b), false);
  assert.match(a.metadata.name!, /^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(a.metadata.labels?.['controller.kubernetes.io/hash'], a.metadata.name!.slice('web-'.length));
  assert.notEqual(hashControllerRevision(a.data, 0), hashControllerRevision(a.data, 1));
  const restored = applyRevision(set({ template: { spec: { containers: [] } } }), a);
  assert.deepEqual(restored.spec?.template, set().spec?.template);
  assert.equal(nextRevision(sortControllerRevisions([b, a])), 3);
});

test('new pods below the partition get the current revision, the rest the update revision', () => {
  const current = set({ updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } });
  const update = set({ template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'b' }] } } });
  const make = (ordinal: number) => newVersionedStatefulSetPod({ currentSet: current, updateSet: update, currentRevision: 'web-old', updateRevision: 'web-new', ordinal });
  assert.equal(make(0).metadata.labels?.['controller-revision-hash'], 'web-old');
  assert.equal((make(0).spec?.containers as { image: string }[])[0].image, 'a');
  assert.equal(make(1).metadata.labels?.['controller-revision-hash'], 'web-new');
  assert.equal((make(1).spec?.containers as { image: string }[])[0].image, 'b');
  assert.equal(make(1).spec?.hostname, 'web-1');
});
