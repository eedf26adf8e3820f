/**
 * One Informer per resource (and namespace/selector), shared by every controller of a process,
 * as client-go's SharedInformerFactory: controllers ask for informers while they are built; the
 * manager starts them all and waits for their caches before starting reconcilers.
 */
import type { GroupVersionResource } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import type { Clock } from '../util/clock.ts';
import { Informer } from './informer.ts';

export class InformerFactory {
  private readonly informers = new Map<string, Informer>();
  private started?: AbortSignal;

  constructor(private readonly client: Client, private readonly clock: Clock) {}

  informerFor(resource: GroupVersionResource, options: { namespace?: string; fieldSelector?: string; labelSelector?: string } = {}): Informer {
    const key = `${resource.group}/${resource.version}/${resource.resource}|${options.namespace ?? ''}|${options.fieldSelector ?? ''}|${options.labelSelector ?? ''}`;
    let inf = this.informers.get(key);
    if (!inf) {
      inf = new Informer({ client: this.client, resource, clock: this.clock, ...options });
      this.informers.set(key, inf);
      if (this.started) void inf.run(this.started);
    }
    return inf;
  }

  /** Starts every informer (and any created later) until the signal aborts. */
  start(signal: AbortSignal): void {
    this.started = signal;
    for (const inf of this.informers.values()) void inf.run(signal);
  }

  async waitForCacheSync(): Promise<void> {
    await Promise.all([...this.informers.values()].map((i) => i.waitForSync()));
  }
}
