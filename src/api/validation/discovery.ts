/**
 * EndpointSlice validation after pkg/apis/discovery/validation (ValidateEndpointSlice,
 * validateEndpoints, validatePorts, ValidateEndpointSliceUpdate). Loopback addresses are allowed
 * for the reason given in core-service.ts.
 */
import { type FieldError, child, duplicate, index, invalidValue, key, notSupported, required } from '../field-error.ts';
import type { KubeObject } from '../object.ts';
import { asArr, asObj, asStr, objects } from './access.ts';
import { validateImmutableField } from './common.ts';
import { validateNonSpecialIP } from './core-service.ts';
import { invalidEach, isDNS1123Label, isDNS1123Subdomain, isIPv4, isIPv6, validateDNS1123Label, validateQualifiedName } from './names.ts';
import { validateLabels, validateObjectMeta } from './object-meta.ts';

const ADDRESS_TYPES = ['FQDN', 'IPv4', 'IPv6'];
const MAX_ENDPOINTS = 1000;
const MAX_ADDRESSES = 100;
const MAX_PORTS = 20000;
const MAX_TOPOLOGY_LABELS = 16;

const tooMany = (field: string, actual: number, max: number): FieldError => ({ type: 'FieldValueTooMany', field, badValue: actual, detail: `must have at most ${max} items` });

/** IsFullyQualifiedDomainName. */
function validateFQDN(name: string, path: string): FieldError[] {
  if (name === '') return [required(path, '')];
  const n = name.endsWith('.') ? name.slice(0, -1) : name;
  const msgs = isDNS1123Subdomain(n);
  if (msgs.length > 0) return [invalidValue(path, n, msgs.join(','))];
  const labels = n.split('.');
  if (labels.length < 2) return [invalidValue(path, n, 'should be a domain with at least two segments separated by dots')];
  for (const l of labels) {
    const m = isDNS1123Label(l);
    if (m.length > 0) return [invalidValue(path, l, m.join(','))];
  }
  return [];
}

export function validateEndpointSlice(slice: KubeObject): FieldError[] {
  const errs = validateObjectMeta(slice.metadata, { namespaced: true });
  const addressType = asStr(slice.addressType);
  if (addressType === '') errs.push(required('addressType', ''));
  else if (!ADDRESS_TYPES.includes(addressType)) errs.push(notSupported('addressType', addressType, ADDRESS_TYPES));
  const endpoints = objects(slice.endpoints);
  if (endpoints.length > MAX_ENDPOINTS) errs.push(tooMany('endpoints', endpoints.length, MAX_ENDPOINTS));
  endpoints.forEach((ep, i) => {
    const p = index('endpoints', i);
    const addresses = asArr(ep.addresses).map(asStr);
    if (addresses.length === 0) errs.push(required(child(p, 'addresses'), 'must contain at least 1 address'));
    else if (addresses.length > MAX_ADDRESSES) errs.push(tooMany(child(p, 'addresses'), addresses.length, MAX_ADDRESSES));
    addresses.forEach((a, j) => {
      const ap = index(child(p, 'addresses'), j);
      if (addressType === 'IPv4') errs.push(...(isIPv4(a) ? validateNonSpecialIP(a, ap) : [invalidValue(ap, a, 'must be a valid IPv4 address')]));
      else if (addressType === 'IPv6') errs.push(...(isIPv6(a) ? validateNonSpecialIP(a, ap) : [invalidValue(ap, a, 'must be a valid IPv6 address')]));
      else if (addressType === 'FQDN') errs.push(...validateFQDN(a, ap));
    });
    if (typeof ep.nodeName === 'string') errs.push(...invalidEach(child(p, 'nodeName'), ep.nodeName, isDNS1123Subdomain(ep.nodeName)));
    const topology = asObj(ep.deprecatedTopology) ?? {};
    if (Object.keys(topology).length > MAX_TOPOLOGY_LABELS) errs.push(tooMany(child(p, 'deprecatedTopology'), Object.keys(topology).length, MAX_TOPOLOGY_LABELS));
    errs.push(...validateLabels(topology, child(p, 'deprecatedTopology')));
    if ('topology.kubernetes.io/zone' in topology) errs.push(invalidValue(key(child(p, 'deprecatedTopology'), 'topology.kubernetes.io/zone'), topology['topology.kubernetes.io/zone'], 'reserved key was not removed in conversion'));
    if (typeof ep.hostname === 'string') errs.push(...validateDNS1123Label(ep.hostname, child(p, 'hostname')));
  });
  const ports = objects(slice.ports);
  if (ports.length > MAX_PORTS) errs.push(tooMany('ports', ports.length, MAX_PORTS));
  const names = new Set<string>();
  ports.forEach((port, i) => {
    const p = index('ports', i);
    const name = asStr(port.name);
    if (name !== '') errs.push(...validateDNS1123Label(name, child(p, 'name')));
    if (names.has(name)) errs.push(duplicate(child(p, 'name'), name));
    names.add(name);
    if (port.protocol === undefined || port.protocol === null) errs.push(required(child(p, 'protocol'), ''));
    else if (!['SCTP', 'TCP', 'UDP'].includes(asStr(port.protocol))) errs.push(notSupported(child(p, 'protocol'), port.protocol, ['SCTP', 'TCP', 'UDP']));
    if (typeof port.appProtocol === 'string') errs.push(...validateQualifiedName(port.appProtocol, child(p, 'appProtocol')));
  });
  return errs;
}

/** ValidateEndpointSliceUpdate: addressType is immutable. */
export function validateEndpointSliceUpdate(slice: KubeObject, old: KubeObject): FieldError[] {
  return [...validateEndpointSlice(slice), ...validateImmutableField(slice.addressType, old.addressType, 'addressType')];
}
