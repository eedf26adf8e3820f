/** A probe's outcome and the text kubelet puts in its Unhealthy events (pkg/probe). */
export type ProbeOutcome = 'success' | 'failure' | 'unknown';

export interface ProbeResult {
  readonly result: ProbeOutcome;
  readonly output: string;
}

export const success = (output = ''): ProbeResult => ({ result: 'success', output });
export const failure = (output: string): ProbeResult => ({ result: 'failure', output });

/** kubelet's user agent for probes: `kube-probe/<major>.<minor>`. */
export const PROBE_USER_AGENT = 'kube-probe/1.32';
