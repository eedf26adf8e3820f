/**
 * Records core/v1 Events about objects, as client-go's EventRecorder with kube-controller-manager's
 * aggregation: a repeat of the same (object, reason, message) within the series bumps `count` and
 * `lastTimestamp` of one Event instead of creating another. Failures to record are logged, never
 * thrown: events are best-effort.
 */
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { type Clock, rfc3339 } from '../util/clock.ts';
import type { IdSource } from '../util/ids.ts';

const EVENTS = { group: '', version: 'v1', resource: 'events' };

export interface EventRecorderOptions {
  readonly client: Client;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** e.g. "deployment-controller", "default-scheduler", "kubelet". */
  readonly component: string;
  /** The node a kubelet reports from. */
  readonly host?: string;
}

export class EventRecorder {
  private readonly seen = new Map<string, { name: string; namespace: string; count: number }>();
  constructor(private readonly options: EventRecorderOptions) {}

  /** type: "Normal" | "Warning"; reason: CamelCase; message: a sentence. */
  event(obj: KubeObject, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string): void {
    void this.record(obj, type, reason, message, fieldPath).catch((e: Error) => {
      console.error(`event ${reason} for ${obj.kind}/${obj.metadata.name}: ${e.message}`);
    });
  }

  private async record(obj: KubeObject, type: string, reason: string, message: string, fieldPath?: string): Promise<void> {
    const namespace = obj.metadata.namespace || 'default';
    const now = rfc3339(this.options.clock.now());
    const key = `${obj.metadata.uid}|${reason}|${message}|${fieldPath ?? ''}`;
    const events = this.options.client.resource(EVENTS).namespace(namespace);
    const prior = this.seen.get(key);
    if (prior) {
      prior.count++;
      try {
        await events.patch(prior.name, { count: prior.count, lastTimestamp: now }, { type: 'merge' });
        return;
      } catch {
        this.seen.delete(key); // the event expired or was deleted: create a new one
      }
    }
    const name = `${obj.metadata.name}.${this.options.ids.suffix(10)}`;
    const involvedObject: Record<string, unknown> = {
      kind: obj.kind, namespace: obj.metadata.namespace, name: obj.metadata.name, uid: obj.metadata.uid,
      apiVersion: obj.apiVersion, resourceVersion: obj.metadata.resourceVersion,
    };
    if (fieldPath) involvedObject.fieldPath = fieldPath;
    const source: Record<string, string> = { component: this.options.component };
    if (this.options.host) source.host = this.options.host;
    await events.create({
      apiVersion: 'v1', kind: 'Event',
      metadata: { name, namespace },
      involvedObject, reason, message, type, source,
      firstTimestamp: now, lastTimestamp: now, count: 1,
      reportingComponent: this.options.component, reportingInstance: this.options.host ?? '',
    } as KubeObject);
    this.seen.set(key, { name, namespace, count: 1 });
    if (this.seen.size > 4096) this.seen.delete(this.seen.keys().next().value!);
  }
}
