import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { KubeObject } from '../object.ts';
import { setDefaultsEndpointSlice } from './discovery.ts';

test('EndpointSlice ports default to name "" and protocol TCP', () => {
  const s: KubeObject = { metadata: { name: 's' }, addressType: 'IPv4', ports: [{ port: 80 }, { name: 'dns', port: 53, protocol: 'UDP' }] };
  setDefaultsEndpointSlice(s);
  assert.deepEqual(s.ports, [{ port: 80, name: '', protocol: 'TCP' }, { name: 'dns', port: 53, protocol: 'UDP' }]);
});
