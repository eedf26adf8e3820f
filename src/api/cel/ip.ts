/**
 * Kubernetes' IP library (k8s.io/apiserver/pkg/cel/library/ip.go, "kubernetes.net.ip"), with Go's
 * netip parsing (netip.ts). Zones and IPv4-mapped IPv6 addresses are refused:
 *
 *     ip(<string>) <net.IP>, isIP(<string>) <bool>, ip.isCanonical(<string>) <bool>
 *     <net.IP>.family() <int>   4 or 6
 *     <net.IP>.isUnspecified(), .isLoopback(), .isLinkLocalMulticast(), .isLinkLocalUnicast(),
 *         .isGlobalUnicast() <bool>
 *     string(<net.IP>) <string>
 */
import { type Environment } from '@marcbachmann/cel-js';
import { type CelLibrary, SYNC, celError, registerNamespace } from './library.ts';
import {
  type Addr, addrEquals, formatAddr, is4In6, isGlobalUnicast, isLinkLocalMulticast, isLinkLocalUnicast, isLoopback,
  isUnspecified, parseAddr,
} from './netip.ts';

export const IP_TYPE = 'net.IP';

/** An IP address value (kube's apiservercel.IP). */
export class CelIP {
  constructor(readonly addr: Addr) {}
  celEquals(other: unknown): boolean {
    return other instanceof CelIP && addrEquals(this.addr, other.addr);
  }
}

/** library parseIPAddr: netip.ParseAddr without zones or IPv4-mapped IPv6 addresses; throws the message. */
export function parseIPAddr(raw: string): Addr {
  let addr: Addr;
  try {
    addr = parseAddr(raw);
  } catch (e) {
    throw new Error(`IP Address ${JSON.stringify(raw)} parse error during conversion from string: ${(e as Error).message}`);
  }
  if (addr.zone !== '') throw new Error(`IP address ${JSON.stringify(raw)} with zone value is not allowed`);
  if (is4In6(addr)) throw new Error(`IPv4-mapped IPv6 address ${JSON.stringify(raw)} is not allowed`);
  return addr;
}

function toIP(s: string): CelIP {
  try {
    return new CelIP(parseIPAddr(s));
  } catch (e) {
    throw celError((e as Error).message);
  }
}

export const ipLibrary: CelLibrary = {
  name: 'kubernetes.net.ip',
  register(env: Environment) {
    env.registerType(IP_TYPE, CelIP);
    env.registerOperator(`${IP_TYPE} == ${IP_TYPE}`, (a: CelIP, b: CelIP) => a.celEquals(b));
    registerNamespace(env, 'ip', 'k8s.IPNamespace');
    env.registerFunction(`ip(string): ${IP_TYPE}`, toIP, SYNC);
    env.registerFunction('isIP(string): bool', (s: string) => {
      try { parseIPAddr(s); return true; } catch { return false; }
    }, SYNC);
    env.registerFunction('k8s.IPNamespace.isCanonical(string): bool', (_ns: unknown, s: string) => formatAddr(toIP(s).addr) === s, SYNC);
    env.registerFunction(`string(${IP_TYPE}): string`, (ip: CelIP) => formatAddr(ip.addr), SYNC);
    env.registerFunction(`${IP_TYPE}.family(): int`, (ip: CelIP) => BigInt(ip.addr.family), SYNC);
    const predicates: Readonly<Record<string, (a: Addr) => boolean>> = {
      isUnspecified, isLoopback, isLinkLocalMulticast, isLinkLocalUnicast, isGlobalUnicast,
    };
    for (const [name, test] of Object.entries(predicates)) env.registerFunction(`${IP_TYPE}.${name}(): bool`, (ip: CelIP) => test(ip.addr), SYNC);
  },
};
