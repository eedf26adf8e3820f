/**
 * StatefulSet and ControllerRevision validation after pkg/apis/apps/validation
 * (ValidateStatefulSet, ValidateStatefulSetSpec, ValidatePodTemplateSpecForStatefulSet,
 * ValidateStatefulSetUpdate, ValidateControllerRevisionCreate/Update).
 *
 * As in kube, a StatefulSet's pod spec is not validated (only the template's labels and
 * annotations): its volumes may come from volumeClaimTemplates, which ValidatePodSpec cannot see.
 */
import { type FieldError, child, forbidden, invalidValue, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asObj, asStr, clone, deepEqual } from './access.ts';
import { validateImmutableField, validateNonnegativeField } from './common.ts';
import { nameIsDNSLabel } from './names.ts';
import { validateAnnotations, validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';
import { validateWorkloadSelector } from './apps-deployment.ts';
import { specSelector, validateSelectorMatchesTemplate, validateStatefulSetStatus } from './workload.ts';

const spec = (o: KubeObject): Obj => asObj(o.spec) ?? {};
const RETENTION = ['Retain', 'Delete'];

/** ValidateStatefulSetSpec. */
export function validateStatefulSetSpec(s: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const policy = asStr(s.podManagementPolicy);
  if (policy === '') errs.push(required('spec.podManagementPolicy', ''));
  else if (policy !== 'OrderedReady' && policy !== 'Parallel') errs.push(invalidValue('spec.podManagementPolicy', policy, "must be 'OrderedReady' or 'Parallel'"));
  const strategy = asObj(s.updateStrategy) ?? {};
  switch (asStr(strategy.type)) {
    case '': errs.push(required('spec.updateStrategy', '')); break;
    case 'OnDelete':
      if (strategy.rollingUpdate !== undefined && strategy.rollingUpdate !== null) {
        errs.push(invalidValue('spec.updateStrategy.rollingUpdate', strategy.rollingUpdate, "only allowed for updateStrategy 'RollingUpdate'"));
      }
      break;
    case 'RollingUpdate':
      errs.push(...validateNonnegativeField(asObj(strategy.rollingUpdate)?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
      break;
    default: errs.push(invalidValue('spec.updateStrategy', strategy, "must be 'RollingUpdate' or 'OnDelete'"));
  }
  const retention = asObj(s.persistentVolumeClaimRetentionPolicy);
  if (retention) {
    for (const f of ['whenDeleted', 'whenScaled']) {
      if (!RETENTION.includes(asStr(retention[f]))) errs.push(notSupported(child('spec.persistentVolumeClaimRetentionPolicy', f), asStr(retention[f]), RETENTION));
    }
  }
  errs.push(...validateNonnegativeField(s.replicas, 'spec.replicas'), ...validateNonnegativeField(s.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateNonnegativeField(asObj(s.ordinals)?.start, 'spec.ordinals.start'));
  errs.push(...validateWorkloadSelector(s.selector, 'spec.selector', 'statefulset'));
  const selector = specSelector(s.selector);
  const template = asObj(s.template);
  if (s.selector !== undefined && s.selector !== null && !selector) errs.push(invalidValue('spec.selector', s.selector, ''));
  else if (!template) errs.push(required('spec.template', ''));
  else {
    errs.push(...validateSelectorMatchesTemplate(selector, template, 'spec.template'));
    const meta = asObj(template.metadata) ?? {};
    errs.push(...validateLabels(meta.labels, 'spec.template.labels'), ...validateAnnotations(meta.annotations, 'spec.template.annotations'));
  }
  const podSpec = asObj(template?.spec) ?? {};
  if (asStr(podSpec.restartPolicy) !== 'Always') errs.push(notSupported('spec.template.spec.restartPolicy', asStr(podSpec.restartPolicy), ['Always']));
  if (podSpec.activeDeadlineSeconds !== undefined && podSpec.activeDeadlineSeconds !== null) {
    errs.push(forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'));
  }
  return errs;
}

/** ValidateStatefulSet: the name is a DNS label (it becomes pod hostnames). */
export function validateStatefulSet(sts: KubeObject): FieldError[] {
  return [...validateObjectMeta(sts.metadata, { namespaced: true, nameFn: nameIsDNSLabel }), ...validateStatefulSetSpec(spec(sts))];
}

const STS_MUTABLE = ['replicas', 'template', 'updateStrategy', 'minReadySeconds', 'ordinals', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy'];

/** ValidateStatefulSetUpdate: only the STS_MUTABLE spec fields may change. */
export function validateStatefulSetUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  const errs = [...validateObjectMetaUpdate(sts.metadata, old.metadata), ...validateStatefulSetSpec(spec(sts))];
  const munged = clone(spec(sts));
  for (const f of STS_MUTABLE) munged[f] = spec(old)[f];
  if (!deepEqual(munged, spec(old))) {
    errs.push(forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden"));
  }
  return errs;
}

export function validateStatefulSetStatusUpdate(sts: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(sts.metadata, old.metadata), ...validateStatefulSetStatus(sts.status)];
}

/** ValidateControllerRevisionCreate. */
export function validateControllerRevision(cr: KubeObject): FieldError[] {
  const errs = validateObjectMeta(cr.metadata, { namespaced: true });
  if (cr.data === undefined || cr.data === null) errs.push(required('data', 'data is mandatory'));
  errs.push(...validateNonnegativeField(cr.revision, 'revision'));
  return errs;
}

/** ValidateControllerRevisionUpdate: data is immutable. */
export function validateControllerRevisionUpdate(cr: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(cr.metadata, old.metadata), ...validateControllerRevision(cr), ...validateImmutableField(cr.data, old.data, 'data')];
}
