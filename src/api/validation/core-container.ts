/**
 * Container validation after pkg/apis/core/validation (validateContainers, validateInitContainers,
 * validateContainerCommon, validateContainerPorts, ValidateEnv, ValidateEnvFrom,
 * ValidateVolumeMounts, validateProbe, validateHandler), for pods and pod templates alike.
 */
import { type FieldError, child, duplicate, forbidden, index, invalidValue, notSupported, required } from '../field-error.ts';
import { type Obj, asArr, asObj, asStr, objects } from './access.ts';
import { validateEnum, validateNonnegativeField, validatePortNumOrName } from './common.ts';
import { validateResourceRequirements } from './core-resources.ts';
import { validateLocalDescendingPath } from './core-volume.ts';
import { invalidEach, isConfigMapKey, isDNS1123Subdomain, isHTTPHeaderName, isQualifiedName, isRelaxedEnvVarName, isValidPortName, isValidPortNum, nameIsDNSSubdomain, validateDNS1123Label } from './names.ts';

export type ContainerKind = 'regular' | 'init' | 'ephemeral';

export interface ContainerContext {
  /** Names of the pod's volumes, for volumeMounts. */
  readonly volumeNames: ReadonlySet<string>;
}

const SUPPORTED_PORT_PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SUPPORTED_PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const ENV_DOWNWARD_API_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName',
  'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
const RESOURCE_FIELD_PATHS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

function validateContainerPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  objects(ports).forEach((port, i) => {
    const p = index(path, i);
    const name = asStr(port.name);
    if (name !== '') {
      const msgs = isValidPortName(name);
      if (msgs.length > 0) errs.push(...invalidEach(child(p, 'name'), name, msgs));
      else if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
      else names.add(name);
    }
    if (!port.containerPort) errs.push(required(child(p, 'containerPort'), ''));
    else errs.push(...invalidEach(child(p, 'containerPort'), port.containerPort, isValidPortNum(Number(port.containerPort))));
    if (port.hostPort) errs.push(...invalidEach(child(p, 'hostPort'), port.hostPort, isValidPortNum(Number(port.hostPort))));
    errs.push(...validateEnum(asStr(port.protocol), SUPPORTED_PORT_PROTOCOLS, child(p, 'protocol')));
  });
  return errs;
}

function validateObjectFieldSelector(fs: Obj, path: string): FieldError[] {
  if (asStr(fs.apiVersion) === '') return [required(child(path, 'apiVersion'), '')];
  const fieldPath = asStr(fs.fieldPath);
  if (fieldPath === '') return [required(child(path, 'fieldPath'), '')];
  if (fs.apiVersion !== 'v1') return [invalidValue(child(path, 'fieldPath'), fieldPath, `error converting fieldPath: unsupported pod version: ${asStr(fs.apiVersion)}`)];
  const sub = /^(metadata\.(?:labels|annotations))\['(.*)'\]$/.exec(fieldPath);
  if (sub) {
    const k = sub[1] === 'metadata.annotations' ? sub[2].toLowerCase() : sub[2];
    return invalidEach(path, sub[2], isQualifiedName(k));
  }
  return ENV_DOWNWARD_API_PATHS.includes(fieldPath) ? [] : [notSupported(child(path, 'fieldPath'), fieldPath, ENV_DOWNWARD_API_PATHS)];
}

function validateKeySelector(sel: Obj, path: string): FieldError[] {
  const errs = invalidEach(child(path, 'name'), asStr(sel.name), isDNS1123Subdomain(asStr(sel.name)));
  const k = asStr(sel.key);
  if (k === '') errs.push(required(child(path, 'key'), ''));
  else errs.push(...invalidEach(child(path, 'key'), k, isConfigMapKey(k)));
  return errs;
}

