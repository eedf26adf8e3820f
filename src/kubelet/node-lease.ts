/**
 * The node's heartbeat Lease in kube-node-lease, as kubelet's nodelease controller
 * (component-helpers/apimachinery/lease): holderIdentity = node name, leaseDurationSeconds 40,
 * owned by the Node (so it goes when the node goes), renewTime refreshed every 10 s
 * (renewInterval = 0.25 × duration). A failed renewal retries on the next tick.
 */
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { type Clock, rfc3339Micro } from '../util/clock.ts';
import { LEASES } from './pod-types.ts';

export const LEASE_DURATION_SECONDS = 40;
export const LEASE_RENEW_MS = 10_000;

export class NodeLease {
  private cancel?: () => void;
  private stopped = false;
  private lease?: KubeObject;

  constructor(private readonly client: Client, private readonly clock: Clock, private readonly node: KubeObject) {}

  /** Creates or renews the lease now, then every 10 s until stop. */
  async start(): Promise<void> {
    await this.renew();
    this.schedule();
  }

  stop(): void { this.stopped = true; this.cancel?.(); }

  private schedule(): void {
    if (this.stopped) return;
    this.cancel = this.clock.setTimer(() => { void this.renew().catch(() => {}).finally(() => this.schedule()); }, LEASE_RENEW_MS);
  }

  /** One renewal: update with the last seen resourceVersion, creating the lease when missing. */
  async renew(): Promise<void> {
    const name = this.node.metadata.name!;
    const leases = this.client.resource(LEASES).namespace('kube-node-lease');
    const spec = { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_SECONDS, renewTime: rfc3339Micro(this.clock.now()) };
    try {
      if (!this.lease) this.lease = await leases.get(name).catch((e: { code?: number }) => { if (e.code === 404) return undefined; throw e; });
      if (this.lease) {
        this.lease = await leases.update({ ...this.lease, spec: { ...(this.lease.spec as object), ...spec } });
        return;
      }
      this.lease = await leases.create({
        apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
        metadata: { name, namespace: 'kube-node-lease', ownerReferences: [{ apiVersion: 'v1', kind: 'Node', name, uid: this.node.metadata.uid! }] },
        spec,
      });
    } catch (e) {
      this.lease = undefined; // conflict or gone: read it again next time
      throw e;
    }
  }
}
