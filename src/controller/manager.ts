/**
 * Starts informers, waits for their caches, then runs controllers, as controller-runtime's
 * manager; stops everything on abort. A Manager is itself a Runnable for the cluster supervisor.
 */
import { setMaxListeners } from 'node:events';
import type { Runnable, Started } from '../util/runnable.ts';
import type { Controller } from './controller.ts';
import type { InformerFactory } from './informer-factory.ts';

export class Manager implements Runnable {
  readonly name: string;
  private readonly controllers: Controller[] = [];

  constructor(private readonly informers: InformerFactory, name = 'controller-manager') { this.name = name; }

  add(controller: Controller): void { this.controllers.push(controller); }

  async start(parent: AbortSignal): Promise<Started> {
    const ac = new AbortController();
    // Every informer and worker listens on this one signal: lift node's 10-listener warning.
    setMaxListeners(0, ac.signal);
    const stop = () => ac.abort();
    parent.addEventListener('abort', stop, { once: true });
    this.informers.start(ac.signal);
    await this.informers.waitForCacheSync();
    const running = this.controllers.map((c) => c.run(ac.signal));
    return {
      stop: async () => {
        ac.abort();
        parent.removeEventListener('abort', stop);
        await Promise.all(running);
      },
    };
  }
}
