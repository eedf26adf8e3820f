/**
 * List continuation tokens in kube-apiserver's format (storage/etcd3 continue.go): base64 of
 * {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key suffix after the list prefix>\u0000"}.
 * The NUL makes `start` the smallest key after the last one returned.
 */
import { badRequest } from '../api/status.ts';

interface TokenBody { v: string; rv: number; start: string }

export function encodeContinue(revision: number, lastKeySuffix: string): string {
  const body: TokenBody = { v: 'meta.k8s.io/v1', rv: revision, start: `${lastKeySuffix}\u0000` };
  return Buffer.from(JSON.stringify(body)).toString('base64url');
}

/** Returns the revision to read at and the key suffix to start after. */
export function decodeContinue(token: string): { revision: number; startAfter: string } {
  let body: TokenBody;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as TokenBody;
  } catch {
    throw badRequest(`continue key is not valid: ${token}`);
  }
  if (body?.v !== 'meta.k8s.io/v1') throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof body.rv !== 'number' || body.rv <= 0) throw badRequest('continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)');
  if (typeof body.start !== 'string' || body.start.length === 0) throw badRequest('continue key is not valid: encoded start key empty');
  // The NUL suffix means "after this key": strip it and list strictly after the key.
  const start = body.start.endsWith('\u0000') ? body.start.slice(0, -1) : body.start;
  if (start.includes('..') || start.startsWith('/')) throw badRequest('continue key is not valid: encoded start key is invalid');
  return { revision: body.rv, startAfter: start };
}
