/**
 * Pod validation for create, update and status update, after pkg/apis/core/validation
 * (ValidatePodCreate, ValidatePodUpdate, ValidatePodStatusUpdate).
 */
import { type FieldError, child, forbidden, index, invalidValue } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr, clone, deepEqual, objects } from './access.ts';
import { validatePodSpec, validateTolerations } from './core-pod-spec.ts';
import { inclusiveRangeError, invalidEach, isDNS1123Subdomain, isQualifiedName, isValidIP } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

/** The fields ValidatePodUpdate lets change, in kube 1.32's wording (InPlacePodVerticalScaling off). */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

const spec = (pod: KubeObject): Obj => asObj(pod.spec) ?? {};
const status = (pod: KubeObject): Obj => asObj(pod.status) ?? {};

/** validateContainersOnlyForPod: images of real pods may not carry surrounding whitespace. */
function validateContainersOnlyForPod(containers: unknown, path: string): FieldError[] {
  return objects(containers).flatMap((c, i) => {
    const image = asStr(c.image);
    return image.trim() !== image ? [invalidValue(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace')] : [];
  });
}

function validatePodMetadataAndSpec(pod: KubeObject): FieldError[] {
  const errs = validateObjectMeta(pod.metadata, { namespaced: true });
  errs.push(...validatePodSpec(pod.spec, 'spec'));
  errs.push(...validateContainersOnlyForPod(spec(pod).containers, 'spec.containers'));
  errs.push(...validateContainersOnlyForPod(spec(pod).initContainers, 'spec.initContainers'));
  return errs;
}

/** ValidatePodCreate. */
export function validatePodCreate(pod: KubeObject): FieldError[] {
  const errs = validatePodMetadataAndSpec(pod);
  const s = spec(pod);
  if (objects(s.ephemeralContainers).length > 0) errs.push(forbidden('spec.ephemeralContainers', 'cannot be set on create'));
  if (asStr(s.nodeName) !== '' && objects(s.schedulingGates).length > 0) {
    errs.push(forbidden('spec.nodeName', 'cannot be set until all schedulingGates have been cleared'));
  }
  errs.push(...validateStatusIPs(pod));
  return errs;
}

/** ValidateContainerUpdates: same number of containers, images present and trimmed. */
function validateContainerUpdates(next: unknown, prev: unknown, path: string): { errs: FieldError[]; stop: boolean } {
  const n = objects(next);
  if (n.length !== objects(prev).length) return { errs: [forbidden(path, 'pod updates may not add or remove containers')], stop: true };
  const errs: FieldError[] = [];
  n.forEach((c, i) => {
    const image = asStr(c.image);
    if (image === '') errs.push({ type: 'FieldValueRequired', field: child(index(path, i), 'image'), detail: '' });
    if (image.trim() !== image) errs.push(invalidValue(child(index(path, i), 'image'), image, 'must not have leading or trailing whitespace'));
  });
  return { errs, stop: false };
}

/** validateOnlyAddedTolerations: every old toleration survives, modulo tolerationSeconds. */
function validateOnlyAddedTolerations(next: unknown, prev: unknown, path: string): FieldError[] {
  const n = objects(next);
  for (const old of objects(prev)) {
    const found = n.some((t) => deepEqual({ ...old, tolerationSeconds: t.tolerationSeconds }, t));
    if (!found) return [forbidden(path, 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, path);
}

/** A short cmp.Diff-like rendering of the PodSpec fields that differ. */
function specDiff(oldSpec: Obj, newSpec: Obj): string {
  const keys = [...new Set([...Object.keys(oldSpec), ...Object.keys(newSpec)])].sort();
  const lines = ['  core.PodSpec{'];
  for (const k of keys) {
    if (deepEqual(oldSpec[k], newSpec[k])) continue;
    const field = k.charAt(0).toUpperCase() + k.slice(1);
    if (oldSpec[k] !== undefined) lines.push(`- \t${field}: ${JSON.stringify(oldSpec[k])},`);
    if (newSpec[k] !== undefined) lines.push(`+ \t${field}: ${JSON.stringify(newSpec[k])},`);
  }
  lines.push('  }');
  return lines.join('\n');
}

/** ValidatePodUpdate: the spec is immutable but for the fields of UPDATABLE_POD_SPEC_FIELDS. */
export function validatePodUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  errs.push(...validatePodMetadataAndSpec(pod));
  const n = spec(pod);
  const o = spec(old);
  for (const k of ['containers', 'initContainers']) {
    const r = validateContainerUpdates(n[k], o[k], `spec.${k}`);
    errs.push(...r.errs);
    if (r.stop) return errs;
  }
  if (typeof n.activeDeadlineSeconds === 'number') {
    const v = n.activeDeadlineSeconds;
    if (v < 0 || v > 2147483647) return [...errs, invalidValue('spec.activeDeadlineSeconds', v, inclusiveRangeError(0, 2147483647))];
    if (typeof o.activeDeadlineSeconds === 'number' && o.activeDeadlineSeconds < v) {
      return [...errs, invalidValue('spec.activeDeadlineSeconds', v, 'must be less than or equal to previous value')];
    }
  } else if (typeof o.activeDeadlineSeconds === 'number') {
    errs.push(invalidValue('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value'));
  }
  errs.push(...validateOnlyAddedTolerations(n.tolerations, o.tolerations, 'spec.tolerations'));
  // validateOnlyDeletedSchedulingGates
  const oldGates = new Set(objects(o.schedulingGates).map((g) => asStr(g.name)));
  objects(n.schedulingGates).forEach((g, i) => {
    if (!oldGates.has(asStr(g.name))) errs.push(forbidden(`spec.schedulingGates[${i}].name`, `only deletion is allowed, but found new scheduling gate '${asStr(g.name)}'`));
  });
  // Munge the updatable fields to their old values; anything still different is forbidden.
  const munged = clone(n);
  const oldContainers = (k: string) => objects(o[k]);
  for (const k of ['containers', 'initContainers']) {
    objects(munged[k]).forEach((c, i) => { c.image = oldContainers(k)[i]?.image; });
  }
  munged.activeDeadlineSeconds = o.activeDeadlineSeconds;
  munged.schedulingGates = o.schedulingGates;
  munged.tolerations = o.tolerations;
  if (typeof o.terminationGracePeriodSeconds === 'number' && o.terminationGracePeriodSeconds < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = o.terminationGracePeriodSeconds;
  }
  if (oldGates.size > 0) {
    // Gated pods may gain nodeSelector entries (no deletions or changes).
    const oldSel = asObj(o.nodeSelector) ?? {};
    const newSel = asObj(n.nodeSelector) ?? {};
    if (Object.entries(oldSel).every(([k, v]) => newSel[k] === v)) munged.nodeSelector = o.nodeSelector;
  }
  if (!deepEqual(munged, o)) {
    errs.push(forbidden('spec', `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${specDiff(o, munged)}`));
  }
  return errs;
}

/** validatePodIPs / validatePodHostIPs: valid, at most two, no duplicates. */
function validateStatusIPs(pod: KubeObject): FieldError[] {
  const errs: FieldError[] = [];
  for (const f of ['podIPs', 'hostIPs']) {
    const ips = objects(status(pod)[f]).map((p) => asStr(p.ip));
    const path = `status.${f}`;
    ips.forEach((ip, i) => errs.push(...invalidEach(child(index(path, i), 'ip'), ip, isValidIP(ip))));
    if (ips.length > 2) errs.push(invalidValue(path, ips, 'may specify no more than one IP for each IP family'));
    if (new Set(ips).size !== ips.length) errs.push({ type: 'FieldValueDuplicate', field: path, badValue: ips });
  }
  return errs;
}

const SYSTEM_POD_CONDITIONS = new Set(['PodScheduled', 'Ready', 'Initialized', 'ContainersReady', 'DisruptionTarget', 'PodReadyToStartContainers']);

/** ValidatePodStatusUpdate. */
export function validatePodStatusUpdate(pod: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(pod.metadata, old.metadata);
  objects(status(pod).conditions).forEach((c, i) => {
    const t = asStr(c.type);
    if (!SYSTEM_POD_CONDITIONS.has(t)) errs.push(...invalidEach(child(index('metadata.conditions', i), 'type'), t, isQualifiedName(t)));
  });
  if (asStr(spec(pod).nodeName) !== asStr(spec(old).nodeName)) errs.push(forbidden('status.nodeName', 'may not be changed directly'));
  const nominated = asStr(status(pod).nominatedNodeName);
  if (nominated !== '' && nominated !== asStr(status(old).nominatedNodeName)) {
    errs.push(...invalidEach('status.nominatedNodeName', nominated, isDNS1123Subdomain(nominated)));
  }
  // ValidateContainerStateTransition: with restartPolicy Never, terminated containers stay terminated.
  if (spec(old).restartPolicy === 'Never') {
    const oldStatuses = objects(status(old).containerStatuses);
    objects(status(pod).containerStatuses).forEach((cs, i) => {
      const prev = oldStatuses.find((o) => o.name === cs.name);
      const wasTerminated = asObj(asObj(prev?.state)?.terminated) !== undefined;
      if (wasTerminated && asObj(asObj(cs.state)?.terminated) === undefined) {
        errs.push(forbidden(index('status.containerStatuses', i), `terminated container ${asStr(cs.name)} attempted illegal transition to non-terminated state`));
      }
    });
  }
  errs.push(...validateStatusIPs(pod));
  return errs;
}
