import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { SqliteBackend } from './sqlite-backend.ts';

const writerScript = fileURLToPath(new URL('./sqlite-crash-writer.ts', import.meta.url));
const projectRoot = fileURLToPath(new URL('../../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ekslite-crash-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** Same derivation as crashValue in the writer (kept separate: importing the writer would run it). */
const expectedValue = (seed: string): string => seed.padEnd(2048, `.${seed}`);

test('every write acknowledged before kill -9 is present after reopening (synchronous=NORMAL)', async () => {
  const path = join(dir, 'state.db');
  const child = spawn(process.execPath, ['--import', 'tsx', writerScript, path], {
    cwd: projectRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));

  const created: string[] = [];
  const counters = new Map<string, number>();
  const target = 3000; // acknowledgements before the kill: ~6 MB of values, past WAL checkpoints
  let seen = 0;
  let unexpected: string | undefined;
  try {
    // Lines are split from 'data' events, not read with readline's async iterator: that iterator
    // pauses the pipe under a burst of lines and was seen never to resume it, leaving this test
    // waiting forever while the writer kept going.
    await new Promise<void>((resolve) => {
      let partial = '';
      child.stdout.on('data', (chunk: Buffer) => {
        const lines = (partial + chunk.toString()).split('\n');
        partial = lines.pop()!;
        for (const line of lines) {
          if (seen === target) break;
          const [verb, key, n] = line.split(' ');
          if (verb === 'create') created.push(key);
          else if (verb === 'update') counters.set(key, Number(n));
          else unexpected ??= line;
          if (++seen === target) {
            child.kill('SIGKILL');
            resolve();
          }
        }
      });
      child.stdout.on('end', resolve); // the writer ended (or died) before the target
    });
  } finally {
    child.kill('SIGKILL'); // never leave the writer running, whatever failed above
  }
  assert.equal(unexpected, undefined, `unexpected output from the writer: ${unexpected}`);
  const signal = await exited;
  assert.equal(signal, 'SIGKILL', `the writer ended by itself; stderr: ${stderr}`);
  assert.equal(seen, target);

  const backend = new SqliteBackend(path);
  try {
    for (const key of created) {
      const { kv } = await backend.get(key);
      assert.ok(kv, `acknowledged key lost: ${key}`);
      assert.equal(new TextDecoder().decode(kv.value), expectedValue(key));
    }
    for (const [key, n] of counters) {
      const { kv } = await backend.get(key);
      // A later update may have committed without its acknowledgement reaching us: >=, not =.
      assert.ok(kv && Number(new TextDecoder().decode(kv.value)) >= n, `acknowledged update lost: ${key} ${n}`);
    }
    // The reopened log is consistent: the revision counts every surviving write exactly once.
    const { kvs } = await backend.list('/crash/keys/');
    assert.ok(kvs.length >= created.length);
    assert.equal(new Set(kvs.map((kv) => kv.modRevision)).size, kvs.length);
  } finally {
    await backend.close();
  }
});
