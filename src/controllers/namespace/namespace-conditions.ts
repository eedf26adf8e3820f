/**
 * The status conditions the namespace controller keeps on a terminating Namespace, after kube's
 * namespace/deletion status_condition_utils.go: five condition types, each either the failure
 * the last pass found (status True) or its "ok" variant (status False); lastTransitionTime moves
 * only when the status flips.
 */
import { rfc3339 } from '../../util/clock.ts';

export interface NamespaceCondition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** In the order kube maintains them. */
export const NAMESPACE_CONDITION_TYPES = [
  'NamespaceDeletionDiscoveryFailure',
  'NamespaceDeletionGroupVersionParsingFailure',
  'NamespaceDeletionContentFailure',
  'NamespaceContentRemaining',
  'NamespaceFinalizersRemaining',
] as const;

const OK: Record<(typeof NAMESPACE_CONDITION_TYPES)[number], { reason: string; message: string }> = {
  NamespaceDeletionDiscoveryFailure: { reason: 'ResourcesDiscovered', message: 'All resources successfully discovered' },
  NamespaceDeletionGroupVersionParsingFailure: { reason: 'ParsedGroupVersions', message: 'All legacy kube types successfully parsed' },
  NamespaceDeletionContentFailure: { reason: 'ContentDeleted', message: 'All content successfully deleted, may be waiting on finalization' },
  NamespaceContentRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
  NamespaceFinalizersRemaining: { reason: 'ContentRemoved', message: 'All content successfully removed' },
};

/** What one deletion pass found. */
export interface DeletionFindings {
  /** Set when the served resources could not be listed. */
  readonly discoveryError?: string;
  /** One message per resource whose content could not be deleted. */
  readonly contentErrors: readonly string[];
  /** Objects left, by "resource.group" (kube prints "pods." for the core group). */
  readonly remainingByResource: ReadonlyMap<string, number>;
  /** Objects left, by finalizer they still carry. */
  readonly remainingByFinalizer: ReadonlyMap<string, number>;
}

/** The failure conditions a pass's findings call for (the "ok" variants are filled in by mergeConditions). */
export function failureConditions(f: DeletionFindings): Omit<NamespaceCondition, 'lastTransitionTime'>[] {
  const out: Omit<NamespaceCondition, 'lastTransitionTime'>[] = [];
  if (f.discoveryError !== undefined) {
    out.push({ type: 'NamespaceDeletionDiscoveryFailure', status: 'True', reason: 'DiscoveryFailed', message: f.discoveryError });
  }
  if (f.contentErrors.length > 0) {
    const msgs = [...f.contentErrors].sort();
    out.push({
      type: 'NamespaceDeletionContentFailure', status: 'True', reason: 'ContentDeletionFailed',
      message: `Failed to delete all resource types, ${msgs.length} remaining: ${msgs.join(', ')}`,
    });
  }
  const resources = [...f.remainingByResource].filter(([, n]) => n > 0).map(([gr, n]) => `${gr} has ${n} resource instances`).sort();
  if (f.remainingByResource.size > 0) {
    out.push({ type: 'NamespaceContentRemaining', status: 'True', reason: 'SomeResourcesRemain', message: `Some resources are remaining: ${resources.join(', ')}` });
  }
  const finalizers = [...f.remainingByFinalizer].filter(([, n]) => n > 0).map(([fin, n]) => `${fin} in ${n} resource instances`).sort();
  if (f.remainingByFinalizer.size > 0) {
    out.push({ type: 'NamespaceFinalizersRemaining', status: 'True', reason: 'SomeFinalizerRemain', message: `Some finalizers are remaining: ${finalizers.join(', ')}` });
  }
  return out;
}

/**
 * as updateConditions: every maintained type ends up present, with the failure given or its ok
 * variant; conditions of other types are kept. Returns the new list and whether it changed.
 */
export function mergeConditions(
  existing: readonly NamespaceCondition[],
  failures: readonly Omit<NamespaceCondition, 'lastTransitionTime'>[],
  now: number,
): { conditions: NamespaceCondition[]; changed: boolean } {
  const conditions = existing.map((c) => ({ ...c }));
  let changed = false;
  for (const type of NAMESPACE_CONDITION_TYPES) {
    const wanted = failures.find((c) => c.type === type) ?? { type, status: 'False' as const, ...OK[type] };
    const old = conditions.find((c) => c.type === type);
    if (!old) {
      conditions.push({ ...wanted, lastTransitionTime: rfc3339(now) });
      changed = true;
    } else if (old.status !== wanted.status || old.reason !== wanted.reason || old.message !== wanted.message) {
      if (old.status !== wanted.status) old.lastTransitionTime = rfc3339(now);
      old.status = wanted.status;
      old.reason = wanted.reason;
      old.message = wanted.message;
      changed = true;
    }
  }
  return { conditions, changed };
}
