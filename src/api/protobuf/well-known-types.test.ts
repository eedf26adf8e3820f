import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { JsonValue } from '../object.ts';
import { WELL_KNOWN_TYPES, parseRfc3339 } from './well-known-types.ts';
import { ProtoReader } from './proto-reader.ts';
import { ProtoWriter } from './proto-writer.ts';

const META = 'k8s.io.apimachinery.pkg.apis.meta.v1';
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (h: string) => Uint8Array.from(Buffer.from(h.replace(/\s+/g, ''), 'hex'));

function decode(type: string, h: string): JsonValue {
  const b = bytes(h);
  return WELL_KNOWN_TYPES.get(type)!.decode(new ProtoReader(b), b.length);
}
function encode(type: string, v: unknown): string {
  const w = new ProtoWriter();
  WELL_KNOWN_TYPES.get(type)!.encode(w, v);
  return hex(w.finish());
}

describe('meta/v1 Time', () => {
  it('decodes Timestamp{seconds} to RFC3339 UTC at second precision, ignoring nanos as Go does', () => {
    // 1704164645 = 2024-01-02T03:04:05Z; nanos 500000000
    assert.equal(decode(`${META}.Time`, '08 a5 fa cd ac 06 10 80 ca b5 ee 01'), '2024-01-02T03:04:05Z');
    assert.equal(decode(`${META}.Time`, '08 00'), '1970-01-01T00:00:00Z');
  });

  it('decodes an empty message as the zero time, null', () => {
    assert.equal(decode(`${META}.Time`, ''), null);
  });

  it('encodes seconds and a zero nanos field, dropping fractions and applying offsets', () => {
    assert.equal(encode(`${META}.Time`, '2024-01-02T03:04:05Z'), '08a5facdac061000');
    assert.equal(encode(`${META}.Time`, '2024-01-02T04:04:05.999+01:00'), '08a5facdac061000');
    assert.equal(encode(`${META}.Time`, null), '');
    assert.throws(() => encode(`${META}.Time`, '2024-01-02 03:04:05'), /not RFC3339/);
  });

  it('handles years before 100 and rejects impossible dates', () => {
    assert.equal(decode(`${META}.Time`, encode(`${META}.Time`, '0001-01-01T00:00:00Z')), '0001-01-01T00:00:00Z');
    assert.equal(parseRfc3339('2023-02-29T00:00:00Z'), undefined);
    assert.equal(parseRfc3339('2024-13-01T00:00:00Z'), undefined);
  });
});

describe('meta/v1 MicroTime', () => {
  it('keeps microseconds (6 digits, truncated) both ways', () => {
    const enc = encode(`${META}.MicroTime`, '2024-01-02T03:04:05.123456Z');
    assert.equal(decode(`${META}.MicroTime`, enc), '2024-01-02T03:04:05.123456Z');
    assert.equal(decode(`${META}.MicroTime`, '08 a5 fa cd ac 06 10 98 8c eb dc 03'), '2024-01-02T03:04:05.999999Z');
    assert.equal(decode(`${META}.MicroTime`, '08 a5 fa cd ac 06'), '2024-01-02T03:04:05.000000Z');
  });
});

describe('meta/v1 Duration', () => {
  it('maps {duration: ns} to the Go duration string', () => {
    assert.equal(decode(`${META}.Duration`, '08 80 88 ac a3 cf 02'), '1m30s'); // 90e9 ns
    assert.equal(decode(`${META}.Duration`, ''), '0s');
    assert.equal(encode(`${META}.Duration`, '1m30s'), '088088aca3cf02');
    assert.throws(() => encode(`${META}.Duration`, '90'), /not a Go duration/);
  });
});

describe('intstr IntOrString', () => {
  it('decodes type 0 to the number and type 1 to the string', () => {
    assert.equal(decode('k8s.io.apimachinery.pkg.util.intstr.IntOrString', '08 00 10 90 3f 1a 00'), 8080);
    assert.equal(decode('k8s.io.apimachinery.pkg.util.intstr.IntOrString', '08 01 10 00 1a 04 68747470'), 'http');
    assert.equal(decode('k8s.io.apimachinery.pkg.util.intstr.IntOrString', ''), 0);
  });

  it('encodes all three fields, as Go does', () => {
    assert.equal(encode('k8s.io.apimachinery.pkg.util.intstr.IntOrString', 8080), '080010903f1a00');
    assert.equal(encode('k8s.io.apimachinery.pkg.util.intstr.IntOrString', '25%'), '080110001a03323525');
    assert.throws(() => encode('k8s.io.apimachinery.pkg.util.intstr.IntOrString', 1.5), /int32 or a string/);
  });
});

describe('resource Quantity', () => {
  it('carries the string; an empty message is "0"', () => {
    assert.equal(decode('k8s.io.apimachinery.pkg.api.resource.Quantity', '0a 04 3530306d'), '500m');
    assert.equal(decode('k8s.io.apimachinery.pkg.api.resource.Quantity', ''), '0');
    assert.equal(encode('k8s.io.apimachinery.pkg.api.resource.Quantity', '2Gi'), '0a03324769');
    assert.equal(encode('k8s.io.apimachinery.pkg.api.resource.Quantity', 2), '0a0132');
  });
});

describe('meta/v1 FieldsV1', () => {
  it('carries the managed-fields JSON document', () => {
    const doc = { 'f:metadata': { 'f:labels': { '.': {}, 'f:app': {} } } };
    assert.deepEqual(decode(`${META}.FieldsV1`, encode(`${META}.FieldsV1`, doc)), doc);
    assert.throws(() => decode(`${META}.FieldsV1`, '0a 01 7b'), /not valid JSON/);
  });
});
