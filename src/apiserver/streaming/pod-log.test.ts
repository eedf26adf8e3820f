import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isStatusError } from '../../api/status.ts';
import { podLogQuery } from './pod-log.ts';

const q = (s: string) => podLogQuery(new URLSearchParams(s), 'web');

function statusOf(fn: () => unknown): { code: number; reason?: string; message?: string } {
  try { fn(); } catch (e) { if (isStatusError(e)) return e.status; throw e; }
  assert.fail('expected a Status error');
}

test('kubectl logs parameters become the kubelet query, in LogLocation\'s order', () => {
  assert.equal(q('container=main&follow=true&sinceSeconds=3600&tailLines=5&timestamps=true').toString(), 'follow=true&timestamps=true&sinceSeconds=3600&tailLines=5');
  assert.equal(q('previous=1&limitBytes=10').toString(), 'previous=true&limitBytes=10');
  assert.equal(q('follow=false&timestamps=0').toString(), '');
  assert.equal(q('tailLines=1&sinceTime=2026-01-02T03:04:05.250Z').toString(), 'sinceTime=2026-01-02T03%3A04%3A05Z&tailLines=1');
});

test('invalid values are 422 PodLogOptions, worded as ValidatePodLogOptions', () => {
  const tail = statusOf(() => q('tailLines=-1'));
  assert.equal(tail.code, 422);
  assert.equal(tail.message, 'PodLogOptions "web" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0');
  assert.equal(statusOf(() => q('limitBytes=0')).message, 'PodLogOptions "web" is invalid: limitBytes: Invalid value: 0: must be greater than 0');
  assert.equal(statusOf(() => q('sinceSeconds=0')).message, 'PodLogOptions "web" is invalid: sinceSeconds: Invalid value: 0: must be greater than 0');
  assert.match(String(statusOf(() => q('sinceSeconds=5&sinceTime=2026-01-01T00:00:00Z')).message), /at most one of `sinceTime` or `sinceSeconds` may be specified/);
});

test('undecodable values are 400, as the parameter codec reports them', () => {
  assert.deepEqual(
    [statusOf(() => q('tailLines=abc')), statusOf(() => q('follow=yes'))].map((s) => [s.code, s.message]),
    [[400, 'strconv.ParseInt: parsing "abc": invalid syntax'], [400, 'strconv.ParseBool: parsing "yes": invalid syntax']],
  );
});
