/**
 * What every kube-controller-manager style controller factory takes: the client it writes with,
 * the shared informers it reads from, injected time and identity, and optionally the recorder its
 * Events go through (by default one with the controller's kube component name).
 */
import type { Client } from '../../client/client.ts';
import { EventRecorder } from '../../controller/event-recorder.ts';
import type { InformerFactory } from '../../controller/informer-factory.ts';
import type { Clock } from '../../util/clock.ts';
import type { IdSource } from '../../util/ids.ts';

export interface ControllerDeps {
  readonly client: Client;
  readonly informers: InformerFactory;
  readonly clock: Clock;
  readonly ids: IdSource;
  /** @default a recorder whose source component is the controller's kube name ("deployment-controller"…) */
  readonly recorder?: EventRecorder;
  /** Concurrent reconciles. @default 5, kube-controller-manager's --concurrent-*-syncs */
  readonly workers?: number;
}

/** The given recorder, or a new one reporting as `component`. */
export function recorderFor(deps: ControllerDeps, component: string): EventRecorder {
  return deps.recorder ?? new EventRecorder({ client: deps.client, clock: deps.clock, ids: deps.ids, component });
}
