/**
 * Ingress, IngressClass and NetworkPolicy validation after pkg/apis/networking/validation
 * (ValidateIngressCreate/Update, validateIngressSpec, validateHTTPIngressPath,
 * validateIngressBackend, ValidateIngressClass*, ValidateNetworkPolicy*).
 */
import { type FieldError, child, forbidden, index, invalidValue, key, notSupported, required, tooLong } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, asStr, objects } from './access.ts';
import { validateImmutableField } from './common.ts';
import { validateLabelSelector } from './label-selector.ts';
import { invalidEach, isDNS1035Label, isIPv4, isIPv6, isDNS1123Label, isDNS1123Subdomain, isValidCIDR, isValidPathSegmentName, isValidPortName, isValidPortNum, isWildcardDNS1123Subdomain, regexError } from './names.ts';
import { validateObjectMeta, validateObjectMetaUpdate } from './object-meta.ts';

const isIP = (v: string): boolean => isIPv4(v) || isIPv6(v);

const PATH_TYPES = ['Exact', 'ImplementationSpecific', 'Prefix'];
const INVALID_PATH_SEQUENCES = ['//', '/./', '/../', '%2f', '%2F'];
const INVALID_PATH_SUFFIXES = ['/..', '/.'];
const INGRESS_CLASS_ANNOTATION = 'kubernetes.io/ingress.class';

function validateHost(host: string, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (isIP(host)) errs.push(invalidValue(path, host, 'must be a DNS name, not an IP address'));
  errs.push(...invalidEach(path, host, host.includes('*') ? isWildcardDNS1123Subdomain(host) : isDNS1123Subdomain(host)));
  return errs;
}

/** validateIngressTypedLocalObjectReference. */
function validateTypedLocalObjectReference(ref: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof ref.apiGroup === 'string') errs.push(...invalidEach(child(path, 'apiGroup'), ref.apiGroup, isDNS1123Subdomain(ref.apiGroup)));
  for (const f of ['kind', 'name']) {
    const v = asStr(ref[f]);
    if (v === '') errs.push(required(child(path, f), `${f} is required`));
    else errs.push(...invalidEach(child(path, f), v, isValidPathSegmentName(v)));
  }
  return errs;
}

/** validateIngressBackend: exactly one of service (with a port name or number) or resource. */
function validateBackend(backend: Obj, path: string): FieldError[] {
  const resource = asObj(backend.resource);
  const service = asObj(backend.service);
  if (resource && service) return [invalidValue(path, '', 'cannot set both resource and service backends')];
  if (resource) return validateTypedLocalObjectReference(resource, child(path, 'resource'));
  if (!service) return [invalidValue(path, '', 'resource or service backend is required')];
  const errs: FieldError[] = [];
  const name = asStr(service.name);
  if (name === '') errs.push(required(child(child(path, 'service'), 'name'), ''));
  else errs.push(...invalidEach(child(child(path, 'service'), 'name'), name, isDNS1035Label(name)));
  const port = asObj(service.port) ?? {};
  const portName = asStr(port.name);
  const portNumber = typeof port.number === 'number' ? port.number : 0;
  const pp = child(child(path, 'service'), 'port');
  if (portName !== '' && portNumber !== 0) errs.push(invalidValue(path, '', 'cannot set both port name & port number'));
  else if (portName !== '') errs.push(...invalidEach(child(pp, 'name'), portName, isValidPortName(portName)));
  else if (portNumber !== 0) errs.push(...invalidEach(child(pp, 'number'), portNumber, isValidPortNum(portNumber)));
  else errs.push(required(path, 'port name or number is required'));
  return errs;
}

/** validateHTTPIngressPath: pathType required; Exact and Prefix paths absolute and clean. */
function validateHTTPIngressPath(p: Obj, path: string): FieldError[] {
  if (p.pathType === undefined || p.pathType === null) return [required(child(path, 'pathType'), 'pathType must be specified')];
  const errs: FieldError[] = [];
  const pathValue = asStr(p.path);
  switch (p.pathType) {
    case 'Exact': case 'Prefix':
      if (!pathValue.startsWith('/')) errs.push(invalidValue(child(path, 'path'), pathValue, 'must be an absolute path'));
      if (pathValue !== '') {
        for (const seq of INVALID_PATH_SEQUENCES) if (pathValue.includes(seq)) errs.push(invalidValue(child(path, 'path'), pathValue, `must not contain '${seq}'`));
        for (const suf of INVALID_PATH_SUFFIXES) if (pathValue.endsWith(suf)) errs.push(invalidValue(child(path, 'path'), pathValue, `cannot end with '${suf}'`));
      }
      break;
    case 'ImplementationSpecific':
      if (pathValue !== '' && !pathValue.startsWith('/')) errs.push(invalidValue(child(path, 'path'), pathValue, 'must be an absolute path'));
      break;
    default:
      errs.push(notSupported(child(path, 'pathType'), p.pathType, PATH_TYPES));
  }
  errs.push(...validateBackend(asObj(p.backend) ?? {}, child(path, 'backend')));
  return errs;
}

