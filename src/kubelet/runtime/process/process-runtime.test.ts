import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { after, before, test } from 'node:test';
import { processNodeBlocks } from '../../../network/ipam.ts';
import { httpGet, waitFor } from '../../testing.ts';
import { type ContainerConfig, type ContainerEvent, ImagePullError, StartContainerError } from '../container-runtime.ts';
import { parseCriLine, readCriLog } from '../cri-log.ts';
import { ProcessRuntime } from './process-runtime.ts';

// Block 4090 of the node range: far from what clusters started by other tests allocate first.
const block = processNodeBlocks.allocate();
let root: string;
let runtime: ProcessRuntime;
const events: ContainerEvent[] = [];
let n = 0;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'procrt-'));
  runtime = new ProcessRuntime();
  runtime.subscribe((e) => events.push(e));
});
after(async () => {
  await runtime.close();
  await rm(root, { recursive: true, force: true });
});

async function sandbox(ipOffset: number): Promise<{ id: string; dir: string; ip: string }> {
  const dir = join(root, `pod-${++n}`);
  const ip = block.base.replace(/\.0$/, `.${10 + ipOffset}`);
  const id = await runtime.runPodSandbox({ uid: `uid-${n}`, namespace: 'default', name: `p${n}`, hostname: `p${n}`, ip, podDir: dir });
  return { id, dir, ip };
}

/** No such process, or a zombie its new parent has not reaped yet. */
function gone(pid: number): boolean {
  let stat: string;
  try { stat = readFileSync(`/proc/${pid}/stat`, 'utf8'); } catch { return true; }
  return stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z');
}

function config(dir: string, c: Partial<ContainerConfig> & { name: string; image: string }): ContainerConfig {
  return { env: new Map(), mounts: [], logPath: join(dir, 'logs', `${c.name}.log`), attempt: 0, ...c };
}

test('the nginx stand-in serves the welcome page on the pod IP, port 80', async () => {
  const sb = await sandbox(1);
  const pulled = await runtime.pullImage({ image: 'nginx:1.27' });
  assert.equal(pulled.image, 'docker.io/library/nginx:1.27');
  assert.match(pulled.imageRef, /^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'web', image: 'nginx:1.27' }));
  await runtime.startContainer(id);
  const res = await waitFor(() => httpGet(`http://${sb.ip}/`), { what: 'nginx to answer' });
  assert.equal(res.status, 200);
  assert.match(res.body, /Welcome to nginx!/);
  assert.match(String(res.headers.server), /^nginx\//);
  assert.equal((await httpGet(`http://${sb.ip}/nope`)).status, 404);
  const stats = await runtime.containerStats(id);
  assert.ok(stats && stats.memoryWorkingSetBytes > 0 && stats.cpuUsageCoreNanoSeconds > 0);
  await runtime.stopContainer(id, 10);
  const st = await runtime.containerStatus(id);
  assert.deepEqual([st.state, st.exitCode, st.reason], ['exited', 0, 'Completed']);
  const lines = await readCriLog(join(sb.dir, 'logs', 'web.log'));
  assert.ok(lines.some((l) => l.includes('"GET / HTTP/1.1" 200 615')), lines.join('\n'));
});

test('nginx serves files of a volume mounted at /usr/share/nginx/html', async () => {
  const sb = await sandbox(2);
  const html = join(sb.dir, 'html');
  await mkdir(html, { recursive: true });
  await writeFile(join(html, 'index.html'), 'from the volume\n');
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'web', image: 'public.ecr.aws/nginx/nginx:stable', mounts: [{ containerPath: '/usr/share/nginx/html', hostPath: html, readOnly: true }] }));
  await runtime.startContainer(id);
  const res = await waitFor(() => httpGet(`http://${sb.ip}/`), { what: 'nginx to answer' });
  assert.equal(res.body, 'from the volume\n');
  await runtime.stopContainer(id, 10);
});

test('a host command runs with env, mapped volume paths and CRI logs; its exit code is reported', async () => {
  const sb = await sandbox(3);
  const cfg = join(sb.dir, 'cfg');
  await mkdir(cfg, { recursive: true });
  await writeFile(join(cfg, 'greeting'), 'hello from a configmap');
  const id = await runtime.createContainer(sb.id, config(sb.dir, {
    name: 'job', image: 'busybox', command: ['sh', '-c'], args: ['cat /etc/config/greeting; echo; echo "$GREETING $HOSTNAME $POD_IP"; echo err >&2; echo bye > /dev/termination-log; exit 3'],
    env: new Map([['GREETING', 'hi']]), mounts: [{ containerPath: '/etc/config', hostPath: cfg, readOnly: true }],
  }));
  await runtime.startContainer(id);
  const st = await waitFor(async () => { const s = await runtime.containerStatus(id); return s.state === 'exited' && s; }, { what: 'exit' });
  assert.deepEqual([st.exitCode, st.reason, st.message], [3, 'Error', 'bye\n']);
  assert.ok(events.some((e) => e.type === 'exited' && e.containerId === id));
  const lines = await readCriLog(join(sb.dir, 'logs', 'job.log'));
  assert.deepEqual(lines, ['hello from a configmap', `hi p${n} ${sb.ip}`, 'err']);
});

