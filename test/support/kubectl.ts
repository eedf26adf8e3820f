/**
 * Runs the machine's real `kubectl` (a dispatcher that picks v1.27–v1.33 by the server's
 * reported minor version) against a test cluster, with the test's own HOME so the discovery cache
 * of one test never leaks into another.
 */
import { spawnSync } from 'node:child_process';
import { runTool, type RunResult } from './run-tool.ts';

export type KubectlResult = RunResult;

export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

export function kubectlAvailable(): boolean {
  return spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

export function kubectl(env: { kubeconfig: string; home: string }, args: string[], input?: string): Promise<KubectlResult> {
  return runTool(KUBECTL, env, args, input);
}

/** Runs kubectl and fails with its stderr when it exits non-zero. */
export async function kubectlOk(env: { kubeconfig: string; home: string }, args: string[], input?: string): Promise<string> {
  const r = await kubectl(env, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
