/** What a pod worker keeps about one of its containers between syncs. */
import type { ContainerStatus } from './runtime/container-runtime.ts';

export interface ContainerRecord {
  /** The current instance (the runtime's status at the last sync). */
  current?: ContainerStatus;
  /** The instance before it, kept for lastState (kubelet keeps one dead container per name). */
  previous?: ContainerStatus;
  restartCount: number;
  /** kubelet's reason cache: why the container is waiting. */
  waiting?: { reason: string; message?: string };
  image?: string;
  imageRef?: string;
}
