/**
 * core/v1 and events.k8s.io/v1 Events are one resource in storage: the real kubectl and
 * @kubernetes/client-node against `ekslite up` write an Event through either API and read, list,
 * watch, select and delete it through the other, converted field by field.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as k8s from '@kubernetes/client-node';
import { startEkslite, type EksliteProcess } from '../support/ekslite-process.ts';
import { KUBECTL, kubectl, kubectlAvailable, kubectlOk } from '../support/kubectl.ts';

const skip = kubectlAvailable() ? false : 'kubectl is not on PATH';
const NS = 'evs';

const newStyle = (name: string) => `apiVersion: events.k8s.io/v1
kind: Event
metadata: {name: ${name}, namespace: ${NS}}
eventTime: "2026-01-01T00:00:00.000000Z"
reportingController: example.com/scaler
reportingInstance: scaler-1
action: Scale
reason: Scaled
regarding: {kind: Deployment, name: web, namespace: ${NS}}
type: Normal
note: scaled web up to 3
`;

const legacy = (name: string) => `apiVersion: v1
kind: Event
metadata: {name: ${name}, namespace: ${NS}}
involvedObject: {kind: Pod, name: web-1, namespace: ${NS}, fieldPath: "spec.containers{web}"}
reason: Pulled
message: pulled image nginx
type: Normal
source: {component: kubelet, host: node-1}
firstTimestamp: "2026-01-01T00:00:00Z"
lastTimestamp: "2026-01-01T00:00:00Z"
count: 2
`;

/** A kubectl that keeps running (a watch); `until` resolves once its output matches. */
function streaming(ek: EksliteProcess, args: string[]) {
  const child = spawn(KUBECTL, args, { env: { ...process.env, HOME: ek.home, KUBECONFIG: ek.kubeconfig } });
  let out = '';
  const waiters: { re: RegExp; resolve: () => void }[] = [];
  const check = () => { for (const w of waiters.splice(0)) { if (w.re.test(out)) w.resolve(); else waiters.push(w); } };
  child.stdout.on('data', (c: Buffer) => { out += c.toString(); check(); });
  child.stderr.on('data', (c: Buffer) => { out += c.toString(); });
  const closed = new Promise<never>((_, reject) => child.on('close', (code) => reject(new Error(`kubectl ${args.join(' ')} exited ${code}:\n${out}`))));
  closed.catch(() => undefined);
  return {
    until: (re: RegExp) => Promise.race([new Promise<void>((resolve) => { waiters.push({ re, resolve }); check(); }), closed]),
    stop: () => { child.kill(); },
  };
}

