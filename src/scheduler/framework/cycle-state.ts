/**
 * Data plugins share within one scheduling cycle of one pod, after kube-scheduler's CycleState
 * (cycle_state.go): PreFilter/PreScore write precomputed state under their own key, Filter/Score
 * read it. Preemption clones the state for every candidate node, so data that changes through
 * PreFilter extensions (AddPod/RemovePod) must clone deeply; read-only data may return itself.
 */
import type { FilterPlugin } from './interface.ts';

export interface StateData {
  clone(): StateData;
}

export class CycleState {
  private readonly data = new Map<string, StateData>();
  /** Plugins whose PreFilter returned Skip: their Filter is not run this cycle. */
  readonly skipFilterPlugins = new Set<string>();
  /** Plugins whose PreScore returned Skip: their Score is not run this cycle. */
  readonly skipScorePlugins = new Set<string>();
  /** The Filter plugins this cycle runs, set by the framework after PreFilter. */
  filterPlugins: readonly FilterPlugin[] | undefined = undefined;

  write(key: string, value: StateData): void { this.data.set(key, value); }

  read<T extends StateData>(key: string): T | undefined { return this.data.get(key) as T | undefined; }

  delete(key: string): void { this.data.delete(key); }

  clone(): CycleState {
    const c = new CycleState();
    for (const [k, v] of this.data) c.data.set(k, v.clone());
    for (const p of this.skipFilterPlugins) c.skipFilterPlugins.add(p);
    for (const p of this.skipScorePlugins) c.skipScorePlugins.add(p);
    c.filterPlugins = this.filterPlugins;
    return c;
  }
}

/** StateData that is never changed after it is written: clone returns it. */
export class ImmutableState<T> implements StateData {
  constructor(readonly value: T) {}
  clone(): StateData { return this; }
}