function validateIngressSpec(ing: KubeObject): FieldError[] {
  const s = asObj(ing.spec) ?? {};
  const errs: FieldError[] = [];
  const rules = objects(s.rules);
  const defaultBackend = asObj(s.defaultBackend);
  if (rules.length === 0 && !defaultBackend) errs.push(invalidValue('spec', asArr(s.rules), 'either `defaultBackend` or `rules` must be specified'));
  if (defaultBackend) errs.push(...validateBackend(defaultBackend, 'spec.defaultBackend'));
  rules.forEach((rule, i) => {
    const rp = index('spec.rules', i);
    if (asStr(rule.host) !== '') errs.push(...validateHost(asStr(rule.host), child(rp, 'host')));
    const http = asObj(rule.http);
    if (http) {
      const paths = objects(http.paths);
      if (paths.length === 0) errs.push(required(child(child(rp, 'http'), 'paths'), ''));
      paths.forEach((p, j) => errs.push(...validateHTTPIngressPath(p, index(child(child(rp, 'http'), 'paths'), j))));
    }
  });
  objects(s.tls).forEach((t, i) => asArr(t.hosts).map(asStr).forEach((h, j) => {
    errs.push(...invalidEach(index(child(index('spec.tls', i), 'hosts'), j), h, h.includes('*') ? isWildcardDNS1123Subdomain(h) : isDNS1123Subdomain(h)));
  }));
  if (typeof s.ingressClassName === 'string') {
    errs.push(...invalidEach('spec.ingressClassName', s.ingressClassName, isDNS1123Subdomain(s.ingressClassName)));
    const annotation = asObj(ing.metadata?.annotations)?.[INGRESS_CLASS_ANNOTATION];
    if (annotation !== undefined) errs.push(invalidValue(key('annotations', INGRESS_CLASS_ANNOTATION), annotation, 'can not be set when the class field is also set'));
  }
  return errs;
}

export function validateIngress(ing: KubeObject): FieldError[] {
  return [...validateObjectMeta(ing.metadata, { namespaced: true }), ...validateIngressSpec(ing)];
}

export function validateIngressUpdate(ing: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ing.metadata, old.metadata), ...validateIngressSpec(ing)];
}

/** ValidateIngressStatusUpdate: load balancer ingress IPs and hostnames. */
export function validateIngressStatusUpdate(ing: KubeObject, old: KubeObject): FieldError[] {
  const errs = validateObjectMetaUpdate(ing.metadata, old.metadata);
  objects(asObj(asObj(ing.status)?.loadBalancer)?.ingress).forEach((lb, i) => {
    const p = index('status.loadBalancer.ingress', i);
    if (asStr(lb.ip) !== '' && !isIP(asStr(lb.ip))) errs.push(invalidValue(child(p, 'ip'), lb.ip, 'must be a valid IP address'));
    if (asStr(lb.hostname) !== '') {
      errs.push(...invalidEach(child(p, 'hostname'), lb.hostname, isDNS1123Subdomain(asStr(lb.hostname))));
      if (isIP(asStr(lb.hostname))) errs.push(invalidValue(child(p, 'hostname'), lb.hostname, 'must be a DNS name, not an IP address'));
    }
  });
  return errs;
}

const httpPathFmt = "[A-Za-z0-9/\\-._~%!$&'()*+,;=:]+";

/** IsDomainPrefixedPath (apimachinery): "acme.io/foo". */
export function validateDomainPrefixedPath(value: string, path: string): FieldError[] {
  if (value === '') return [required(path, '')];
  const slash = value.indexOf('/');
  if (slash <= 0 || slash === value.length - 1) return [invalidValue(path, value, 'must be a domain-prefixed path (such as "acme.io/foo")')];
  const host = value.slice(0, slash);
  const rest = value.slice(slash + 1);
  const errs = invalidEach(path, host, isDNS1123Subdomain(host));
  if (!new RegExp(`^${httpPathFmt}$`).test(rest)) errs.push(invalidValue(path, rest, regexError('Invalid path', httpPathFmt)));
  return errs;
}

function validateIngressClassSpec(ic: KubeObject): FieldError[] {
  const s = asObj(ic.spec) ?? {};
  const errs: FieldError[] = [];
  const controller = asStr(s.controller);
  if (controller === '') errs.push(required('spec.controller', ''));
  else if (controller.length > 250) errs.push(tooLong('spec.controller', '', 250));
  else errs.push(...validateDomainPrefixedPath(controller, 'spec.controller'));
  const params = asObj(s.parameters);
  if (params) {
    const pp = 'spec.parameters';
    errs.push(...validateTypedLocalObjectReference(params, pp));
    const scope = params.scope;
    if (scope === undefined || scope === null) errs.push(required(child(pp, 'scope'), ''));
    else if (scope !== 'Cluster' && scope !== 'Namespace') errs.push(notSupported(child(pp, 'scope'), scope, ['Cluster', 'Namespace']));
    else if (scope === 'Namespace') {
      if (typeof params.namespace !== 'string') errs.push(required(child(pp, 'namespace'), "`parameters.scope` is set to 'Namespace'"));
      else errs.push(...invalidEach(child(pp, 'namespace'), params.namespace, isDNS1123Label(params.namespace)));
    } else if (params.namespace !== undefined && params.namespace !== null) {
      errs.push(forbidden(child(pp, 'namespace'), "`parameters.scope` is set to 'Cluster'"));
    }
  }
  return errs;
}

