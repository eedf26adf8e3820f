/**
 * Runs the machine's real `kubectl` (a dispatcher that picks v1.27–v1.33 by the server's
 * reported minor version) against a test cluster, with the test's own HOME so the discovery cache
 * of one test never leaks into another.
 */
import { spawn, spawnSync } from 'node:child_process';

export interface KubectlResult { code: number | null; stdout: string; stderr: string }

export const KUBECTL = process.env.KUBECTL ?? 'kubectl';

export function kubectlAvailable(): boolean {
  return spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' }).status === 0;
}

export function kubectl(env: { kubeconfig: string; home: string }, args: string[], input?: string): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(KUBECTL, args, {
      env: { ...process.env, HOME: env.home, KUBECONFIG: env.kubeconfig },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => { stdout += c.toString(); });
    child.stderr.on('data', (c: Buffer) => { stderr += c.toString(); });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    // A command that does not read its input may exit before it is written: EPIPE then is no failure.
    child.stdin.on('error', () => {});
    child.stdin.end(input ?? '');
  });
}

/** Runs kubectl and fails with its stderr when it exits non-zero. */
export async function kubectlOk(env: { kubeconfig: string; home: string }, args: string[], input?: string): Promise<string> {
  const r = await kubectl(env, args, input);
  if (r.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
