import { test } from 'node:test';
import assert from 'node:assert/strict';
import { type FieldError, formatFieldError } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { setDefaultsEndpointSlice } from '../defaults/discovery.ts';
import { validateEndpointSlice, validateEndpointSliceUpdate } from './discovery.ts';

const msgs = (errs: FieldError[]) => errs.map(formatFieldError);

test('EndpointSlice: addresses by addressType, ports with protocols; addressType immutable', () => {
  const slice: KubeObject = { metadata: { name: 's', namespace: 'd' }, addressType: 'IPv4', endpoints: [{ addresses: ['127.1.0.9'] }, { addresses: ['fd00::1'] }, { addresses: [] }], ports: [{ port: 80 }] };
  setDefaultsEndpointSlice(slice);
  assert.deepEqual(msgs(validateEndpointSlice(slice)), [
    'endpoints[1].addresses[0]: Invalid value: "fd00::1": must be a valid IPv4 address',
    'endpoints[2].addresses: Required value: must contain at least 1 address',
  ]);
  const ok: KubeObject = { ...slice, endpoints: [{ addresses: ['127.1.0.9'] }] };
  assert.deepEqual(msgs(validateEndpointSliceUpdate({ ...ok, addressType: 'FQDN', endpoints: [] }, ok)), ['addressType: Invalid value: "FQDN": field is immutable']);
});
