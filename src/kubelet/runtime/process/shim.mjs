// The process runtime's shim (plain ESM, run with `node` alone): it starts the runtime's processes,
// as containerd-shim does on a real node, so that the fork happens here — in a ~40 MB process on
// another core — and not in the cluster's process, whose fork cost grows with its memory and
// blocks the event loop that serves the API, the controllers and every kubelet.
//
// Protocol (Node IPC, JSON; shim.ts is the other end):
//   ← {type: 'mkfifo', id, paths}            → {type: 'made', id} | {type: 'made', id, error: {code, message}}
//   ← {type: 'spawn', id, argv, cwd, env, stdio: [stdinPath | null, stdoutPath, stderrPath]}
//   → {type: 'spawned', id, pid} | {type: 'spawned', id, error: {code, message}}
//   → {type: 'exit', id, code, signal}
// stdio: named pipes (FIFOs), as containerd gives containers — unlike sockets, a process can
// reopen them by path (/dev/stdout, /proc/self/fd/1), which fails with ENXIO on a socket. The
// runtime has Node make them here in batches (Node has no mkfifo(3), and the runtime's process
// must not fork), in argv[2], its private directory. It opens its ends of a process's FIFOs before
// it sends the spawn: the reader of stdout/stderr (so these opens of the writer cannot block or
// fail, and output written before the runtime reads is kept in the pipe) and the writer of stdin
// (O_RDWR, so that the process reads no early EOF). The shim opens the other ends, gives them to
// the process, closes its own copies at once and unlinks the paths: the bytes go between the
// process and the runtime, and /proc/self/fd/N still reopens the unlinked FIFO.
// Kills are not part of the protocol: the runtime signals process groups (-pid) itself.
//
// Like the reaper it replaces: every process is a detached group; when the main process exits
// the rest of its group is killed (the end of PID 1 ends a container), and when the runtime's
// process dies, however it dies (even SIGKILL), the IPC channel closes and every group still
// running is killed — as containers die with their shim, so no orphans outlive a test run.
import { spawn } from 'node:child_process';
import { closeSync, constants, openSync, rmSync, unlinkSync } from 'node:fs';

const { O_RDONLY, O_WRONLY, O_NONBLOCK } = constants;
const dir = process.argv[2];
/** pgids of the groups started and not yet exited */
const groups = new Set();

function send(message) {
  // a runtime that went away cannot be told; the 'disconnect' handler ends the shim
  if (process.connected) process.send(message, undefined, undefined, () => {});
}

function errorOf(err, fallback) {
  return { code: err?.code ?? fallback, message: String(err?.message ?? err) };
}

/** One mkfifo(1) for a whole batch: a fork per FIFO would cost more than the spawns they serve. */
function mkfifo({ id, paths }) {
  let replied = false;
  const reply = (error) => { if (!replied) { replied = true; send(error ? { type: 'made', id, error } : { type: 'made', id }); } };
  const child = spawn('mkfifo', ['-m', '600', '--', ...paths], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  child.once('error', (err) => reply(errorOf(err, 'EIO')));
  child.once('close', (code, signal) => reply(code === 0 ? undefined : { code: 'EIO', message: `mkfifo: ${stderr.trim() || `exit ${code ?? signal}`}` }));
}

function start({ id, argv, cwd, env, stdio }) {
  const fds = [];
  let child;
  try {
    // O_NONBLOCK: the runtime holds the other ends, so these opens succeed at once (a writer's
    // open fails with ENXIO rather than wait when there is no reader); libuv clears O_NONBLOCK
    // on the child's fds 0-2, which share these open file descriptions
    for (const [i, path] of stdio.entries()) fds.push(path === null ? 'ignore' : openSync(path, (i === 0 ? O_RDONLY : O_WRONLY) | O_NONBLOCK));
    // uv_spawn forks and execs synchronously: when spawn() returns the process holds its own
    // copies of the FIFOs (or exec failed), so ours can be closed at once
    child = spawn(argv[0], argv.slice(1), { cwd, env, detached: true, stdio: fds });
  } catch (err) {
    send({ type: 'spawned', id, error: errorOf(err, 'EINVAL') });
    return;
  } finally {
    for (const fd of fds) if (typeof fd === 'number') closeSync(fd);
    for (const path of stdio) if (path !== null) { try { unlinkSync(path); } catch { /* gone */ } }
  }
  child.once('error', (err) => { if (child.pid === undefined) send({ type: 'spawned', id, error: errorOf(err, 'EIO') }); });
  if (child.pid === undefined) return; // 'error' follows (ENOENT, EACCES…)
  const pid = child.pid;
  groups.add(pid);
  send({ type: 'spawned', id, pid });
  child.once('exit', (code, signal) => {
    try { process.kill(-pid, 'SIGKILL'); } catch { /* the group is gone */ }
    groups.delete(pid);
    send({ type: 'exit', id, code, signal });
  });
}

function killAll() {
  for (const pgid of groups) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }
  groups.clear();
}

process.on('message', (message) => {
  if (message?.type === 'spawn') start(message);
  else if (message?.type === 'mkfifo') mkfifo(message);
});
process.on('disconnect', () => {
  killAll();
  // the runtime removes its directory (FIFOs not yet used) when it closes; a runtime that died cannot
  try { rmSync(dir, { recursive: true, force: true }); } catch { /* gone */ }
  process.exit(0);
});
// an unexpected crash of the shim still takes its containers with it
process.on('exit', killAll);
// the runtime's own signals (Ctrl-C reaches the whole foreground group) must not end the shim
// before the runtime has stopped its containers and closed the channel
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
