import assert from 'node:assert/strict';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { streamCriLog, type ReadLogOptions } from './cri-log-stream.ts';

let dir: string;
before(async () => { dir = await mkdtemp(join(tmpdir(), 'cri-log-stream-')); });
after(async () => { await rm(dir, { recursive: true, force: true }); });

const LOG = [
  '2026-01-01T00:00:01.5Z stdout F one',
  '2026-01-01T00:00:02Z stderr F two',
  '2026-01-01T00:00:03Z stdout P thr',
  '2026-01-01T00:00:03.000000001Z stdout F ee',
  'garbage that is not a record',
  '2026-01-01T00:00:04Z stdout F four',
].join('\n') + '\n';

async function read(options: Partial<ReadLogOptions>, content = LOG): Promise<string> {
  const path = join(dir, `${Math.random()}.log`);
  await writeFile(path, content);
  const out: Buffer[] = [];
  await streamCriLog(path, { follow: false, timestamps: false, ...options }, async (c) => { out.push(c); }, { signal: new AbortController().signal, exited: Promise.resolve() });
  return Buffer.concat(out).toString();
}

test('records become lines; a P(artial) record joins the next; unparsable lines are skipped', async () => {
  assert.equal(await read({}), 'one\ntwo\nthree\nfour\n');
});

test('tailLines counts records from the end, as kubelet\'s tail does', async () => {
  assert.equal(await read({ tailLines: 1 }), 'four\n');
  assert.equal(await read({ tailLines: 3 }), 'ee\nfour\n', 'three records back is the garbage line, then ee and four');
  assert.equal(await read({ tailLines: 100 }), 'one\ntwo\nthree\nfour\n');
  assert.equal(await read({ tailLines: 0 }), '');
});

test('timestamps prefix every record; since filters by record time; limitBytes cuts', async () => {
  assert.equal(await read({ timestamps: true, tailLines: 1 }), '2026-01-01T00:00:04Z four\n');
  assert.equal(await read({ sinceMs: Date.UTC(2026, 0, 1, 0, 0, 2) }), 'two\nthree\nfour\n');
  assert.equal(await read({ limitBytes: 6 }), 'one\ntw');
});

test('a missing log file is an empty log', async () => {
  const out: Buffer[] = [];
  await streamCriLog(join(dir, 'none.log'), { follow: true, timestamps: false }, async (c) => { out.push(c); }, { signal: new AbortController().signal, exited: new Promise(() => {}) });
  assert.equal(out.length, 0);
});

test('follow: records appended later arrive, and the stream ends once the instance exited', async () => {
  const path = join(dir, 'follow.log');
  await writeFile(path, '2026-01-01T00:00:01Z stdout F first\n');
  let exit!: () => void;
  const exited = new Promise<void>((r) => { exit = r; });
  const seen: string[] = [];
  let onChunk: (() => void) | undefined;
  const done = streamCriLog(path, { follow: true, timestamps: false }, async (c) => { seen.push(c.toString()); onChunk?.(); }, { signal: new AbortController().signal, exited });
  const waitForChunks = (n: number) => new Promise<void>((r) => { const check = () => { if (seen.length >= n) r(); }; onChunk = check; check(); });
  await waitForChunks(1);
  // the writer is caught mid-line: the unfinished record waits for its newline
  await appendFile(path, '2026-01-01T00:00:02Z stdout F second\n2026-01-01T00:00:03Z stdout P a long ');
  await waitForChunks(2);
  assert.equal(seen.join(''), 'first\nsecond\n');
  await appendFile(path, 'line\n2026-01-01T00:00:03Z stdout F , finished\n');
  exit();
  await done;
  assert.equal(seen.join(''), 'first\nsecond\na long line, finished\n');
});

test('follow ends when the reader goes away', async () => {
  const path = join(dir, 'abort.log');
  await writeFile(path, '');
  const abort = new AbortController();
  const done = streamCriLog(path, { follow: true, timestamps: false }, async () => {}, { signal: abort.signal, exited: new Promise(() => {}) });
  abort.abort();
  await done;
});
