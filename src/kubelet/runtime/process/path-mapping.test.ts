import assert from 'node:assert/strict';
import { test } from 'node:test';
import { hostPathOf, rewritePaths } from './path-mapping.ts';

const mounts = [
  { containerPath: '/etc/config', hostPath: '/r/pods/u/volumes/cm', readOnly: true },
  { containerPath: '/etc/config/extra', hostPath: '/r/extra', readOnly: true },
  { containerPath: '/data', hostPath: '/r/data', readOnly: false },
];

test('container paths at path boundaries are rewritten, longest mount first', () => {
  assert.equal(rewritePaths('cat /etc/config/key && ls /data', mounts), 'cat /r/pods/u/volumes/cm/key && ls /r/data');
  assert.equal(rewritePaths('/etc/config/extra/x', mounts), '/r/extra/x');
  assert.equal(rewritePaths('echo hi > /data/out.txt', mounts), 'echo hi > /r/data/out.txt');
  assert.equal(rewritePaths('--config=/etc/config', mounts), '--config=/r/pods/u/volumes/cm');
});

test('look-alike paths are left alone', () => {
  assert.equal(rewritePaths('/etc/configuration /database x/data', mounts), '/etc/configuration /database x/data');
  assert.equal(rewritePaths('http://host/data', mounts), 'http://host/data');
  assert.equal(hostPathOf('/usr/share/nginx/html', mounts), undefined);
  assert.equal(hostPathOf('/data/a', mounts), '/r/data/a');
});
