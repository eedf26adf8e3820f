/**
 * The simulated runtime's pod lifecycle as data (after KWOK's default pod stages,
 * kustomize/stage/pod/fast): a pod bound to a simulated node is made Running and Ready with no
 * process (pod-ready), a Job's pod then succeeds (pod-complete), and a deleted pod is removed at
 * once (pod-delete). Statuses are shaped as the kubelet's (pod-status.ts) so kubectl shows the
 * same columns. Golden tests: testdata/*.
 */
import type { Json, Selector } from './stage-template.ts';

export interface Stage {
  readonly name: string;
  readonly selector: Selector;
  /** How long after the pod matched the stage applies. @default no delay */
  readonly delay?: { readonly durationMs: number; readonly jitterDurationMs?: number };
  readonly next: {
    /** Template of the new status (merged over the pod's status). */
    readonly status?: Json;
    /** Delete the pod (gracePeriodSeconds 0) and release its address. */
    readonly delete?: boolean;
    readonly event?: { readonly type: 'Normal' | 'Warning'; readonly reason: string; readonly message: string };
  };
}

const cond = (type: string, status: string, extra: Record<string, Json> = {}): Json => ({ type, status, lastProbeTime: null, lastTransitionTime: '{{Now}}', ...extra });

const containerStatus = (state: Json, ready: boolean): Json => ({
  name: '{{.name}}', image: '{{.image}}', imageID: '', containerID: 'ekslite-simulated://{{.name}}',
  ready, started: ready, restartCount: 0, state, lastState: {},
});

export const POD_READY: Stage = {
  name: 'pod-ready',
  selector: { matchExpressions: [{ key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' }, { key: '.status.podIP', operator: 'DoesNotExist' }] },
  next: {
    status: {
      phase: 'Running',
      hostIP: '{{NodeIP}}', hostIPs: [{ ip: '{{NodeIP}}' }],
      podIP: '{{PodIP}}', podIPs: [{ ip: '{{PodIP}}' }],
      startTime: '{{Now}}',
      conditions: [cond('PodReadyToStartContainers', 'True'), cond('Initialized', 'True'), cond('Ready', 'True'), cond('ContainersReady', 'True'), cond('PodScheduled', 'True')],
      initContainerStatuses: {
        $if: '.spec.initContainers',
        $then: [{ $forEach: '.spec.initContainers', $item: containerStatus({ terminated: { exitCode: 0, reason: 'Completed', startedAt: '{{Now}}', finishedAt: '{{Now}}', containerID: 'ekslite-simulated://{{.name}}' } }, true) }],
      },
      containerStatuses: [{ $forEach: '.spec.containers', $item: containerStatus({ running: { startedAt: '{{Now}}' } }, true) }],
    },
  },
};

export const POD_COMPLETE: Stage = {
  name: 'pod-complete',
  selector: {
    matchExpressions: [
      { key: '.metadata.deletionTimestamp', operator: 'DoesNotExist' },
      { key: '.status.phase', operator: 'In', values: ['Running'] },
      { key: '.metadata.ownerReferences.[].kind', operator: 'In', values: ['Job'] },
    ],
  },
  next: {
    status: {
      phase: 'Succeeded',
      conditions: [
        cond('PodReadyToStartContainers', 'False'), cond('Initialized', 'True', { reason: 'PodCompleted' }),
        cond('Ready', 'False', { reason: 'PodCompleted' }), cond('ContainersReady', 'False', { reason: 'PodCompleted' }), cond('PodScheduled', 'True'),
      ],
      containerStatuses: [{
        $forEach: '.spec.containers',
        $item: containerStatus({ terminated: { exitCode: 0, reason: 'Completed', startedAt: '{{$.status.startTime}}', finishedAt: '{{Now}}', containerID: 'ekslite-simulated://{{.name}}' } }, false),
      }],
    },
  },
};

export const POD_DELETE: Stage = {
  name: 'pod-delete',
  selector: { matchExpressions: [{ key: '.metadata.deletionTimestamp', operator: 'Exists' }] },
  next: { delete: true },
};

export const DEFAULT_POD_STAGES: readonly Stage[] = [POD_DELETE, POD_READY, POD_COMPLETE];
