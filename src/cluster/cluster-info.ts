/**
 * The small record `ekslite up` leaves in a cluster's data dir so that `ekslite kubeconfig` and
 * `ekslite status` can find the running cluster: its name, endpoint and the pid serving it.
 */
import { readFile, writeFile, rm } from 'node:fs/promises';
import { join } from 'node:path';

export interface ClusterInfo {
  readonly name: string;
  readonly url: string;
  readonly pid: number;
  readonly startedAt: string;
}

export const CLUSTER_INFO_FILE = 'cluster.json';

export async function writeClusterInfo(dataDir: string, info: ClusterInfo): Promise<void> {
  await writeFile(join(dataDir, CLUSTER_INFO_FILE), `${JSON.stringify(info, null, 2)}\n`, { mode: 0o600 });
}

export async function readClusterInfo(dataDir: string): Promise<ClusterInfo | undefined> {
  try {
    return JSON.parse(await readFile(join(dataDir, CLUSTER_INFO_FILE), 'utf8')) as ClusterInfo;
  } catch {
    return undefined;
  }
}

export async function removeClusterInfo(dataDir: string): Promise<void> {
  await rm(join(dataDir, CLUSTER_INFO_FILE), { force: true });
}

/** The default data dir of cluster `name`: `$EKSLITE_HOME/<name>` or `~/.ekslite/<name>`. */
export function defaultDataDir(name: string, env: NodeJS.ProcessEnv, home: string): string {
  return join(env.EKSLITE_HOME || join(home, '.ekslite'), name);
}
