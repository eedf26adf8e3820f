/**
 * Services, Endpoints (core/v1) and EndpointSlices (discovery.k8s.io) as kube-apiserver v1.32
 * prints them (printService, printEndpoints, printEndpointSlice).
 */
import type { KubeObject } from '../../api/object.ts';
import { AGE, NAME, age, column, listWithMore, nameOf, wide } from './columns.ts';
import { formatLabels } from './labels.ts';
import type { Printer } from './table.ts';
import { arr, num, obj, optNum, optStr, str, type JsonObject } from './value.ts';

/**
 * Load-balancer ingress points as kube's loadBalancerStatusStringer: each entry's IP, else its
 * hostname, deduplicated and sorted, joined by ",". (kube clips this to 16 characters only in
 * non-wide printing, which kube-apiserver never does.)
 */
export function loadBalancerIngress(loadBalancer: unknown): string {
  const points = new Set<string>();
  for (const i of arr(obj(loadBalancer).ingress)) {
    const ingress = obj(i);
    const point = str(ingress.ip) || str(ingress.hostname);
    if (point !== '') points.add(point);
  }
  return [...points].sort().join(',');
}

/** The EXTERNAL-IP cell (kube's getServiceExternalIP). */
export function serviceExternalIP(svc: KubeObject): string {
  const spec = obj(svc.spec);
  const externalIPs = arr(spec.externalIPs).map(str);
  switch (spec.type) {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const lb = loadBalancerIngress(obj(svc.status).loadBalancer);
      if (externalIPs.length > 0) return [...(lb === '' ? [] : lb.split(',')), ...externalIPs].join(',');
      return lb === '' ? '<pending>' : lb;
    }
    case 'ExternalName':
      return str(spec.externalName);
    default:
      return '<unknown>';
  }
}

/** The PORT(S) cell: "80/TCP", "80:31234/TCP" when a node port is allocated, joined by ",". */
export function servicePorts(ports: unknown): string {
  const pieces = arr(ports).map((p) => {
    const port = obj(p);
    const nodePort = num(port.nodePort);
    // Defaulting sets protocol TCP; apply it for objects stored undefaulted.
    const protocol = str(port.protocol) || 'TCP';
    return nodePort > 0 ? `${num(port.port)}:${nodePort}/${protocol}` : `${num(port.port)}/${protocol}`;
  });
  return pieces.length === 0 ? '<none>' : pieces.join(',');
}

export const servicePrinter: Printer = {
  columns: [
    NAME,
    column('Type', 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
    column('Cluster-IP', 'string', 'The primary cluster IP, or None for a headless service.'),
    column('External-IP', 'string', 'Addresses that reach the service from outside the cluster.'),
    column('Port(s)', 'string', 'Service ports, with node ports where allocated.'),
    AGE,
    wide('Selector', 'string', 'Labels of the pods that back the service.'),
  ],
  row(svc, now) {
    const spec = obj(svc.spec);
    // Defaulting copies clusterIP into clusterIPs; read either, for objects stored undefaulted.
    const clusterIP = str(arr(spec.clusterIPs)[0]) || str(spec.clusterIP) || '<none>';
    return [nameOf(svc), str(spec.type), clusterIP, serviceExternalIP(svc), servicePorts(spec.ports), age(svc, now), formatLabels(spec.selector)];
  },
};

/**
 * The ENDPOINTS cell (kube's formatEndpoints): "ip:port" per address and port (bare IPs for
 * port-less subsets), the first 3 then " + N more...".
 */
export function formatEndpoints(endpoints: KubeObject): string {
  const subsets = arr(endpoints.subsets);
  if (subsets.length === 0) return '<none>';
  const max = 3;
  const list: string[] = [];
  let more = false;
  let count = 0;
  for (const s of subsets) {
    const subset = obj(s);
    const addresses = arr(subset.addresses);
    const ports = arr(subset.ports);
    if (ports.length === 0) {
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) { more = true; break; }
        list.push(str(obj(a).ip));
      }
      continue;
    }
    for (const p of ports) {
      const port = num(obj(p).port);
      count += addresses.length;
      for (const a of addresses) {
        if (list.length === max) { more = true; break; }
        list.push(joinHostPort(str(obj(a).ip), port));
      }
    }
  }
  const joined = list.join(',');
  return more ? `${joined} + ${count - max} more...` : joined;
}

/** Go's net.JoinHostPort: IPv6 hosts in brackets. */
function joinHostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export const endpointsPrinter: Printer = {
  columns: [NAME, column('Endpoints', 'string', 'Ready addresses and ports of the endpoints.'), AGE],
  row: (o, now) => [nameOf(o), formatEndpoints(o), age(o, now)],
};

function slicePorts(ports: readonly unknown[]): string {
  const shown = ports.slice(0, 3).map((p) => {
    const port: JsonObject = obj(p);
    const n = optNum(port.port);
    return n !== undefined ? String(n) : optStr(port.name) ?? '*';
  });
  return listWithMore(shown, ports.length, 3, '<unset>');
}

function sliceEndpoints(endpoints: readonly unknown[]): string {
  const shown: string[] = [];
  let count = 0;
  for (const e of endpoints) {
    for (const a of arr(obj(e).addresses)) {
      if (shown.length < 3) shown.push(str(a));
      count++;
    }
  }
  return listWithMore(shown, count, 3, '<unset>');
}

export const endpointSlicePrinter: Printer = {
  columns: [
    NAME,
    column('AddressType', 'string', 'The address family of the slice: IPv4, IPv6 or FQDN.'),
    column('Ports', 'string', 'Port numbers (or names) the slice exposes.'),
    column('Endpoints', 'string', 'Addresses of the endpoints in the slice.'),
    AGE,
  ],
  row: (o, now) => [nameOf(o), str(o.addressType), slicePorts(arr(o.ports)), sliceEndpoints(arr(o.endpoints)), age(o, now)],
};
