/**
 * How a host process sees its container's volumes. A process-runtime container is a plain host
 * process with no mount namespace, so container paths are mapped to host directories two ways:
 *
 * 1. EKSLITE_MOUNTS: a JSON object (container path → host path) in the environment, read by the
 *    catalog stand-ins (they serve /usr/share/nginx/html from it, for example).
 * 2. Rewriting: in the command, args and env values, every occurrence of a mount's container
 *    path at a path boundary is replaced by its host path (longest mount first), so
 *    `cat /etc/config/key` reads the ConfigMap volume's file.
 *
 * Limits (documented, not hidden): paths built at run time (`cd /etc; cat config/key`), paths in
 * files the program reads, and absolute paths outside any volume (they are the host's own
 * files: /tmp is the host's /tmp) are not mapped. Containers that need a private filesystem need
 * the oci runtime.
 */
import type { Mount } from '../container-runtime.ts';

const PATH_CHAR = /[A-Za-z0-9._~/-]/;

/** Rewrites container paths in `text` to host paths. */
export function rewritePaths(text: string, mounts: readonly Mount[]): string {
  if (mounts.length === 0 || !text.includes('/')) return text;
  const sorted = [...mounts].sort((a, b) => b.containerPath.length - a.containerPath.length);
  let out = '';
  let i = 0;
  outer: while (i < text.length) {
    if (text[i] === '/' && (i === 0 || !PATH_CHAR.test(text[i - 1]))) {
      for (const m of sorted) {
        const cp = m.containerPath.replace(/\/+$/, '') || '/';
        if (!text.startsWith(cp, i)) continue;
        const after = text[i + cp.length];
        if (after === undefined || after === '/' || !PATH_CHAR.test(after)) {
          out += m.hostPath;
          i += cp.length;
          continue outer;
        }
      }
    }
    out += text[i];
    i++;
  }
  return out;
}

/** The host path of a container path under a mount, or undefined. */
export function hostPathOf(containerPath: string, mounts: readonly Mount[]): string | undefined {
  const mapped = rewritePaths(containerPath, mounts);
  return mapped === containerPath ? undefined : mapped;
}

export function mountsEnv(mounts: readonly Mount[]): string {
  return JSON.stringify(Object.fromEntries(mounts.map((m) => [m.containerPath, m.hostPath])));
}
