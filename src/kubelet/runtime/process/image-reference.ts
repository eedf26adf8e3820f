/**
 * Image references normalised as containerd/docker's reference.ParseNormalizedNamed does:
 * `nginx` → `docker.io/library/nginx:latest`; the first path component is a registry when it has
 * a dot or a colon or is `localhost`; a digest (`@sha256:…`) is kept and implies no tag.
 */
import { createHash } from 'node:crypto';

export interface ImageReference {
  /** "docker.io/library/nginx" */
  readonly repository: string;
  readonly tag?: string;
  readonly digest?: string;
  /** "docker.io/library/nginx:latest" (or repository@digest). */
  readonly normalized: string;
}

export function parseImageReference(image: string): ImageReference {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  const parts = rest.split('/');
  const first = parts[0];
  const hasRegistry = parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost');
  let repository = hasRegistry ? rest : `docker.io/${rest}`;
  if (!hasRegistry && parts.length === 1) repository = `docker.io/library/${rest}`;
  repository = repository.toLowerCase();
  if (!digest && !tag) tag = 'latest';
  return { repository, tag, digest, normalized: digest ? `${repository}@${digest}` : `${repository}:${tag}` };
}

/** A stable digest for an image ekslite provides without a registry (content: the stand-in's identity). */
export function syntheticDigest(identity: string): string {
  return `sha256:${createHash('sha256').update(identity).digest('hex')}`;
}
