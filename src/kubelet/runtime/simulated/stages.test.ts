import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { nodeBlock, PodIpam } from '../../../network/ipam.ts';
import type { Pod } from '../../pod-types.ts';
import { selectStage, stageStatus } from './simulated-runtime.ts';
import { matches, renderTemplate, valuesAt } from './stage-template.ts';
import { DEFAULT_POD_STAGES } from './stages.ts';

const DIR = fileURLToPath(new URL('./testdata/', import.meta.url));
const NOW = Date.UTC(2026, 0, 1, 0, 0, 5);

// Golden files: testdata/<case>.input.yaml → testdata/<case>.golden.json ({stage, status}).
// UPDATE_GOLDEN=1 rewrites the golden files from the current stages.
for (const file of readdirSync(DIR).filter((f) => f.endsWith('.input.yaml')).sort()) {
  const name = file.replace('.input.yaml', '');
  test(`stage golden: ${name}`, () => {
    const pod = parse(readFileSync(join(DIR, file), 'utf8')) as Pod;
    const block = nodeBlock(7);
    const ipam = new PodIpam({ block, limit: 15 });
    const stage = selectStage(DEFAULT_POD_STAGES, pod);
    const podIP = stage?.next.status ? (pod.spec.hostNetwork ? block.nodeIP : pod.status?.podIP ?? ipam.allocate(pod.metadata.uid!)) : undefined;
    const out = { stage: stage?.name ?? null, delete: stage?.next.delete ?? false, status: stage ? stageStatus(stage, pod, { now: NOW, podIP, nodeIP: block.nodeIP }) ?? null : null };
    const goldenPath = join(DIR, `${name}.golden.json`);
    const text = `${JSON.stringify(out, null, 2)}\n`;
    if (process.env.UPDATE_GOLDEN) writeFileSync(goldenPath, text);
    assert.equal(text, readFileSync(goldenPath, 'utf8'));
  });
}

test('paths spread lists with [] and skip empty values', () => {
  const obj = { metadata: { ownerReferences: [{ kind: 'ReplicaSet' }, { kind: 'Job' }] }, status: { podIP: '' } };
  assert.deepEqual(valuesAt(obj, '.metadata.ownerReferences.[].kind'), ['ReplicaSet', 'Job']);
  assert.deepEqual(valuesAt(obj, '.status.podIP'), []);
  assert.equal(matches({ matchExpressions: [{ key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] }] }, obj), true);
  assert.equal(matches({ matchExpressions: [{ key: '.metadata.ownerReferences.[].kind', operator: 'NotIn', values: ['Job'] }] }, obj), false);
  assert.equal(matches({ matchExpressions: [{ key: '.status.podIP', operator: 'DoesNotExist' }] }, obj), true);
});

test('templates: placeholders, $forEach over lists, $if, root paths inside items', () => {
  const pod = { spec: { containers: [{ name: 'a' }, { name: 'b' }] }, status: { startTime: 'T0' } };
  const t = { ip: '{{PodIP}}', at: '{{Now}}', names: [{ $forEach: '.spec.containers', $item: { n: 'c-{{.name}}', s: '{{$.status.startTime}}' } }], init: { $if: '.spec.initContainers', $then: [] } };
  assert.deepEqual(renderTemplate(t, pod, { now: 'NOW', podIP: '1.2.3.4', nodeIP: 'N' }), { ip: '1.2.3.4', at: 'NOW', names: [{ n: 'c-a', s: 'T0' }, { n: 'c-b', s: 'T0' }] });
  assert.throws(() => renderTemplate('{{Bogus}}', pod, { now: '', nodeIP: '' }), /unknown template expression/);
});

test('a stage is not selected twice for the same pod', () => {
  const pod = parse(readFileSync(join(DIR, 'plain-pod.input.yaml'), 'utf8')) as Pod;
  assert.equal(selectStage(DEFAULT_POD_STAGES, pod)?.name, 'pod-ready');
  assert.equal(selectStage(DEFAULT_POD_STAGES, pod, new Set(['pod-ready'])), undefined);
});
