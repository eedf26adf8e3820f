/**
 * ClusterIP and NodePort allocation for Services, as kube-apiserver's service REST storage does on
 * create and on type changes: an address from the service CIDR (the first is reserved for the
 * `kubernetes` Service), node ports from 30000–32767. A user-chosen clusterIP or nodePort is
 * checked for range and conflicts. "None" (headless) gets no address.
 *
 * The used sets live in memory, rebuilt from storage at start and kept current by a watch on the
 * services prefix, so allocation is synchronous and cheap. One apiserver process owns a cluster's
 * services; several apiservers sharing etcd would need kube's IPAddress objects instead.
 */
import type { KubeObject } from '../api/object.ts';
import { invalidValue, type FieldError } from '../api/field-error.ts';
import { invalid } from '../api/status.ts';
import type { Backend } from '../storage/backend.ts';
import { decodeObject } from './object-codec.ts';

export interface ServiceAllocatorOptions {
  /** IPv4 CIDR of ClusterIPs. @default "10.100.0.0/16" (EKS's default service CIDR) */
  readonly serviceCidr?: string;
  /** @default [30000, 32767] */
  readonly nodePortRange?: readonly [number, number];
}

interface ServiceSpec {
  type?: string;
  clusterIP?: string;
  clusterIPs?: string[];
  ports?: { nodePort?: number; port?: number; protocol?: string }[];
}

const ipToInt = (ip: string) => ip.split('.').reduce((a, o) => a * 256 + Number(o), 0);
const intToIp = (n: number) => [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');

export function parseCidr(cidr: string): { base: number; size: number } {
  const m = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
  if (!m) throw new Error(`invalid CIDR ${cidr}`);
  const bits = Number(m[2]);
  const size = 2 ** (32 - bits);
  const base = Math.floor(ipToInt(m[1]) / size) * size;
  return { base, size };
}

export class ServiceAllocator {
  private readonly cidr: { base: number; size: number };
  private readonly portRange: readonly [number, number];
  private readonly ips = new Map<string, string>(); // ip → service key
  private readonly ports = new Map<number, string>(); // nodePort → service key
  private nextIp = 0;
  private nextPort = 0;

  constructor(options: ServiceAllocatorOptions = {}) {
    this.cidr = parseCidr(options.serviceCidr ?? '10.100.0.0/16');
    this.portRange = options.nodePortRange ?? [30000, 32767];
  }

  /** The address of the `kubernetes` Service: the first of the range, as kube-apiserver picks. */
  get kubernetesServiceIp(): string { return intToIp(this.cidr.base + 1); }

  /** Loads what is in storage, then follows it. Resolves once loaded. */
  async follow(backend: Backend, prefix: string, signal: AbortSignal): Promise<void> {
    const page = await backend.list(prefix);
    for (const kv of page.kvs) this.record(kv.key, decodeObject(kv));
    await backend.watch(prefix, {
      fromRevision: page.revision + 1, signal,
      onEvents: (events) => {
        for (const ev of events) {
          this.releaseKey(ev.kv.key);
          if (ev.type === 'put') this.record(ev.kv.key, decodeObject(ev.kv));
        }
      },
    });
  }

  /**
   * Fills spec.clusterIP(s) and nodePorts of a Service being created or updated (old given).
   * Throws 422 Invalid for a taken or out-of-range address or port.
   */
  allocate(key: string, obj: KubeObject, old?: KubeObject): void {
    const spec = (obj.spec ?? {}) as ServiceSpec;
    const oldSpec = (old?.spec ?? {}) as ServiceSpec;
    const name = obj.metadata.name ?? '';
    const errors: FieldError[] = [];
    if (spec.type !== 'ExternalName') {
      if (!spec.clusterIP && oldSpec.clusterIP) spec.clusterIP = oldSpec.clusterIP;
      if (!spec.clusterIP) spec.clusterIP = this.freeIp(key);
      else if (spec.clusterIP !== 'None' && !this.ips.has(spec.clusterIP)) this.ips.set(spec.clusterIP, key);
      else if (spec.clusterIP !== 'None') {
        const n = ipToInt(spec.clusterIP);
        if (!/^\d+\.\d+\.\d+\.\d+$/.test(spec.clusterIP) || n < this.cidr.base || n >= this.cidr.base + this.cidr.size) {
          errors.push(invalidValue('spec.clusterIPs[0]', spec.clusterIP, `failed to allocate IP ${spec.clusterIP}: provided IP is not in the valid range. The range of valid IPs is ${intToIp(this.cidr.base)}/${32 - Math.log2(this.cidr.size)}`));
        } else if ((this.ips.get(spec.clusterIP) ?? key) !== key) {
          errors.push(invalidValue('spec.clusterIPs', [spec.clusterIP], `failed to allocate IP ${spec.clusterIP}: provided IP is already allocated`));
        }
      }
      spec.clusterIPs = [spec.clusterIP];
    }
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') {
      (spec.ports ?? []).forEach((p, i) => {
        if (!p.nodePort) {
          const prior = oldSpec.ports?.find((o) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'))?.nodePort;
          p.nodePort = prior ?? this.freePort(key);
        } else if (p.nodePort < this.portRange[0] || p.nodePort > this.portRange[1]) {
          errors.push(invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, `provided port is not in the valid range. The range of valid ports is ${this.portRange[0]}-${this.portRange[1]}`));
        } else if ((this.ports.get(p.nodePort) ?? key) !== key) {
          errors.push(invalidValue(`spec.ports[${i}].nodePort`, p.nodePort, 'provided port is already allocated'));
        }
      });
    } else {
      for (const p of spec.ports ?? []) delete p.nodePort;
    }
    if (errors.length) throw invalid({ group: '', kind: 'Service' }, name, errors);
    obj.spec = spec;
  }

  private record(key: string, obj: KubeObject): void {
    const spec = (obj.spec ?? {}) as ServiceSpec;
    for (const ip of spec.clusterIPs ?? (spec.clusterIP ? [spec.clusterIP] : [])) if (ip !== 'None') this.ips.set(ip, key);
    for (const p of spec.ports ?? []) if (p.nodePort) this.ports.set(p.nodePort, key);
  }

  private releaseKey(key: string): void {
    for (const [ip, k] of this.ips) if (k === key) this.ips.delete(ip);
    for (const [port, k] of this.ports) if (k === key) this.ports.delete(port);
  }

  private freeIp(key: string): string {
    // Skip network address and the kubernetes service address; scan round-robin from the last pick.
    const usable = this.cidr.size - 2;
    for (let i = 0; i < usable; i++) {
      const n = this.cidr.base + 2 + ((this.nextIp + i) % usable);
      const ip = intToIp(n);
      if (!this.ips.has(ip)) { this.nextIp = (this.nextIp + i + 1) % usable; this.ips.set(ip, key); return ip; }
    }
    throw invalid({ group: '', kind: 'Service' }, '', [invalidValue('spec.clusterIPs', '', 'failed to allocate a serviceIP: range is full')]);
  }

  private freePort(key: string): number {
    const [lo, hi] = this.portRange;
    const n = hi - lo + 1;
    for (let i = 0; i < n; i++) {
      const port = lo + ((this.nextPort + i) % n);
      if (!this.ports.has(port)) { this.nextPort = (this.nextPort + i + 1) % n; this.ports.set(port, key); return port; }
    }
    throw invalid({ group: '', kind: 'Service' }, '', [invalidValue('spec.ports', '', 'failed to allocate a nodePort: range is full')]);
  }
}