test('SIGTERM ends a sleeping container with 143; exec runs in the container', async () => {
  const sb = await sandbox(4);
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'sleeper', image: 'alpine', command: ['sleep', '3600'] }));
  await runtime.startContainer(id);
  const out = new PassThrough();
  let text = '';
  out.on('data', (d: Buffer) => { text += d.toString(); });
  assert.equal(await runtime.exec(id, { command: ['sh', '-c', 'echo $HOSTNAME; exit 7'], tty: false, stdout: out }), 7);
  assert.equal(text.trim(), `p${n}`);
  await runtime.stopContainer(id, 30);
  const st = await runtime.containerStatus(id);
  assert.deepEqual([st.exitCode, st.reason], [143, 'Error']);
});

test('an image neither in the catalog nor runnable fails to pull', async () => {
  await assert.rejects(runtime.pullImage({ image: 'example.com/team/app:v1' }), (e: unknown) =>
    e instanceof ImagePullError && /failed to pull and unpack image "example\.com\/team\/app:v1".*not found in the ekslite process catalog/.test(e.message));
  await assert.rejects(runtime.pullImage({ image: 'example.com/team/app:v1', command: ['/app/server'] }), ImagePullError);
  // a host binary makes any image runnable
  assert.equal((await runtime.pullImage({ image: 'python:3.12', command: ['sh', '-c', 'true'] })).image, 'docker.io/library/python:3.12');
});

test('a catalog image with a command the host lacks fails to start with runc\'s error', async () => {
  const sb = await sandbox(5);
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'x', image: 'busybox', command: ['/no/such/binary'] }));
  await assert.rejects(runtime.startContainer(id), (e: unknown) => e instanceof StartContainerError && /stat \/no\/such\/binary: no such file or directory/.test(e.message));
  const st = await runtime.containerStatus(id);
  assert.deepEqual([st.state, st.exitCode, st.reason], ['exited', 128, 'StartError']);
});

test('a container that prints a lot and exits at once has all of its output in the log', async () => {
  const sb = await sandbox(6);
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'loud', image: 'busybox', command: ['sh', '-c', 'seq 1 100000; seq 1 20000 >&2'] }));
  await runtime.startContainer(id);
  const st = await waitFor(async () => { const s = await runtime.containerStatus(id); return s.state === 'exited' && s; }, { what: 'exit' });
  assert.deepEqual([st.exitCode, st.reason], [0, 'Completed']);
  const lines = await readCriLog(join(sb.dir, 'logs', 'loud.log'));
  assert.equal(lines.length, 120000);
  assert.deepEqual([lines.filter((l) => l === '100000').length, lines.filter((l) => l === '20000').length], [1, 2]);
});

test('a command that vanishes between create and start fails with runc\'s error around Node\'s', async () => {
  const sb = await sandbox(7);
  const bin = join(sb.dir, 'vanishing');
  await mkdir(sb.dir, { recursive: true });
  await writeFile(bin, '#!/bin/sh\n', { mode: 0o755 });
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'x', image: 'busybox', command: [bin] }));
  await rm(bin);
  const message = `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${bin}": spawn ${bin} ENOENT: unknown`;
  await assert.rejects(runtime.startContainer(id), (e: unknown) => e instanceof StartContainerError && e.message === message);
  const st = await runtime.containerStatus(id);
  assert.deepEqual([st.state, st.exitCode, st.reason, st.message], ['exited', 128, 'StartError', message]);
});

test('a container can reopen its stdio by path, as on containerd\'s FIFOs: each line is logged with its stream', async () => {
  const sb = await sandbox(9);
  // the official nginx image links its log files to /dev/stdout and /dev/stderr
  const script = 'echo to-stdout > /dev/stdout; echo to-stderr > /dev/stderr; echo teed | tee /dev/stderr; ln -s /dev/stdout access.log; echo linked >> access.log';
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'reopen', image: 'busybox', command: ['sh', '-c', script] }));
  await runtime.startContainer(id);
  const st = await waitFor(async () => { const s = await runtime.containerStatus(id); return s.state === 'exited' && s; }, { what: 'exit' });
  assert.deepEqual([st.exitCode, st.reason], [0, 'Completed']);
  const records = readFileSync(join(sb.dir, 'logs', 'reopen.log'), 'utf8').split('\n').flatMap((l) => parseCriLine(l) ?? []);
  const byStream = (stream: string) => records.filter((r) => r.stream === stream).map((r) => r.content);
  assert.deepEqual([byStream('stdout'), byStream('stderr')], [['to-stdout', 'teed', 'linked'], ['to-stderr', 'teed']]);
  assert.ok(records.every((r) => !r.partial && !Number.isNaN(Date.parse(r.time))), JSON.stringify(records));
});