describe('Events: core/v1 and events.k8s.io/v1 are one resource', { skip }, () => {
  let ek: EksliteProcess;
  before(async () => {
    ek = await startEkslite({ name: 'events' });
    await kubectlOk(ek, ['create', 'namespace', NS]);
  });
  after(async () => { await ek?.stop(); await ek?.cleanup(); });

  test('an events.k8s.io/v1 Event created with kubectl create -f is a core Event with kube\'s columns', async () => {
    assert.match(await kubectlOk(ek, ['create', '-f', '-'], newStyle('scaled')), /^event\.events\.k8s\.io\/scaled created$/m);
    const table = await kubectlOk(ek, ['get', 'events', '-n', NS]);
    assert.match(table, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE$/m);
    assert.match(table, /^\S+\s+Normal\s+Scaled\s+deployment\/web\s+scaled web up to 3$/m);
    const wide = await kubectlOk(ek, ['get', 'events', 'scaled', '-n', NS, '-o', 'wide']);
    assert.match(wide, /SOURCE/);
    assert.match(wide, /example\.com\/scaler, scaler-1/);
    const core = JSON.parse(await kubectlOk(ek, ['get', 'events', 'scaled', '-n', NS, '-o', 'json'])) as Record<string, unknown>;
    assert.equal(core.apiVersion, 'v1');
    assert.equal(core.message, 'scaled web up to 3');
    assert.equal(core.reportingComponent, 'example.com/scaler');
    assert.deepEqual(core.involvedObject, { kind: 'Deployment', name: 'web', namespace: NS });
    assert.equal(core.note, undefined);
  });

  test('a core Event reads through events.k8s.io/v1 with note, regarding and the deprecated fields', async () => {
    assert.match(await kubectlOk(ek, ['create', '-f', '-'], legacy('pulled')), /^event\/pulled created$/m);
    const ev = JSON.parse(await kubectlOk(ek, ['get', 'events.v1.events.k8s.io', 'pulled', '-n', NS, '-o', 'json'])) as Record<string, unknown>;
    assert.equal(ev.apiVersion, 'events.k8s.io/v1');
    assert.equal(ev.note, 'pulled image nginx');
    assert.deepEqual(ev.regarding, { kind: 'Pod', name: 'web-1', namespace: NS, fieldPath: 'spec.containers{web}' });
    assert.deepEqual(ev.deprecatedSource, { component: 'kubelet', host: 'node-1' });
    assert.equal(ev.deprecatedCount, 2);
    assert.equal(ev.deprecatedFirstTimestamp, '2026-01-01T00:00:00Z');
    assert.equal(ev.message, undefined);
    const table = await kubectlOk(ek, ['get', 'events.v1.events.k8s.io', '-n', NS]);
    assert.match(table, /^\S+\s+Normal\s+Pulled\s+pod\/web-1\s+pulled image nginx$/m);
    assert.match(table, /^\S+\s+Normal\s+Scaled\s+deployment\/web\s+scaled web up to 3$/m);
  });

  test('kubectl events shows events written through either API', async () => {
    const out = await kubectlOk(ek, ['events', '-n', NS]);
    assert.match(out, /Scaled\s+Deployment\/web\s+scaled web up to 3/);
    assert.match(out, /Pulled\s+Pod\/web-1\s+pulled image nginx/);
  });

  test('a watch through one API sees writes through the other', async () => {
    const onEvents = streaming(ek, ['get', 'events.v1.events.k8s.io', '-n', NS, '-w', '-o', 'name']);
    const onCore = streaming(ek, ['get', 'events', '-n', NS, '-w', '-o', 'name']);
    try {
      await onEvents.until(/event\.events\.k8s\.io\/pulled/);
      await onCore.until(/event\/pulled/);
      await kubectlOk(ek, ['create', '-f', '-'], legacy('late-core'));
      await kubectlOk(ek, ['create', '-f', '-'], newStyle('late-events'));
      await onEvents.until(/event\.events\.k8s\.io\/late-core/);
      await onCore.until(/event\/late-events/);
    } finally {
      onEvents.stop();
      onCore.stop();
    }
  });

  test('field selectors name the fields as each API does', async () => {
    const names = async (args: string[]) => (await kubectlOk(ek, [...args, '-n', NS, '-o', 'name'])).trim().split('\n').filter(Boolean).sort();
    assert.deepEqual(await names(['get', 'events', '--field-selector', 'involvedObject.kind=Deployment']), ['event/late-events', 'event/scaled']);
    assert.deepEqual(await names(['get', 'events', '--field-selector', 'source=example.com/scaler,metadata.name=scaled']), ['event/scaled']);
    assert.deepEqual(await names(['get', 'events.v1.events.k8s.io', '--field-selector', 'regarding.kind=Pod,regarding.name=web-1']),
      ['event.events.k8s.io/late-core', 'event.events.k8s.io/pulled']);
    assert.deepEqual(await names(['get', 'events.v1.events.k8s.io', '--field-selector', 'reportingController=example.com/scaler,reason=Scaled']),
      ['event.events.k8s.io/late-events', 'event.events.k8s.io/scaled']);
    const wrong = await kubectl(ek, ['get', 'events.v1.events.k8s.io', '-n', NS, '--field-selector', 'involvedObject.kind=Pod']);
    assert.notEqual(wrong.code, 0);
    assert.match(wrong.stderr, /field label not supported: involvedObject\.kind/);
  });

  test('an update through events.k8s.io/v1 keeps what happened immutable; a delete through it removes the core Event', async () => {
    const r = await kubectl(ek, ['patch', 'events.v1.events.k8s.io', 'pulled', '-n', NS, '--type=merge', '-p', '{"note":"rewritten"}']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /message: Invalid value: "rewritten": field is immutable/);
    await kubectlOk(ek, ['patch', 'events', 'pulled', '-n', NS, '--type=merge', '-p', '{"message":"rewritten"}']);
    assert.equal(await kubectlOk(ek, ['get', 'events.v1.events.k8s.io', 'pulled', '-n', NS, '-o', 'jsonpath={.note}']), 'rewritten');
    assert.match(await kubectlOk(ek, ['delete', 'events.v1.events.k8s.io', 'pulled', '-n', NS]), /deleted/);
    const gone = await kubectl(ek, ['get', 'events', 'pulled', '-n', NS]);
    assert.match(gone.stderr, /\(NotFound\): events "pulled" not found/);
  });

  test('@kubernetes/client-node: EventsV1Api writes what CoreV1Api reads, and back', async () => {
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(ek.kubeconfig);
    const eventsApi = kc.makeApiClient(k8s.EventsV1Api);
    const coreApi = kc.makeApiClient(k8s.CoreV1Api);
    await eventsApi.createNamespacedEvent({
      namespace: NS,
      body: {
        metadata: { name: 'from-client' }, eventTime: new k8s.V1MicroTime('2026-01-01T00:00:00.001Z'), reportingController: 'example.com/client',
        reportingInstance: 'client-1', action: 'Sync', reason: 'Synced', regarding: { kind: 'ConfigMap', name: 'cfg', namespace: NS }, type: 'Normal', note: 'synced',
      },
    });
    const core = await coreApi.readNamespacedEvent({ name: 'from-client', namespace: NS });
    assert.equal(core.message, 'synced');
    assert.equal(core.reportingComponent, 'example.com/client');
    assert.equal(core.involvedObject.kind, 'ConfigMap');
    const selected = await eventsApi.listNamespacedEvent({ namespace: NS, fieldSelector: 'regarding.kind=ConfigMap' });
    assert.deepEqual(selected.items.map((e) => [e.metadata?.name, e.note]), [['from-client', 'synced']]);
  });
});
