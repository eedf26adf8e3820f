/**
 * An in-process control plane for integration tests: the real API server chain and registry on
 * memory storage, a free port, a temp dir; `client()` talks to it without a socket.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startControlPlane, type ControlPlane, type ControlPlaneOptions } from '../../src/cluster/control-plane.ts';

export interface TestCluster extends ControlPlane {
  readonly dir: string;
  /** Stops the cluster and removes its temp dir. */
  close(): Promise<void>;
}

export async function startTestCluster(options: Partial<ControlPlaneOptions> = {}): Promise<TestCluster> {
  const dir = await mkdtemp(join(tmpdir(), 'ekslite-it-'));
  const cp = await startControlPlane({ dataDir: dir, port: 0, storage: 'memory:', ...options });
  return Object.assign(Object.create(cp) as ControlPlane, cp, {
    dir,
    async close() { await cp.stop(); await rm(dir, { recursive: true, force: true }); },
  });
}
