/**
 * Kubernetes' CIDR library (k8s.io/apiserver/pkg/cel/library/cidr.go, "net.cidr"), with Go's
 * netip.ParsePrefix (netip.ts); host bits may be set ("192.168.0.1/24" parses, .masked() clears
 * them), IPv4-mapped IPv6 prefixes are refused:
 *
 *     cidr(<string>) <net.CIDR>, isCIDR(<string>) <bool>
 *     <net.CIDR>.containsIP(<string|net.IP>), .containsCIDR(<string|net.CIDR>) <bool>
 *     <net.CIDR>.ip() <net.IP>, .masked() <net.CIDR>, .prefixLength() <int>
 *     string(<net.CIDR>) <string>
 */
import { type Environment } from '@marcbachmann/cel-js';
import { CelIP, IP_TYPE, parseIPAddr } from './ip.ts';
import { type CelLibrary, SYNC, celError } from './library.ts';
import { type Prefix, addrEquals, formatPrefix, is4In6, masked, parsePrefix, prefixContains } from './netip.ts';

const TYPE = 'net.CIDR';

/** A network value (kube's apiservercel.CIDR); equal when address and length are. */
export class CelCIDR {
  constructor(readonly prefix: Prefix) {}
  celEquals(other: unknown): boolean {
    return other instanceof CelCIDR && other.prefix.bits === this.prefix.bits && addrEquals(other.prefix.addr, this.prefix.addr);
  }
}

function toCIDR(s: string): CelCIDR {
  // as kube: parseCIDR's wrapping, then stringToCIDR's
  const wrap = (m: string) => celError(`network address parse error during conversion from string: network address parse error during conversion from string: ${m}`);
  let prefix: Prefix;
  try {
    prefix = parsePrefix(s);
  } catch (e) {
    throw wrap((e as Error).message);
  }
  if (is4In6(prefix.addr)) throw celError(`network address parse error during conversion from string: IPv4-mapped IPv6 address ${JSON.stringify(s)} is not allowed`);
  return new CelCIDR(prefix);
}

function toIP(s: string): CelIP {
  try {
    return new CelIP(parseIPAddr(s));
  } catch (e) {
    throw celError((e as Error).message);
  }
}

/** cidrContainsCIDR: the same network under the receiver's mask, and no shorter prefix. */
function containsCIDR(outer: CelCIDR, inner: CelCIDR): boolean {
  const a = outer.prefix;
  const b = inner.prefix;
  if (a.addr.family !== b.addr.family) return false;
  return addrEquals(masked(a).addr, masked({ addr: b.addr, bits: a.bits }).addr) && a.bits <= b.bits;
}

export const cidrLibrary: CelLibrary = {
  name: 'net.cidr',
  register(env: Environment) {
    env.registerType(TYPE, CelCIDR);
    env.registerOperator(`${TYPE} == ${TYPE}`, (a: CelCIDR, b: CelCIDR) => a.celEquals(b));
    env.registerFunction(`cidr(string): ${TYPE}`, toCIDR, SYNC);
    env.registerFunction('isCIDR(string): bool', (s: string) => {
      try { toCIDR(s); return true; } catch { return false; }
    }, SYNC);
    env.registerFunction(`string(${TYPE}): string`, (c: CelCIDR) => formatPrefix(c.prefix), SYNC);
    env.registerFunction(`${TYPE}.containsIP(string): bool`, (c: CelCIDR, s: string) => prefixContains(c.prefix, toIP(s).addr), SYNC);
    env.registerFunction(`${TYPE}.containsIP(${IP_TYPE}): bool`, (c: CelCIDR, ip: CelIP) => prefixContains(c.prefix, ip.addr), SYNC);
    env.registerFunction(`${TYPE}.containsCIDR(string): bool`, (c: CelCIDR, s: string) => containsCIDR(c, toCIDR(s)), SYNC);
    env.registerFunction(`${TYPE}.containsCIDR(${TYPE}): bool`, containsCIDR, SYNC);
    env.registerFunction(`${TYPE}.ip(): ${IP_TYPE}`, (c: CelCIDR) => new CelIP(c.prefix.addr), SYNC);
    env.registerFunction(`${TYPE}.masked(): ${TYPE}`, (c: CelCIDR) => new CelCIDR(masked(c.prefix)), SYNC);
    env.registerFunction(`${TYPE}.prefixLength(): int`, (c: CelCIDR) => BigInt(c.prefix.bits), SYNC);
  },
};
