/**
 * Writes pod statuses to the API, as kubelet's status manager (pkg/kubelet/status): the latest
 * status of each pod wins, unchanged statuses are not sent, writes go through the status
 * subresource as a merge patch carrying the pod's uid (so a status never lands on a new pod of
 * the same name), and a bounded number of writes run at once so that many pods changing together
 * (a node's pods at start-up, the simulated runtime at scale) are batched rather than stampeding.
 * A pod that was deleted from the API is forgotten.
 */
import type { Client } from '../client/client.ts';
import type { KubeObject } from '../api/object.ts';
import { PODS, type PodStatus } from './pod-types.ts';

interface Entry {
  namespace: string;
  name: string;
  uid: string;
  wanted?: PodStatus;
  sent?: string;
  writing: boolean;
  waiters: (() => void)[];
}

export interface StatusManagerOptions {
  readonly client: Client;
  /** Writes in flight at once. @default 16 */
  readonly concurrency?: number;
  /** Field manager of the writes. @default "kubelet" */
  readonly fieldManager?: string;
}

export class StatusManager {
  private readonly entries = new Map<string, Entry>();
  private readonly queue: string[] = [];
  private active = 0;
  private closed = false;

  constructor(private readonly options: StatusManagerOptions) {}

  /** Records the pod's status; it is written soon if it differs from what was written last. */
  setPodStatus(pod: KubeObject, status: PodStatus): void {
    const uid = pod.metadata.uid!;
    let e = this.entries.get(uid);
    if (!e) {
      e = { namespace: pod.metadata.namespace ?? 'default', name: pod.metadata.name!, uid, writing: false, waiters: [] };
      this.entries.set(uid, e);
    }
    e.wanted = status;
    if (JSON.stringify(status) === e.sent) return;
    this.enqueue(uid);
  }

  /** Resolves once the pod's latest status has been written (or could not be). */
  flush(uid: string): Promise<void> {
    const e = this.entries.get(uid);
    if (!e || (!e.writing && !this.queue.includes(uid))) return Promise.resolve();
    return new Promise((r) => e.waiters.push(r));
  }

  forget(uid: string): void { this.entries.delete(uid); }

  close(): void { this.closed = true; }

  private enqueue(uid: string): void {
    if (!this.queue.includes(uid)) this.queue.push(uid);
    this.pump();
  }

  private pump(): void {
    const limit = this.options.concurrency ?? 16;
    while (!this.closed && this.active < limit && this.queue.length > 0) {
      const uid = this.queue.shift()!;
      const e = this.entries.get(uid);
      if (!e || e.writing) continue;
      this.active++;
      void this.write(e).finally(() => { this.active--; this.pump(); });
    }
  }

  private async write(e: Entry): Promise<void> {
    e.writing = true;
    let attempted: PodStatus | undefined;
    try {
      for (let attempt = 0; attempt < 5 && !this.closed; attempt++) {
        const status = e.wanted;
        attempted = status;
        const text = JSON.stringify(status);
        if (!status || text === e.sent) break;
        try {
          await this.options.client.resource(PODS).namespace(e.namespace).patch(e.name, { metadata: { uid: e.uid }, status },
            { type: 'merge', subresource: 'status', fieldManager: this.options.fieldManager ?? 'kubelet' });
          e.sent = text;
        } catch (err) {
          const code = (err as { code?: number }).code;
          if (code === 404) { this.entries.delete(e.uid); break; }
          if (code !== 409 && code !== 500 && code !== 429 && code !== 503) {
            console.error(`kubelet: status of pod ${e.namespace}/${e.name}: ${(err as Error).message}`);
            break;
          }
        }
      }
    } finally {
      e.writing = false;
      // a newer status arrived while writing: write again (a status that failed 5 times waits for the next change)
      if (e.wanted !== attempted && JSON.stringify(e.wanted) !== e.sent && this.entries.has(e.uid) && !this.closed) this.queue.push(e.uid);
      else for (const w of e.waiters.splice(0)) w();
    }
  }
}
