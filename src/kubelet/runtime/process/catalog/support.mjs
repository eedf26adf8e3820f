// Shared by the catalog stand-ins (plain ESM so that they run with `node` alone, no loader).
// Contract with the process runtime (see ../process-runtime.ts):
//   POD_IP          the pod's loopback address, which the stand-in binds (the container's network)
//   HOSTNAME        the pod's hostname
//   EKSLITE_MOUNTS  JSON object: container path → host directory, for the container's volumes
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const podIP = process.env.POD_IP || '127.0.0.1';
export const hostname = process.env.HOSTNAME || 'localhost';

const mounts = (() => {
  try { return JSON.parse(process.env.EKSLITE_MOUNTS || '{}'); } catch { return {}; }
})();

/** The host path of a container path when a volume is mounted at or above it, else undefined. */
export function hostPathOf(containerPath) {
  const keys = Object.keys(mounts).sort((a, b) => b.length - a.length);
  for (const k of keys) {
    if (containerPath === k) return mounts[k];
    if (containerPath.startsWith(k.endsWith('/') ? k : `${k}/`)) return join(mounts[k], containerPath.slice(k.length));
  }
  return undefined;
}

export function mountedDir(containerPath) {
  const p = hostPathOf(containerPath);
  return p && existsSync(p) ? p : undefined;
}

/** Listens on podIP:port; a bind failure ends the process as the real server would (exit 1). */
export function listen(server, port, onError) {
  server.on('error', (e) => { onError(e); process.exit(1); });
  server.listen(port, podIP);
}

/** Stops on SIGTERM/SIGINT/SIGQUIT: closes the listener and exits 0. */
export function exitOnSignals(server) {
  const stop = () => { server.close(); server.closeAllConnections?.(); process.exit(0); };
  for (const s of ['SIGTERM', 'SIGINT', 'SIGQUIT']) process.on(s, stop);
}
