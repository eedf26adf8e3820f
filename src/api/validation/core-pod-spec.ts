/**
 * PodSpec and PodTemplateSpec validation, after pkg/apis/core/validation (ValidatePodSpec,
 * ValidatePodTemplateSpec, ValidateTolerations, validateAffinity, validatePodDNSConfig,
 * validateTopologySpreadConstraints) — the rules that hold for pods and for the templates of
 * Deployments, Jobs and the rest.
 */
import { type FieldError, child, duplicate, forbidden, index, invalidValue, notSupported, required } from '../field-error.ts';
import { type Obj, asArr, asObj, asStr, objects } from './access.ts';
import { validateEnum } from './common.ts';
import { validateContainers } from './core-container.ts';
import { validateVolumes } from './core-volume.ts';
import { validateLabelSelector } from './label-selector.ts';
import { inclusiveRangeError, invalidEach, isDNS1123Subdomain, isQualifiedName, isValidIP, isValidLabelValue, validateDNS1123Label } from './names.ts';
import { validateAnnotations, validateLabels } from './object-meta.ts';

const MAX_INT32 = 2147483647;
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const NODE_SELECTOR_OPERATORS = ['DoesNotExist', 'Exists', 'Gt', 'In', 'Lt', 'NotIn'];

/** validateTaintEffect; `allowEmpty` for tolerations, where "" matches every effect. */
export function validateTaintEffect(effect: string, path: string, options: { allowEmpty: boolean }): FieldError[] {
  if (effect === '') return options.allowEmpty ? [] : [required(path, '')];
  return TAINT_EFFECTS.includes(effect) ? [] : [notSupported(path, effect, TAINT_EFFECTS)];
}