/** ValidateEnv (relaxed names, as 1.32's RelaxedEnvironmentVariableValidation default). */
export function validateEnv(env: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objects(env).forEach((ev, i) => {
    const p = index(path, i);
    const name = asStr(ev.name);
    if (name === '') errs.push(required(child(p, 'name'), ''));
    else errs.push(...invalidEach(child(p, 'name'), name, isRelaxedEnvVarName(name)));
    const from = asObj(ev.valueFrom);
    if (!from) return;
    const vp = child(p, 'valueFrom');
    let sources = 0;
    const fieldRef = asObj(from.fieldRef);
    if (fieldRef) { sources++; errs.push(...validateObjectFieldSelector(fieldRef, child(vp, 'fieldRef'))); }
    const resRef = asObj(from.resourceFieldRef);
    if (resRef) {
      sources++;
      const resource = asStr(resRef.resource);
      if (resource === '') errs.push(required(child(child(vp, 'resourceFieldRef'), 'resource'), ''));
      else if (!RESOURCE_FIELD_PATHS.includes(resource) && !/^(limits|requests)\.hugepages-/.test(resource)) {
        errs.push(notSupported(child(child(vp, 'resourceFieldRef'), 'resource'), resource, RESOURCE_FIELD_PATHS));
      }
    }
    const cmRef = asObj(from.configMapKeyRef);
    if (cmRef) { sources++; errs.push(...validateKeySelector(cmRef, child(vp, 'configMapKeyRef'))); }
    const secretRef = asObj(from.secretKeyRef);
    if (secretRef) { sources++; errs.push(...validateKeySelector(secretRef, child(vp, 'secretKeyRef'))); }
    if (sources === 0) errs.push(invalidValue(vp, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
    else if (asStr(ev.value) !== '') errs.push(invalidValue(vp, '', 'may not be specified when `value` is not empty'));
    else if (sources > 1) errs.push(invalidValue(vp, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateEnvFrom(envFrom: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  objects(envFrom).forEach((ev, i) => {
    const p = index(path, i);
    const prefix = asStr(ev.prefix);
    if (prefix !== '') errs.push(...invalidEach(child(p, 'prefix'), prefix, isRelaxedEnvVarName(prefix)));
    let sources = 0;
    for (const k of ['configMapRef', 'secretRef']) {
      const ref = asObj(ev[k]);
      if (!ref) continue;
      sources++;
      const name = asStr(ref.name);
      if (name === '') errs.push(required(child(child(p, k), 'name'), ''));
      // sic: kube validates these names as generateName prefixes (ValidateConfigMapName(name, true)).
      else errs.push(...invalidEach(child(child(p, k), 'name'), name, nameIsDNSSubdomain(name, { prefix: true })));
    }
    if (sources === 0) errs.push(invalidValue(p, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (sources > 1) errs.push(invalidValue(p, '', 'may not have more than one field specified at a time'));
  });
  return errs;
}

function validateVolumeMounts(mounts: unknown, ctx: ContainerContext, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const mountPaths = new Set<string>();
  objects(mounts).forEach((m, i) => {
    const p = index(path, i);
    const name = asStr(m.name);
    if (name === '') errs.push(required(child(p, 'name'), ''));
    // kube reports field.NotFound here; the shared FieldError vocabulary has no NotFound type yet.
    else if (!ctx.volumeNames.has(name)) errs.push(invalidValue(child(p, 'name'), name, 'not found'));
    const mountPath = asStr(m.mountPath);
    if (mountPath === '') errs.push(required(child(p, 'mountPath'), ''));
    else if (mountPaths.has(mountPath)) errs.push(invalidValue(child(p, 'mountPath'), mountPath, 'must be unique'));
    else mountPaths.add(mountPath);
    if (asStr(m.subPath) !== '') errs.push(...validateLocalDescendingPath(asStr(m.subPath), child(p, 'subPath')));
    if (asStr(m.subPath) !== '' && asStr(m.subPathExpr) !== '') errs.push(invalidValue(child(p, 'subPathExpr'), m.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
    if (m.mountPropagation !== undefined) errs.push(...validateEnum(asStr(m.mountPropagation), ['Bidirectional', 'HostToContainer', 'None'], child(p, 'mountPropagation')));
  });
  return errs;
}

/** validateHandler: exactly one of exec, httpGet, tcpSocket, grpc (sleep for lifecycle hooks). */
function validateHandler(handler: Obj, path: string, options: { lifecycle?: boolean } = {}): FieldError[] {
  const errs: FieldError[] = [];
  const kinds = options.lifecycle ? ['exec', 'httpGet', 'tcpSocket', 'sleep'] : ['exec', 'httpGet', 'tcpSocket', 'grpc'];
  const present = kinds.filter((k) => handler[k] !== undefined && handler[k] !== null);
  if (present.length === 0) return [required(path, 'must specify a handler type')];
  present.slice(1).forEach((k) => errs.push(forbidden(child(path, k), 'may not specify more than 1 handler type')));
  const exec = asObj(handler.exec);
  if (exec && asArr(exec.command).length === 0) errs.push(required(child(child(path, 'exec'), 'command'), ''));
  const http = asObj(handler.httpGet);
  if (http) {
    const hp = child(path, 'httpGet');
    if (asStr(http.path) === '') errs.push(required(child(hp, 'path'), ''));
    errs.push(...validatePortNumOrName(http.port, child(hp, 'port')));
    if (!['HTTP', 'HTTPS'].includes(asStr(http.scheme))) errs.push(notSupported(child(hp, 'scheme'), http.scheme ?? '', ['HTTP', 'HTTPS']));
    objects(http.httpHeaders).forEach((h, i) => errs.push(...invalidEach(child(index(child(hp, 'httpHeaders'), i), 'name'), asStr(h.name), isHTTPHeaderName(asStr(h.name)))));
  }
  const tcp = asObj(handler.tcpSocket);
  if (tcp) errs.push(...validatePortNumOrName(tcp.port, child(child(path, 'tcpSocket'), 'port')));
  const grpc = asObj(handler.grpc);
  if (grpc) errs.push(...invalidEach(child(child(path, 'grpc'), 'port'), grpc.port, isValidPortNum(Number(grpc.port))));
  const sleep = asObj(handler.sleep);
  if (sleep) errs.push(...validateNonnegativeField(sleep.seconds, child(child(path, 'sleep'), 'seconds')));
  return errs;
}

/** validateProbe (+ the liveness/startup successThreshold and readiness grace-period rules). */
function validateProbe(probe: unknown, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const p = asObj(probe);
  if (!p) return [];
  const errs = validateHandler(p, path);
  for (const f of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errs.push(...validateNonnegativeField(p[f], child(path, f)));
  }
  if (typeof p.terminationGracePeriodSeconds === 'number' && p.terminationGracePeriodSeconds <= 0) {
    errs.push(invalidValue(child(path, 'terminationGracePeriodSeconds'), p.terminationGracePeriodSeconds, 'must be greater than 0'));
  }
  if (kind !== 'readiness' && typeof p.successThreshold === 'number' && p.successThreshold !== 1) {
    errs.push(invalidValue(child(path, 'successThreshold'), p.successThreshold, 'must be 1'));
  }
  if (kind === 'readiness' && p.terminationGracePeriodSeconds !== undefined) {
    errs.push(invalidValue(child(path, 'terminationGracePeriodSeconds'), p.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errs;
}

function validateLifecycle(lifecycle: unknown, path: string): FieldError[] {
  const l = asObj(lifecycle);
  if (!l) return [];
  const errs: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const h = asObj(l[hook]);
    if (h) errs.push(...validateHandler(h, child(path, hook), { lifecycle: true }));
  }
  return errs;
}

/** ValidateSecurityContext basics: ids in range, privileged vs allowPrivilegeEscalation. */
function validateSecurityContext(sc: unknown, path: string): FieldError[] {
  const s = asObj(sc);
  if (!s) return [];
  const errs: FieldError[] = [];
  for (const f of ['runAsUser', 'runAsGroup']) {
    const v = s[f];
    if (typeof v === 'number' && (v < 0 || v > 2147483647)) errs.push(invalidValue(child(path, f), v, 'must be between 0 and 2147483647, inclusive'));
  }
  if (s.privileged === true && s.allowPrivilegeEscalation === false) {
    errs.push(invalidValue(path, s, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
  }
  return errs;
}

/** validateContainerCommon: the rules every container kind shares. */
function validateContainerCommon(c: Obj, path: string, ctx: ContainerContext): FieldError[] {
  const errs: FieldError[] = [];
  const name = asStr(c.name);
  if (name === '') errs.push(required(child(path, 'name'), ''));
  else errs.push(...validateDNS1123Label(name, child(path, 'name')));
  if (asStr(c.image) === '') errs.push(required(child(path, 'image'), ''));
  errs.push(...validateEnum(asStr(c.terminationMessagePolicy), ['File', 'FallbackToLogsOnError'], child(path, 'terminationMessagePolicy')));
  errs.push(...validateContainerPorts(c.ports, child(path, 'ports')));
  errs.push(...validateEnv(c.env, child(path, 'env')));
  errs.push(...validateEnvFrom(c.envFrom, child(path, 'envFrom')));
  errs.push(...validateVolumeMounts(c.volumeMounts, ctx, child(path, 'volumeMounts')));
  errs.push(...validateEnum(asStr(c.imagePullPolicy), SUPPORTED_PULL_POLICIES, child(path, 'imagePullPolicy')));
  errs.push(...validateResourceRequirements(c.resources, child(path, 'resources')));
  errs.push(...validateSecurityContext(c.securityContext, child(path, 'securityContext')));
  return errs;
}

/** validateContainers / validateInitContainers / validateEphemeralContainers. */
export function validateContainers(containers: unknown, path: string, options: ContainerContext & { kind: ContainerKind; otherNames?: ReadonlySet<string> }): FieldError[] {
  const list = objects(containers);
  if (options.kind === 'regular' && list.length === 0) return [required(path, '')];
  const errs: FieldError[] = [];
  const names = new Set(options.otherNames ?? []);
  list.forEach((c, i) => {
    const p = index(path, i);
    errs.push(...validateContainerCommon(c, p, options));
    const name = asStr(c.name);
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    else names.add(name);
    const restartable = options.kind === 'init' && c.restartPolicy === 'Always';
    if (options.kind === 'regular' || restartable) {
      errs.push(...validateLifecycle(c.lifecycle, child(p, 'lifecycle')));
      errs.push(...validateProbe(c.livenessProbe, child(p, 'livenessProbe'), 'liveness'));
      errs.push(...validateProbe(c.readinessProbe, child(p, 'readinessProbe'), 'readiness'));
      errs.push(...validateProbe(c.startupProbe, child(p, 'startupProbe'), 'startup'));
    } else {
      const why = options.kind === 'init' ? 'may not be set for init containers without restartPolicy=Always' : 'cannot be set for an Ephemeral Container';
      for (const f of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) if (c[f] !== undefined) errs.push(forbidden(child(p, f), why));
    }
    if (options.kind === 'regular' && c.restartPolicy !== undefined) errs.push(forbidden(child(p, 'restartPolicy'), 'may not be set for non-init containers'));
    if (options.kind === 'init' && c.restartPolicy !== undefined && c.restartPolicy !== 'Always') errs.push(notSupported(child(p, 'restartPolicy'), c.restartPolicy, ['Always']));
  });
  if (options.kind === 'regular') errs.push(...checkHostPortConflicts(list, path));
  return errs;
}

/** checkHostPortConflicts: one protocol/hostIP/hostPort triple per pod. */
function checkHostPortConflicts(containers: Obj[], path: string): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  containers.forEach((c, ci) => objects(c.ports).forEach((port, pi) => {
    if (!port.hostPort) return;
    const s = `${asStr(port.protocol)}/${asStr(port.hostIP)}/${String(port.hostPort)}`;
    if (seen.has(s)) errs.push(duplicate(child(index(child(index(path, ci), 'ports'), pi), 'hostPort'), s));
    else seen.add(s);
  }));
  return errs;
}
