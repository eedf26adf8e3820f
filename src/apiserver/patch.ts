/**
 * PATCH bodies by Content-Type, as kube-apiserver's patch handler: JSON patch (RFC 6902), JSON
 * merge patch (RFC 7386) and strategic merge patch (built-in kinds, from the generated schema).
 * Server-side apply (application/apply-patch+yaml) answers 415 until it is implemented.
 */
import type { GroupVersionKind, KubeObject } from '../api/object.ts';
import { applyJsonPatch } from '../api/patch/json-patch.ts';
import { applyMergePatch } from '../api/patch/merge-patch.ts';
import { applyStrategicMergePatch } from '../api/patch/strategic-merge-patch.ts';
import { unsupportedMediaType } from '../api/status.ts';
import { decodeBody, mediaTypeOf } from './body.ts';

export const PATCH_TYPES = ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

export function applyPatch(current: KubeObject, body: Buffer, contentType: string | undefined, options: { schemaKind?: GroupVersionKind }): unknown {
  const type = mediaTypeOf(contentType);
  if (!PATCH_TYPES.includes(type)) throw unsupportedMediaType(type);
  const patch = decodeBody(body, type);
  switch (type) {
    case 'application/json-patch+json': return applyJsonPatch(current, patch);
    case 'application/merge-patch+json': return applyMergePatch(current, patch);
    default:
      // Custom resources have no strategic-merge metadata: kube answers 415 for SMP on them.
      if (!options.schemaKind) throw unsupportedMediaType(type);
      return applyStrategicMergePatch(current, patch, options.schemaKind);
  }
}
