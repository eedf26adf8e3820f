// The process runtime's reaper (plain ESM, run with `node` alone): the runtime writes "+<pgid>"
// when a container's process group starts and "-<pgid>" when it ends. When the runtime's process
// dies, however it dies (even SIGKILL), this pipe closes and every group still registered is
// killed — as containers die with their shim on a real node, so no orphans outlive a test run.
const groups = new Set();
let buffer = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  buffer += chunk;
  let nl;
  while ((nl = buffer.indexOf('\n')) >= 0) {
    const line = buffer.slice(0, nl);
    buffer = buffer.slice(nl + 1);
    const pgid = Number(line.slice(1));
    if (!Number.isInteger(pgid) || pgid <= 1) continue;
    if (line[0] === '+') groups.add(pgid); else groups.delete(pgid);
  }
});
process.stdin.on('end', () => {
  for (const pgid of groups) { try { process.kill(-pgid, 'SIGKILL'); } catch { /* gone */ } }
  process.exit(0);
});
// the runtime's own signals must not end the reaper before the pipe closes
for (const s of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(s, () => {});
