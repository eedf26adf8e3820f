import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { FakeClock } from '../../util/clock.ts';
import { CriLogWriter, MAX_LOG_LINE, readCriLog, rfc3339Nano } from './cri-log.ts';

test('RFC3339Nano trims trailing zeros like Go', () => {
  assert.equal(rfc3339Nano(Date.UTC(2026, 0, 1)), '2026-01-01T00:00:00Z');
  assert.equal(rfc3339Nano(Date.UTC(2026, 0, 1) + 120), '2026-01-01T00:00:00.12Z');
  assert.equal(rfc3339Nano(Date.UTC(2026, 0, 1) + 1, 500), '2026-01-01T00:00:00.0010005Z');
});

test('lines become F records per stream; long lines are split into P records; close flushes', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'cri-'));
  try {
    const path = join(dir, 'c', '0.log');
    const w = await CriLogWriter.open(path, new FakeClock(Date.UTC(2026, 0, 1)));
    w.write('stdout', 'hello\nwor');
    w.write('stderr', 'oops\n');
    w.write('stdout', 'ld\n');
    w.write('stdout', 'x'.repeat(MAX_LOG_LINE + 5));
    w.write('stdout', 'tail');
    await w.close();
    const raw = (await readFile(path, 'utf8')).split('\n');
    assert.equal(raw[0], '2026-01-01T00:00:00Z stdout F hello');
    assert.equal(raw[1], '2026-01-01T00:00:00Z stderr F oops');
    assert.equal(raw[2], '2026-01-01T00:00:00Z stdout F world');
    assert.match(raw[3], /^\S+ stdout P x{16384}$/);
    assert.equal(raw[4], '2026-01-01T00:00:00Z stdout F xxxxxtail');
    assert.deepEqual(await readCriLog(path), ['hello', 'oops', 'world', `${'x'.repeat(MAX_LOG_LINE + 5)}tail`]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
