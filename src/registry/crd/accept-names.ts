/**
 * Which of a CRD's requested names it may be served under, and its NamesAccepted and Established
 * conditions, after apiextensions-apiserver pkg/controller/status/naming_controller.go
 * (calculateNamesAndConditions, equalToAcceptedOrFresh) and pkg/controller/establish:
 * - within one API group, plural, singular and short names share one space and kind/listKind
 *   another; a requested name is taken when it is already this CRD's accepted name or no other
 *   CRD of the group has accepted it; otherwise NamesAccepted is False with PluralConflict,
 *   SingularConflict, ShortNamesConflict, KindConflict or ListKindConflict and the old accepted
 *   name stays;
 * - categories are always accepted;
 * - Established becomes True once the names are accepted (kube's establishing controller does it
 *   a moment later; here it is the same step) and stays True afterwards.
 *
 * ekslite's CRD strategy copies spec.names into status.acceptedNames on create so the resource
 * can be served at once; names without a NamesAccepted condition are that provisional copy, not
 * an acceptance, and count as empty here.
 */
import type { KubeObject } from '../../api/object.ts';
import { asObj, objects } from '../../api/validation/access.ts';
import { type CustomResourceNames, namesOf } from './served-versions.ts';

export interface CrdCondition {
  readonly type: string;
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason: string;
  readonly message: string;
}

export interface AcceptedNames {
  readonly names: CustomResourceNames;
  readonly namesAccepted: CrdCondition;
  readonly established: CrdCondition;
}

const EMPTY: CustomResourceNames = { plural: '', singular: '', kind: '', listKind: '', shortNames: [], categories: [] };

/** The condition of `type` in a CRD's status, if any. */
export function findCondition(crd: KubeObject, type: string): CrdCondition | undefined {
  return objects(asObj(crd.status)?.conditions).find((c) => c.type === type) as CrdCondition | undefined;
}

/**
 * @param others the accepted names of every other CRD of the same group.
 */
export function acceptNames(crd: KubeObject, others: readonly CustomResourceNames[]): AcceptedNames {
  const requested = namesOf(asObj(crd.spec)?.names);
  const previous = findCondition(crd, 'NamesAccepted') ? namesOf(asObj(crd.status)?.acceptedNames) : EMPTY;
  const resources = new Set(others.flatMap((n) => [n.plural, n.singular, ...n.shortNames]).filter((s) => s !== ''));
  const kinds = new Set(others.flatMap((n) => [n.kind, n.listKind]).filter((s) => s !== ''));
  let conflict: { reason: string; message: string } | undefined;
  const take = (wanted: string, accepted: string, used: Set<string>, reason: string): string => {
    if (wanted === accepted || !used.has(wanted)) return wanted;
    conflict ??= { reason, message: `"${wanted}" is already in use` };
    return accepted;
  };
  const plural = take(requested.plural, previous.plural, resources, 'PluralConflict');
  const singular = take(requested.singular, previous.singular, resources, 'SingularConflict');
  let shortNames = previous.shortNames;
  if (JSON.stringify(requested.shortNames) !== JSON.stringify(previous.shortNames)) {
    const taken = requested.shortNames.filter((s) => !previous.shortNames.includes(s) && resources.has(s));
    if (taken.length === 0) shortNames = requested.shortNames;
    else {
      const messages = taken.map((s) => `"${s}" is already in use`);
      conflict ??= { reason: 'ShortNamesConflict', message: messages.length === 1 ? messages[0] : `[${messages.join(', ')}]` };
    }
  }
  const kind = take(requested.kind, previous.kind, kinds, 'KindConflict');
  const listKind = take(requested.listKind, previous.listKind, kinds, 'ListKindConflict');
  const names: CustomResourceNames = { plural, singular, kind, listKind, shortNames, categories: requested.categories };
  const namesAccepted: CrdCondition = conflict
    ? { type: 'NamesAccepted', status: 'False', ...conflict }
    : { type: 'NamesAccepted', status: 'True', reason: 'NoConflicts', message: 'no conflicts found' };
  const old = findCondition(crd, 'Established');
  let established: CrdCondition = old?.status === 'True' ? old : { type: 'Established', status: 'False', reason: 'NotAccepted', message: 'not all names are accepted' };
  if (established.status !== 'True' && namesAccepted.status === 'True') {
    established = { type: 'Established', status: 'True', reason: 'InitialNamesAccepted', message: 'the initial names have been accepted' };
  }
  return { names, namesAccepted, established };
}
