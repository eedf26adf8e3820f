// The process runtime's shim (plain ESM, run with `node` alone): it starts the runtime's processes,
// as containerd-shim does on a real node, so that the fork happens here — in a ~40 MB process on
// another core — and not in the cluster's process, whose fork cost grows with its memory and
// blocks the event loop that serves the API, the controllers and every kubelet.
//
// Protocol (Node IPC, JSON; shim.ts is the other end):
//   ← {type: 'spawn', id, argv, cwd, env, stdin}
//   → {type: 'spawned', id, pid} | {type: 'spawned', id, error: {code, message}}
//   → {type: 'exit', id, code, signal}
// stdio: for each process the shim connects to the runtime's unix socket (argv[2]) once per stream,
// writes a header line "<id> <stdin|stdout|stderr>\n", and hands the socket to the process as that
// stream; its own copy is closed at once, so the bytes go between the process and the runtime.
// Kills are not part of the protocol: the runtime signals process groups (-pid) itself.
//
// Like the reaper it replaces: every process is a detached group; when the main process exits
// the rest of its group is killed (the end of PID 1 ends a container), and when the runtime's
// process dies, however it dies (even SIGKILL), the IPC channel closes and every group still
// running is killed — as containers die with their shim, so no orphans outlive a test run.
import { spawn } from 'node:child_process';
import { rmdirSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { dirname } from 'node:path';

const socketPath = process.argv[2];
/** pgids of the groups started and not yet exited */
const groups = new Set();

function send(message) {
  // a runtime that went away cannot be told; the 'disconnect' handler ends the shim
  if (process.connected) process.send(message, undefined, undefined, () => {});
}

function open(id, stream) {
  return new Promise((resolve, reject) => {
    const socket = connect(socketPath);
    socket.once('error', reject);
    // the header must reach the kernel before the process can write its first byte after it
    socket.once('connect', () => socket.write(`${id} ${stream}\n`, (err) => (err ? reject(err) : resolve(socket))));
  });
}

async function start({ id, argv, cwd, env, stdin }) {
  const names = stdin ? ['stdin', 'stdout', 'stderr'] : ['stdout', 'stderr'];
  const opened = await Promise.allSettled(names.map((name) => open(id, name)));
  const sockets = opened.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failed = opened.find((r) => r.status === 'rejected');
  if (failed) {
    for (const s of sockets) s.destroy();
    send({ type: 'spawned', id, error: { code: failed.reason?.code ?? 'EIO', message: String(failed.reason?.message ?? failed.reason) } });
    return;
  }
  let child;
  try {
    // uv_spawn forks and execs synchronously: when spawn() returns the process holds its own
    // copies of the sockets (or exec failed), so ours can be closed at once
    child = spawn(argv[0], argv.slice(1), { cwd, env, detached: true, stdio: stdin ? sockets : ['ignore', ...sockets] });
  } catch (err) {
    send({ type: 'spawned', id, error: { code: err?.code ?? 'EINVAL', message: String(err?.message ?? err) } });
    return;
  } finally {
    for (const s of sockets) s.destroy();
  }
  child.once('error', (err) => { if (child.pid === undefined) send({ type: 'spawned', id, error: { code: err.code ?? 'EIO', message: err.message } }); });
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
  if (message?.type === 'spawn') void start(message);
});
process.on('disconnect', () => {
  killAll();
  // the runtime removes its socket directory when it closes; a runtime that died cannot
  try { rmSync(socketPath, { force: true }); rmdirSync(dirname(socketPath)); } catch { /* gone, or not ours alone */ }
  process.exit(0);
});
// an unexpected crash of the shim still takes its containers with it
process.on('exit', killAll);
// the runtime's own signals (Ctrl-C reaches the whole foreground group) must not end the shim
// before the runtime has stopped its containers and closed the channel
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
