/**
 * What a process-runtime container runs. The rules, in order:
 *
 * 1. The manifest gives a command: argv = command + args, run on the host when argv[0] is a host
 *    binary (the host is the image); else the catalog entry of the image may translate it (the
 *    nginx image's `nginx -g …` runs the nginx stand-in); else the container fails to start
 *    with runc's "executable file not found" error (StartError, exit 128), as a real image
 *    without that binary would.
 * 2. No command: the image's entrypoint from the catalog, given the manifest's args.
 * 3. No command and no catalog entry: the image cannot be "pulled" (ErrImagePull).
 */
import { access, constants } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { ImagePullError, type PulledImage } from '../container-runtime.ts';
import { type CatalogEntry, catalogEntry } from './image-catalog.ts';
import { parseImageReference, syntheticDigest } from './image-reference.ts';

/** The PATH of a typical image, followed by the host's own directories. */
export function containerPath(hostPath = process.env.PATH ?? ''): string {
  const dirs = ['/usr/local/sbin', '/usr/local/bin', '/usr/sbin', '/usr/bin', '/sbin', '/bin', ...hostPath.split(delimiter)];
  return [...new Set(dirs.filter(Boolean))].join(delimiter);
}

/** The executable `name` resolves to on `path`, or undefined. */
export async function findBinary(name: string, path: string): Promise<string | undefined> {
  const ok = (p: string) => access(p, constants.X_OK).then(() => true, () => false);
  if (name.includes('/')) return (await ok(name)) ? name : undefined;
  for (const dir of path.split(delimiter)) {
    if (dir && (await ok(join(dir, name)))) return join(dir, name);
  }
  return undefined;
}

export interface ResolvedImage extends PulledImage {
  readonly entry?: CatalogEntry;
}

/** The image check of rule 3; resolves to the names the kubelet reports. */
export async function resolveImage(image: string, command: readonly string[] | undefined, path: string): Promise<ResolvedImage> {
  const ref = parseImageReference(image);
  const entry = catalogEntry(ref.repository);
  if (entry) return { image: ref.normalized, imageRef: `${ref.repository}@${ref.digest ?? syntheticDigest(`ekslite-catalog/${entry.name}`)}`, entry };
  if (command && command.length > 0 && (await findBinary(command[0], path))) {
    return { image: ref.normalized, imageRef: `${ref.repository}@${ref.digest ?? syntheticDigest(`ekslite-host/${ref.normalized}`)}` };
  }
  const why = command && command.length > 0
    ? `its command ${JSON.stringify(command[0])} is not a binary on this host and the image is not in the ekslite process catalog`
    : 'not found in the ekslite process catalog (nginx, busybox, alpine, echoserver, hpa-example) and the container gives no command to run on the host';
  throw new ImagePullError(`rpc error: code = NotFound desc = failed to pull and unpack image "${ref.normalized}": ${ref.normalized}: ${why}`);
}

/** argv for rules 1 and 2, or an error message in runc's words when it cannot start. */
export async function resolveArgv(
  entry: CatalogEntry | undefined, command: readonly string[] | undefined, args: readonly string[] | undefined, path: string, catalogDir: string,
): Promise<{ argv: readonly string[] } | { error: string }> {
  let argv: readonly string[];
  if (command && command.length > 0) {
    argv = [...command, ...(args ?? [])];
    if (!(await findBinary(argv[0], path))) {
      const translated = entry?.translate?.(argv, catalogDir);
      if (!translated || translated.length === 0 || !(await findBinary(translated[0], path))) return { error: notFound(argv[0]) };
      argv = translated;
    }
  } else if (entry) {
    argv = entry.entrypoint(args, catalogDir);
    if (!(await findBinary(argv[0], path))) return { error: notFound(argv[0]) };
  } else {
    return { error: 'no command specified' };
  }
  return { argv };
}

function notFound(bin: string): string {
  const detail = bin.includes('/') ? `stat ${bin}: no such file or directory` : 'executable file not found in $PATH';
  return `failed to create containerd task: failed to create shim task: OCI runtime create failed: runc create failed: unable to start container process: exec: "${bin}": ${detail}: unknown`;
}
