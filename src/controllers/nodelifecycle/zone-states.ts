/**
 * Zone disruption handling, after kube's nodelifecycle Controller.handleDisruption and its
 * per-zone RateLimitedTimedQueue ("zoneNoExecuteTainter"):
 *  - a zone is FullDisruption when none of its nodes is Ready, PartialDisruption when more than
 *    two are not Ready and they are at least --unhealthy-zone-threshold (55 %) of it, else Normal
 *    (ComputeZoneState); nodes labelled node.kubernetes.io/exclude-disruption do not count;
 *  - NoExecute tainting in a zone is rate-limited: --node-eviction-rate 0.1/s in Normal and
 *    FullDisruption zones, --secondary-node-eviction-rate 0.01/s in PartialDisruption zones of more
 *    than --large-cluster-size-threshold (50) nodes, and none in smaller PartialDisruption zones;
 *  - when every zone is fully disrupted the controller assumes it, not the nodes, lost contact:
 *    NoExecute taints are removed and none are added until some node is Ready again.
 * A token bucket with burst 1 per zone, on the injected clock, stands for kube's limiter.
 */
import type { KubeObject } from '../../api/object.ts';

export type ZoneState = 'Normal' | 'PartialDisruption' | 'FullDisruption';

export interface ZonePolicy {
  /** @default 0.1 */
  readonly evictionQps: number;
  /** @default 0.01 */
  readonly secondaryEvictionQps: number;
  /** @default 50 */
  readonly largeClusterThreshold: number;
  /** @default 0.55 */
  readonly unhealthyZoneThreshold: number;
}

export const DEFAULT_ZONE_POLICY: ZonePolicy = { evictionQps: 0.1, secondaryEvictionQps: 0.01, largeClusterThreshold: 50, unhealthyZoneThreshold: 0.55 };

/** as GetZoneKey: region and zone (beta labels first), joined with ":\0:"; "" when the node has neither. */
export function zoneKey(node: KubeObject): string {
  const l = node.metadata.labels ?? {};
  const zone = l['failure-domain.beta.kubernetes.io/zone'] ?? l['topology.kubernetes.io/zone'] ?? '';
  const region = l['failure-domain.beta.kubernetes.io/region'] ?? l['topology.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\0:${zone}`;
}

export function computeZoneState(ready: number, notReady: number, unhealthyZoneThreshold: number): ZoneState {
  if (ready === 0 && notReady > 0) return 'FullDisruption';
  if (notReady > 2 && notReady / (notReady + ready) >= unhealthyZoneThreshold) return 'PartialDisruption';
  return 'Normal';
}

/** A change of the cluster-wide "every zone fully disrupted" mode. */
export type DisruptionTransition = 'entered' | 'exited' | undefined;

interface Bucket { qps: number; tokens: number; last: number }

export class ZoneTracker {
  private readonly nodes = new Map<string, { zone: string; ready: boolean }>();
  private readonly counts = new Map<string, { ready: number; notReady: number }>();
  private readonly buckets = new Map<string, Bucket>();
  private fullyDisrupted = false;

  constructor(private readonly policy: ZonePolicy = DEFAULT_ZONE_POLICY) {}

  /** True when every zone is in FullDisruption: evictions are stopped. */
  get allFullyDisrupted(): boolean { return this.fullyDisrupted; }

  /** Records a node's zone and readiness (excluded nodes are removed from the counts). */
  set(name: string, zone: string, ready: boolean, excluded: boolean): DisruptionTransition {
    this.drop(name);
    if (!excluded) {
      this.nodes.set(name, { zone, ready });
      const c = this.counts.get(zone) ?? { ready: 0, notReady: 0 };
      if (ready) c.ready++; else c.notReady++;
      this.counts.set(zone, c);
    }
    return this.recompute();
  }

  remove(name: string): DisruptionTransition {
    this.drop(name);
    return this.recompute();
  }

  state(zone: string): ZoneState {
    const c = this.counts.get(zone);
    return c ? computeZoneState(c.ready, c.notReady, this.policy.unhealthyZoneThreshold) : 'Normal';
  }

  /** as setLimiterInZone: the NoExecute tainting rate of a zone now. */
  rate(zone: string): number {
    if (this.fullyDisrupted) return 0;
    const c = this.counts.get(zone);
    switch (this.state(zone)) {
      case 'PartialDisruption': return (c ? c.ready + c.notReady : 0) > this.policy.largeClusterThreshold ? this.policy.secondaryEvictionQps : 0;
      default: return this.policy.evictionQps;
    }
  }

  /**
   * Takes one tainting token in the zone: 0 when granted, else how many ms until one is due
   * (Infinity while the zone's rate is zero). A rate change starts a full bucket, as SwapLimiter.
   */
  take(zone: string, now: number): number {
    const qps = this.rate(zone);
    let b = this.buckets.get(zone);
    if (!b || b.qps !== qps) { b = { qps, tokens: 1, last: now }; this.buckets.set(zone, b); }
    if (qps <= 0) return Infinity;
    b.tokens = Math.min(1, b.tokens + ((now - b.last) / 1000) * qps);
    b.last = now;
    if (b.tokens >= 1) { b.tokens -= 1; return 0; }
    return Math.ceil(((1 - b.tokens) / qps) * 1000);
  }

  private drop(name: string): void {
    const prev = this.nodes.get(name);
    if (!prev) return;
    this.nodes.delete(name);
    const c = this.counts.get(prev.zone)!;
    if (prev.ready) c.ready--; else c.notReady--;
    if (c.ready + c.notReady === 0) this.counts.delete(prev.zone);
  }

  private recompute(): DisruptionTransition {
    const zones = [...this.counts.keys()];
    const all = zones.length > 0 && zones.every((z) => this.state(z) === 'FullDisruption');
    if (all === this.fullyDisrupted) return undefined;
    this.fullyDisrupted = all;
    return all ? 'entered' : 'exited';
  }
}
