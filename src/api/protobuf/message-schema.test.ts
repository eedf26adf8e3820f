import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { messageForKind, messageSchema, protoPackageOf, protobufApiVersions, protobufKinds } from './message-schema.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const OPENAPI = fileURLToPath(new URL('../../../../shared/reference/kubernetes/openapi-v2-1.32.json', import.meta.url));
const noReference = existsSync(OPENAPI) ? false : 'the reference OpenAPI document is not on this machine';

describe('messageSchema', () => {
  it('has the IDL field numbers and types of apps/v1 Deployment', () => {
    const d = messageSchema('k8s.io.api.apps.v1.DeploymentSpec')!;
    const byName = Object.fromEntries(d.fields.map((f) => [f.json, f]));
    assert.equal(byName.replicas.number, 1);
    assert.equal(byName.replicas.scalar, 'int32');
    assert.equal(byName.replicas.keepZero, true, 'replicas is *int32 in Go');
    assert.equal(byName.paused.keepZero, false, 'paused is bool,omitempty in Go');
    assert.equal(byName.template.message, 'k8s.io.api.core.v1.PodTemplateSpec');
    assert.equal(byName.progressDeadlineSeconds.number, 9);
    assert.deepEqual(d.fields.map((f) => f.number), [...d.fields.map((f) => f.number)].sort((a, b) => a - b));
  });

  it('knows maps, inline embeds, renamed JSON fields and slice messages', () => {
    const labels = messageSchema('k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta')!.byNumber[11]!;
    assert.equal(labels.map, true);
    assert.equal(labels.keyScalar, 'string');
    assert.equal(messageSchema('k8s.io.api.core.v1.Volume')!.byNumber[2]!.inline, true);
    assert.equal(messageSchema('k8s.io.api.core.v1.Probe')!.byNumber[1]!.inline, true);
    assert.equal(messageSchema('k8s.io.api.authentication.v1.BoundObjectReference')!.byNumber[4]!.json, 'uid');
    assert.equal(messageSchema('k8s.io.apimachinery.pkg.apis.meta.v1.Verbs')!.array, true);
    assert.equal(messageSchema('k8s.io.api.nope.v1.Nothing'), undefined);
  });
});

describe('messageForKind', () => {
  it('maps apiVersion and kind to the message, meta kinds included', () => {
    assert.equal(messageForKind('apps/v1', 'Deployment'), 'k8s.io.api.apps.v1.Deployment');
    assert.equal(messageForKind('v1', 'PodList'), 'k8s.io.api.core.v1.PodList');
    assert.equal(messageForKind('rbac.authorization.k8s.io/v1', 'ClusterRole'), 'k8s.io.api.rbac.v1.ClusterRole');
    assert.equal(messageForKind('autoscaling/v1', 'Scale'), 'k8s.io.api.autoscaling.v1.Scale');
    assert.equal(messageForKind('apps/v1', 'DeleteOptions'), 'k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions');
    assert.equal(messageForKind('v1', 'Status'), 'k8s.io.apimachinery.pkg.apis.meta.v1.Status');
    assert.equal(messageForKind('meta.k8s.io/v1', 'PartialObjectMetadataList'), 'k8s.io.apimachinery.pkg.apis.meta.v1.PartialObjectMetadataList');
  });

  it('knows no protobuf form for CRDs, custom resources, Table or non-kinds', () => {
    assert.equal(messageForKind('apiextensions.k8s.io/v1', 'CustomResourceDefinition'), undefined);
    assert.equal(messageForKind('example.com/v1', 'Widget'), undefined);
    assert.equal(messageForKind('meta.k8s.io/v1', 'Table'), undefined);
    assert.equal(messageForKind('apps/v1', 'DeploymentSpec'), undefined);
    assert.equal(messageForKind('apps/v1', 'constructor'), undefined);
  });

  it('maps group/versions to proto packages', () => {
    assert.equal(protoPackageOf('v1'), 'k8s.io.api.core.v1');
    assert.equal(protoPackageOf('rbac.authorization.k8s.io/v1'), 'k8s.io.api.rbac.v1');
    assert.equal(protoPackageOf('flowcontrol.apiserver.k8s.io/v1'), 'k8s.io.api.flowcontrol.v1');
    assert.equal(protoPackageOf('internal.apiserver.k8s.io/v1alpha1'), 'k8s.io.api.apiserverinternal.v1alpha1');
    assert.equal(protoPackageOf('extensions/v1beta1'), 'k8s.io.api.extensions.v1beta1');
  });
});

describe('generated tables against the reference OpenAPI document', { skip: noReference }, () => {
  type Def = { properties?: Record<string, unknown>; 'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string }[] };
  const defs = noReference ? {} : (JSON.parse(readFileSync(OPENAPI, 'utf8')) as { definitions: Record<string, Def> }).definitions;

  function jsonKeys(name: string): string[] {
    return messageSchema(name)!.fields.flatMap((f) => (f.inline ? jsonKeys(f.message!) : [f.json]));
  }

  it('gives every message exactly the JSON property names of its OpenAPI definition', () => {
    let checked = 0;
    for (const [defName, def] of Object.entries(defs)) {
      const schema = messageSchema(`k8s.io.${defName.slice('io.k8s.'.length)}`);
      if (!schema || schema.array || !def.properties) continue;
      const keys = jsonKeys(schema.name).sort();
      // apiVersion and kind come from Go's TypeMeta, which has no protobuf field (the envelope carries them).
      const props = Object.keys(def.properties).filter((p) => keys.includes(p) || (p !== 'apiVersion' && p !== 'kind')).sort();
      assert.deepEqual(keys, props, schema.name);
      checked++;
    }
    assert.ok(checked > 500, `checked ${checked} messages`);
  });

  it('serves every OpenAPI group/version/kind that has a message', () => {
    for (const [defName, def] of Object.entries(defs)) {
      const message = `k8s.io.${defName.slice('io.k8s.'.length)}`;
      if (!messageSchema(message)) continue;
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const av = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
        assert.equal(messageForKind(av, gvk.kind), message, `${av} ${gvk.kind}`);
      }
    }
    assert.ok(protobufApiVersions().includes('storage.k8s.io/v1'));
    assert.equal(protobufKinds('apps/v1').Deployment, 'k8s.io.api.apps.v1.Deployment');
  });

  it('proto-messages.json is what scripts/gen-proto.ts generates from the reference IDL', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/gen-proto.ts', '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  });
});