test('attach delivers stdin to a container started with it and its output to the attached streams', async () => {
  const sb = await sandbox(10);
  const id = await runtime.createContainer(sb.id, config(sb.dir, { name: 'in', image: 'busybox', stdin: true, stdinOnce: true, command: ['sh', '-c', 'read line; echo "got $line"; cat > /dev/stderr; echo eof'] }));
  await runtime.startContainer(id);
  const [stdin, stdout, stderr] = [new PassThrough(), new PassThrough(), new PassThrough()];
  let [out, err] = ['', ''];
  stdout.on('data', (d: Buffer) => { out += d.toString(); });
  stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const attached = runtime.attach(id, { tty: false, stdin, stdout, stderr });
  stdin.write('hello\n');
  await waitFor(() => out === 'got hello\n', { what: 'the reply to the first line' });
  stdin.end('rest\n'); // stdinOnce: the end of the attached stream closes the container's stdin
  await attached;
  const st = await runtime.containerStatus(id);
  assert.deepEqual([st.exitCode, out, err, await readCriLog(join(sb.dir, 'logs', 'in.log'))], [0, 'got hello\neof\n', 'rest\n', ['got hello', 'rest', 'eof']]);
});

test('when the shim is killed its containers are killed and reported exited (137); new containers still start', async () => {
  const sb = await sandbox(8);
  const ids = await Promise.all(['a', 'b'].map((name) => runtime.createContainer(sb.id, config(sb.dir, { name, image: 'busybox', command: ['sh', '-c', 'sleep 3600 & wait'] }))));
  for (const id of ids) await runtime.startContainer(id);
  const shim = (runtime as unknown as { shim: { pid?: number } }).shim;
  const pids = ids.map((id) => (runtime as unknown as { containers: Map<string, { pid?: number }> }).containers.get(id)!.pid!);
  process.kill(shim.pid!, 'SIGKILL');
  for (const id of ids) {
    const st = await waitFor(async () => { const s = await runtime.containerStatus(id); return s.state === 'exited' && s; }, { what: 'exit' });
    assert.deepEqual([st.exitCode, st.reason], [137, 'Error']);
    assert.ok(events.some((e) => e.type === 'exited' && e.containerId === id));
  }
  for (const pid of pids) await waitFor(() => gone(pid), { what: `container process ${pid} to be killed` });
  const again = await runtime.createContainer(sb.id, config(sb.dir, { name: 'again', image: 'busybox', command: ['sh', '-c', 'echo again'] }));
  await runtime.startContainer(again);
  const st = await waitFor(async () => { const s = await runtime.containerStatus(again); return s.state === 'exited' && s; }, { what: 'exit' });
  assert.deepEqual([st.exitCode, await readCriLog(join(sb.dir, 'logs', 'again.log'))], [0, ['again']]);
});

test('containers do not outlive a runtime process that dies without stopping them; the shim removes its directory', async () => {
  const script = join(root, 'dies.mts');
  const runtimeUrl = new URL('./process-runtime.ts', import.meta.url).href;
  await writeFile(script, `
    import { ProcessRuntime } from ${JSON.stringify(runtimeUrl)};
    const rt = new ProcessRuntime();
    const sb = await rt.runPodSandbox({ uid: 'u', namespace: 'd', name: 'p', hostname: 'p', ip: '127.0.0.1', podDir: ${JSON.stringify(join(root, 'dies'))} });
    const id = await rt.createContainer(sb, { name: 'c', image: 'busybox', command: ['sleep', '3600'], env: new Map(), mounts: [], logPath: ${JSON.stringify(join(root, 'dies', 'c.log'))}, attempt: 0 });
    await rt.startContainer(id);
    const dir = await (rt as any).shim.workdir;
    process.stdout.write((rt as any).containers.get(id).pid + ' ' + dir + '\\n', () => process.kill(process.pid, 'SIGKILL'));
  `);
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  await new Promise((r) => child.once('close', r));
  const [pid, shimDir] = [Number(out.split(' ')[0]), out.trim().split(' ')[1]];
  assert.ok(pid > 1 && shimDir, out);
  await waitFor(() => gone(pid), { what: `container process ${pid} to be reaped` });
  await waitFor(() => !existsSync(shimDir), { what: `${shimDir} to be removed` });
});