export function validateIngressClass(ic: KubeObject): FieldError[] {
  return [...validateObjectMeta(ic.metadata, { namespaced: false }), ...validateIngressClassSpec(ic)];
}

/** ValidateIngressClassUpdate: the controller is immutable. */
export function validateIngressClassUpdate(ic: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(ic.metadata, old.metadata), ...validateIngressClassSpec(ic),
    ...validateImmutableField(asObj(ic.spec)?.controller, asObj(old.spec)?.controller, 'spec.controller')];
}

function validateNetworkPolicyPort(port: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (port.protocol !== undefined && port.protocol !== null && !['TCP', 'UDP', 'SCTP'].includes(asStr(port.protocol))) {
    errs.push(notSupported(child(path, 'protocol'), port.protocol, ['TCP', 'UDP', 'SCTP']));
  }
  const endPort = port.endPort;
  const hasEnd = endPort !== undefined && endPort !== null;
  if (typeof port.port === 'number') {
    errs.push(...invalidEach(child(path, 'port'), port.port, isValidPortNum(port.port)));
    if (typeof endPort === 'number') {
      if (endPort < port.port) errs.push(invalidValue(child(path, 'endPort'), port.port, 'must be greater than or equal to `port`'));
      errs.push(...invalidEach(child(path, 'endPort'), endPort, isValidPortNum(endPort)));
    }
  } else if (typeof port.port === 'string') {
    if (hasEnd) errs.push(invalidValue(child(path, 'endPort'), endPort, 'may not be specified when `port` is non-numeric'));
    errs.push(...invalidEach(child(path, 'port'), port.port, isValidPortName(port.port)));
  } else if (hasEnd) {
    errs.push(invalidValue(child(path, 'endPort'), endPort, 'may not be specified when `port` is not specified'));
  }
  return errs;
}

function validateNetworkPolicyPeer(peer: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  let peers = 0;
  for (const f of ['podSelector', 'namespaceSelector']) {
    if (asObj(peer[f])) { peers++; errs.push(...validateLabelSelector(peer[f], child(path, f))); }
  }
  const ipBlock = asObj(peer.ipBlock);
  if (ipBlock) {
    peers++;
    const cidr = asStr(ipBlock.cidr);
    if (cidr === '') errs.push(required(child(child(path, 'ipBlock'), 'cidr'), ''));
    else {
      errs.push(...invalidEach(child(child(path, 'ipBlock'), 'cidr'), cidr, isValidCIDR(cidr)));
      asArr(ipBlock.except).map(asStr).forEach((e, i) => errs.push(...invalidEach(index(child(child(path, 'ipBlock'), 'except'), i), e, isValidCIDR(e))));
    }
  }
  if (peers === 0) errs.push(required(path, 'must specify a peer'));
  else if (peers > 1 && ipBlock) errs.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errs;
}

function validateNetworkPolicySpec(np: KubeObject): FieldError[] {
  const s = asObj(np.spec) ?? {};
  const errs = validateLabelSelector(s.podSelector, 'spec.podSelector');
  for (const [dir, peersField] of [['ingress', 'from'], ['egress', 'to']] as const) {
    objects(s[dir]).forEach((rule, i) => {
      const rp = index(`spec.${dir}`, i);
      objects(rule.ports).forEach((p, j) => errs.push(...validateNetworkPolicyPort(p, index(child(rp, 'ports'), j))));
      objects(rule[peersField]).forEach((p, j) => errs.push(...validateNetworkPolicyPeer(p, index(child(rp, peersField), j))));
    });
  }
  const types = asArr(s.policyTypes).map(asStr);
  if (types.length > 2) errs.push(invalidValue('spec.policyTypes', types, 'may not specify more than two policyTypes'));
  else types.forEach((t, i) => { if (t !== 'Ingress' && t !== 'Egress') errs.push(notSupported(index('spec.policyTypes', i), t, ['Ingress', 'Egress'])); });
  return errs;
}

export function validateNetworkPolicy(np: KubeObject): FieldError[] {
  return [...validateObjectMeta(np.metadata, { namespaced: true }), ...validateNetworkPolicySpec(np)];
}

export function validateNetworkPolicyUpdate(np: KubeObject, old: KubeObject): FieldError[] {
  return [...validateObjectMetaUpdate(np.metadata, old.metadata), ...validateNetworkPolicySpec(np)];
}
