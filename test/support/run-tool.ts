/** Runs a client binary (kubectl, helm) against a test cluster and collects what it printed. */
import { spawn } from 'node:child_process';

export interface RunResult { code: number | null; stdout: string; stderr: string }

/** Runs `bin` with the test cluster's kubeconfig and its own HOME, feeding `input` on stdin. */
export function runTool(bin: string, env: { kubeconfig: string; home: string }, args: string[], input?: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { env: { ...process.env, HOME: env.home, KUBECONFIG: env.kubeconfig } });
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
