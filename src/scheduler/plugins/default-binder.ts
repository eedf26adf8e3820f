/**
 * DefaultBinder (plugins/defaultbinder): binds through the API, POST pods/{name}/binding with a
 * v1 Binding targeting the node.
 */
import type { BindPlugin, Handle } from '../framework/interface.ts';
import type { CycleState } from '../framework/cycle-state.ts';
import type { PodInfo } from '../framework/pod-info.ts';
import { SUCCESS, type Status, asStatus } from '../framework/status.ts';

export const DEFAULT_BINDER = 'DefaultBinder';

export class DefaultBinder implements BindPlugin {
  readonly name = DEFAULT_BINDER;
  constructor(private readonly handle: Handle) {}

  async bind(_state: CycleState, pod: PodInfo, nodeName: string): Promise<Status> {
    try {
      await this.handle.writer.bind(pod.pod, nodeName);
      return SUCCESS;
    } catch (e) {
      return asStatus(e);
    }
  }
}