/** ValidateTolerations. */
export function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objects(tolerations).forEach((t, i) => {
    const p = index(path, i);
    const k = asStr(t.key);
    const op = asStr(t.operator);
    if (k !== '') errs.push(...invalidEach(child(p, 'key'), k, isQualifiedName(k)));
    if (k === '' && op !== 'Exists') {
      errs.push(invalidValue(child(p, 'operator'), op, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    }
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null && t.effect !== 'NoExecute') {
      errs.push(invalidValue(child(p, 'effect'), asStr(t.effect), "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (op === 'Equal' || op === '') {
      const msgs = isValidLabelValue(asStr(t.value));
      if (msgs.length > 0) errs.push(invalidValue(child(p, 'operator'), asStr(t.value), msgs.join(';')));
    } else if (op === 'Exists') {
      if (asStr(t.value) !== '') errs.push(invalidValue(child(p, 'operator'), t, "value must be empty when `operator` is 'Exists'"));
    } else {
      errs.push(notSupported(child(p, 'operator'), op, ['Equal', 'Exists']));
    }
    errs.push(...validateTaintEffect(asStr(t.effect), child(p, 'effect'), { allowEmpty: true }));
  });
  return errs;
}

function validateNodeSelectorRequirements(reqs: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objects(reqs).forEach((r, i) => {
    const p = index(path, i);
    const op = asStr(r.operator);
    const values = asArr(r.values);
    if (['In', 'NotIn'].includes(op) && values.length === 0) errs.push(required(child(p, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
    else if (['Exists', 'DoesNotExist'].includes(op) && values.length > 0) errs.push(forbidden(child(p, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    else if (['Gt', 'Lt'].includes(op) && values.length !== 1) errs.push(required(child(p, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
    else if (!NODE_SELECTOR_OPERATORS.includes(op)) errs.push(invalidValue(child(p, 'operator'), op, 'not a valid selector operator'));
    errs.push(...invalidEach(child(p, 'key'), asStr(r.key), isQualifiedName(asStr(r.key))));
  });
  return errs;
}

function validatePodAffinityTerm(t: Obj, p: string): FieldError[] {
  const errs = [...validateLabelSelector(t.labelSelector, child(p, 'labelSelector')), ...validateLabelSelector(t.namespaceSelector, child(p, 'namespaceSelector'))];
  if (asStr(t.topologyKey) === '') errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
  else errs.push(...invalidEach(child(p, 'topologyKey'), t.topologyKey, isQualifiedName(asStr(t.topologyKey))));
  return errs;
}

/** validateAffinity: node selector terms and pod (anti-)affinity terms. */
function validateAffinity(affinity: unknown, path: string): FieldError[] {
  const a = asObj(affinity);
  if (!a) return [];
  const errs: FieldError[] = [];
  const na = asObj(a.nodeAffinity);
  const req = asObj(na?.requiredDuringSchedulingIgnoredDuringExecution);
  if (req) {
    const rp = child(child(path, 'nodeAffinity'), 'requiredDuringSchedulingIgnoredDuringExecution');
    const terms = objects(req.nodeSelectorTerms);
    if (terms.length === 0) errs.push(required(child(rp, 'nodeSelectorTerms'), 'must have at least one node selector term'));
    terms.forEach((t, i) => errs.push(...validateNodeSelectorRequirements(t.matchExpressions, child(index(child(rp, 'nodeSelectorTerms'), i), 'matchExpressions'))));
  }
  objects(na?.preferredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => {
    const p = index(child(child(path, 'nodeAffinity'), 'preferredDuringSchedulingIgnoredDuringExecution'), i);
    if (typeof t.weight === 'number' && (t.weight < 1 || t.weight > 100)) errs.push(invalidValue(child(p, 'weight'), t.weight, 'must be in the range 1-100'));
    errs.push(...validateNodeSelectorRequirements(asObj(t.preference)?.matchExpressions, child(child(p, 'preference'), 'matchExpressions')));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const pa = asObj(a[kind]);
    if (!pa) continue;
    const kp = child(path, kind);
    objects(pa.requiredDuringSchedulingIgnoredDuringExecution).forEach((t, i) => errs.push(...validatePodAffinityTerm(t, index(child(kp, 'requiredDuringSchedulingIgnoredDuringExecution'), i))));
    objects(pa.preferredDuringSchedulingIgnoredDuringExecution).forEach((w, i) => {
      const p = index(child(kp, 'preferredDuringSchedulingIgnoredDuringExecution'), i);
      if (typeof w.weight === 'number' && (w.weight < 1 || w.weight > 100)) errs.push(invalidValue(child(p, 'weight'), w.weight, 'must be in the range 1-100'));
      errs.push(...validatePodAffinityTerm(asObj(w.podAffinityTerm) ?? {}, child(p, 'podAffinityTerm')));
    });
  }
  return errs;
}

function validateDNSConfig(config: unknown, dnsPolicy: string, path: string): FieldError[] {
  const c = asObj(config);
  if (dnsPolicy === 'None' && !c) return [required(path, 'must provide `dnsConfig` when `dnsPolicy` is None')];
  if (!c) return [];
  const errs: FieldError[] = [];
  const ns = asArr(c.nameservers).map(asStr);
  if (dnsPolicy === 'None' && ns.length === 0) errs.push(required(child(path, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None'));
  if (ns.length > 3) errs.push(invalidValue(child(path, 'nameservers'), ns, 'must not have more than 3 nameservers'));
  ns.forEach((n, i) => errs.push(...invalidEach(index(child(path, 'nameservers'), i), n, isValidIP(n))));
  const searches = asArr(c.searches).map(asStr);
  if (searches.length > 32) errs.push(invalidValue(child(path, 'searches'), searches, 'must not have more than 32 search paths'));
  objects(c.options).forEach((o, i) => { if (asStr(o.name) === '') errs.push(required(child(index(child(path, 'options'), i), 'name'), 'Option.Name must not be empty')); });
  return errs;
}

function validateTopologySpreadConstraints(constraints: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  objects(constraints).forEach((c, i) => {
    const p = index(path, i);
    if (typeof c.maxSkew !== 'number' || c.maxSkew <= 0) errs.push(invalidValue(child(p, 'maxSkew'), c.maxSkew ?? 0, 'must be greater than zero'));
    const topologyKey = asStr(c.topologyKey);
    if (topologyKey === '') errs.push(required(child(p, 'topologyKey'), 'can not be empty'));
    else errs.push(...invalidEach(child(p, 'topologyKey'), topologyKey, isQualifiedName(topologyKey)));
    errs.push(...validateEnum(asStr(c.whenUnsatisfiable), ['DoNotSchedule', 'ScheduleAnyway'], child(p, 'whenUnsatisfiable')));
    const pair = `${topologyKey}/${asStr(c.whenUnsatisfiable)}`;
    if (seen.has(pair)) errs.push(duplicate(child(p, '{topologyKey, whenUnsatisfiable}'), pair));
    seen.add(pair);
    errs.push(...validateLabelSelector(c.labelSelector, child(p, 'labelSelector')));
  });
  return errs;
}

/** ValidatePodSpec. */
export function validatePodSpec(spec: unknown, path: string): FieldError[] {
  const s = asObj(spec) ?? {};
  const errs: FieldError[] = [];
  if (s.terminationGracePeriodSeconds === undefined || s.terminationGracePeriodSeconds === null) errs.push(required(child(path, 'terminationGracePeriodSeconds'), ''));
  const vols = validateVolumes(s.volumes, child(path, 'volumes'));
  errs.push(...vols.errors);
  const ctx = { volumeNames: vols.names };
  errs.push(...validateContainers(s.containers, child(path, 'containers'), { ...ctx, kind: 'regular' }));
  const regularNames = new Set(objects(s.containers).map((c) => asStr(c.name)));
  errs.push(...validateContainers(s.initContainers, child(path, 'initContainers'), { ...ctx, kind: 'init', otherNames: regularNames }));
  errs.push(...validateEnum(asStr(s.restartPolicy), ['Always', 'OnFailure', 'Never'], child(path, 'restartPolicy')));
  errs.push(...validateEnum(asStr(s.dnsPolicy), DNS_POLICIES, child(path, 'dnsPolicy')));
  errs.push(...validateLabels(s.nodeSelector, child(path, 'nodeSelector')));
  if (s.hostNetwork === true) {
    // validateHostNetwork: with the host's network a container port is a host port. Since 1.28
    // templates are no longer defaulted with hostPort, so an unset (0) hostPort passes.
    for (const k of ['containers', 'initContainers']) {
      objects(s[k]).forEach((c, i) => objects(c.ports).forEach((p, j) => {
        if (p.hostPort && p.hostPort !== p.containerPort) {
          errs.push(invalidValue(child(index(child(index(child(path, k), i), 'ports'), j), 'containerPort'), p.containerPort ?? 0, 'must match `hostPort` when `hostNetwork` is true'));
        }
      }));
    }
  }
  const sc = asObj(s.securityContext);
  for (const f of ['runAsUser', 'runAsGroup', 'fsGroup']) {
    const v = sc?.[f];
    if (typeof v === 'number' && (v < 0 || v > MAX_INT32)) errs.push(invalidValue(child(child(path, 'securityContext'), f), v, inclusiveRangeError(0, MAX_INT32)));
  }
  objects(s.imagePullSecrets).forEach((ref, i) => {
    if (Object.keys(ref).some((k) => k !== 'name')) errs.push(invalidValue(index(child(path, 'imagePullSecrets'), i), ref, 'only name may be set'));
  });
  errs.push(...validateAffinity(s.affinity, child(path, 'affinity')));
  errs.push(...validateDNSConfig(s.dnsConfig, asStr(s.dnsPolicy), child(path, 'dnsConfig')));
  objects(s.readinessGates).forEach((g, i) => errs.push(...invalidEach(child(index(child(path, 'readinessGates'), i), 'conditionType'), asStr(g.conditionType), isQualifiedName(asStr(g.conditionType)))));
  errs.push(...validateTopologySpreadConstraints(s.topologySpreadConstraints, child(path, 'topologySpreadConstraints')));
  for (const [f, v] of [['serviceAccountName', s.serviceAccountName], ['nodeName', s.nodeName], ['priorityClassName', s.priorityClassName]] as const) {
    if (asStr(v) !== '') errs.push(...invalidEach(child(path, f), v, isDNS1123Subdomain(asStr(v))));
  }
  if (typeof s.activeDeadlineSeconds === 'number' && (s.activeDeadlineSeconds < 1 || s.activeDeadlineSeconds > MAX_INT32)) {
    errs.push(invalidValue(child(path, 'activeDeadlineSeconds'), s.activeDeadlineSeconds, inclusiveRangeError(1, MAX_INT32)));
  }
  if (asStr(s.hostname) !== '') errs.push(...validateDNS1123Label(asStr(s.hostname), child(path, 'hostname')));
  if (asStr(s.subdomain) !== '') errs.push(...validateDNS1123Label(asStr(s.subdomain), child(path, 'subdomain')));
  errs.push(...validateTolerations(s.tolerations, child(path, 'tolerations')));
  objects(s.hostAliases).forEach((h, i) => {
    const p = index(child(path, 'hostAliases'), i);
    errs.push(...invalidEach(child(p, 'ip'), asStr(h.ip), isValidIP(asStr(h.ip))));
    asArr(h.hostnames).map(asStr).forEach((n, j) => errs.push(...invalidEach(index(child(p, 'hostnames'), j), n, isDNS1123Subdomain(n))));
  });
  if (s.preemptionPolicy !== undefined && s.preemptionPolicy !== null) {
    errs.push(...validateEnum(asStr(s.preemptionPolicy), ['Never', 'PreemptLowerPriority'], child(path, 'preemptionPolicy')));
  }
  const os = asObj(s.os);
  if (os) errs.push(...validateEnum(asStr(os.name), ['linux', 'windows'], child(child(path, 'os'), 'name')));
  const gates = new Set<string>();
  objects(s.schedulingGates).forEach((g, i) => {
    const p = child(index(child(path, 'schedulingGates'), i), 'name');
    errs.push(...invalidEach(p, asStr(g.name), isQualifiedName(asStr(g.name))));
    if (gates.has(asStr(g.name))) errs.push(duplicate(p, g.name));
    gates.add(asStr(g.name));
  });
  return errs;
}

/**
 * ValidatePodTemplateSpec. kube checks the template's labels and annotations on the template's
 * own path (`spec.template.labels`, not `.metadata.labels`): kept as is.
 */
export function validatePodTemplateSpec(template: unknown, path: string): FieldError[] {
  const t = asObj(template) ?? {};
  const meta = asObj(t.metadata) ?? {};
  const errs = [...validateLabels(meta.labels, child(path, 'labels')), ...validateAnnotations(meta.annotations, child(path, 'annotations'))];
  errs.push(...validatePodSpec(t.spec, child(path, 'spec')));
  if (asArr(asObj(t.spec)?.ephemeralContainers).length > 0) {
    errs.push(forbidden(child(child(path, 'spec'), 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}
