/**
 * The `ekslite` command line: the composition root. Only this layer reads argv, the environment
 * and files; everything below receives resolved options.
 */
import { Command } from 'commander';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:https';
import { defaultDataDir, readClusterInfo, removeClusterInfo, writeClusterInfo } from '../cluster/cluster-info.ts';
import { startCluster } from '../cluster/cluster.ts';
import { renderKubeconfig, resolveKubeconfigPath, writeKubeconfigContext } from '../cluster/kubeconfig.ts';
import { PKI_FILES } from '../auth/pki.ts';

const program = new Command();
program.name('ekslite').description('Amazon EKS on one machine').version('0.1.0');

interface ClusterFlags { name: string; dataDir?: string }
const dataDirOf = (o: ClusterFlags) => o.dataDir ?? defaultDataDir(o.name, process.env, homedir());

program.command('up')
  .description('start a cluster in the foreground and write its kubeconfig context')
  .option('--name <name>', 'cluster name', 'default')
  .option('--data-dir <dir>', 'where the cluster keeps its state (default ~/.ekslite/<name>)')
  .option('--port <port>', 'API server port (0 picks a free one)', '6443')
  .option('--storage <url>', 'storage URL: sqlite:<file> (default), memory:, etcd://host:port')
  .option('--kubeconfig <file>', 'kubeconfig to write (default $KUBECONFIG, else ~/.kube/config)')
  .option('--nodes <n>', 'number of nodes', '2')
  .option('--instance-type <type>', 'EC2 instance type of the nodes', 't3.medium')
  .option('--runtime <runtime>', 'container runtime of the nodes: process or simulated', 'process')
  .option('--no-controllers', 'serve the API only: no controllers, scheduler or nodes')
  .action(async (o: ClusterFlags & { port: string; storage?: string; kubeconfig?: string; nodes: string; instanceType: string; runtime: string; controllers: boolean }) => {
    const t0 = performance.now();
    const port = Number(o.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`invalid --port ${o.port}`);
    const dataDir = dataDirOf(o);
    // --no-controllers serves the API alone: no nodes either (nothing would schedule onto them).
    const count = o.controllers ? Number(o.nodes) : 0;
    if (!Number.isInteger(count) || count < 0) throw new Error(`invalid --nodes ${o.nodes}`);
    if (o.runtime !== 'process' && o.runtime !== 'simulated') throw new Error(`invalid --runtime ${o.runtime}: process or simulated`);
    const cp = await startCluster({
      name: o.name, dataDir, port, storage: o.storage,
      nodes: { count, instanceType: o.instanceType, runtime: o.runtime },
      controllers: o.controllers,
    });
    const contextName = `ekslite-${o.name}`;
    const kubeconfig = resolveKubeconfigPath(o.kubeconfig);
    await writeKubeconfigContext(kubeconfig, {
      contextName, clusterName: contextName, server: cp.url, caPem: cp.pki.ca.certPem,
      user: { clientCertPem: cp.pki.admin.certPem, clientKeyPem: cp.pki.admin.keyPem },
    });
    await writeClusterInfo(dataDir, { name: o.name, url: cp.url, pid: process.pid, startedAt: new Date().toISOString() });
    const ms = Math.round(performance.now() - t0);
    process.stdout.write(
      `ekslite: cluster "${o.name}" is up at ${cp.url} (${ms} ms)\n`
      + `  data:       ${dataDir}\n`
      + `  kubeconfig: ${kubeconfig} (context ${contextName})\n`
      + `  try:        kubectl --context ${contextName} get namespaces\n`,
    );
    let stopping = false;
    const shutdown = (signal: string) => {
      if (stopping) return;
      stopping = true;
      process.stdout.write(`ekslite: ${signal}, stopping cluster "${o.name}"\n`);
      void cp.stop().then(() => removeClusterInfo(dataDir)).then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
    };
    process.on('SIGINT', () => shutdown('SIGINT'));
    process.on('SIGTERM', () => shutdown('SIGTERM'));
  });

program.command('kubeconfig')
  .description("print the cluster's admin kubeconfig")
  .option('--name <name>', 'cluster name', 'default')
  .option('--data-dir <dir>', 'the cluster data dir')
  .action(async (o: ClusterFlags) => {
    const dataDir = dataDirOf(o);
    const info = await readClusterInfo(dataDir);
    if (!info) throw new Error(`cluster "${o.name}" is not running (no ${join(dataDir, 'cluster.json')}); start it with: ekslite up --name ${o.name}`);
    const pki = join(dataDir, 'pki');
    const [ca, cert, key] = await Promise.all([PKI_FILES.caCert, PKI_FILES.adminCert, PKI_FILES.adminKey].map((f) => readFile(join(pki, f), 'utf8')));
    process.stdout.write(renderKubeconfig({
      contextName: `ekslite-${o.name}`, clusterName: `ekslite-${o.name}`, server: info.url, caPem: ca,
      user: { clientCertPem: cert, clientKeyPem: key },
    }));
  });

program.command('status')
  .description('tell whether the cluster is running and ready')
  .option('--name <name>', 'cluster name', 'default')
  .option('--data-dir <dir>', 'the cluster data dir')
  .action(async (o: ClusterFlags) => {
    const dataDir = dataDirOf(o);
    const info = await readClusterInfo(dataDir);
    if (!info) { process.stdout.write(`cluster "${o.name}": stopped\n`); process.exitCode = 3; return; }
    const ca = await readFile(join(dataDir, 'pki', PKI_FILES.caCert), 'utf8').catch(() => undefined);
    const ready = await new Promise<string>((resolve) => {
      const req = request(`${info.url}/readyz`, { ca, timeout: 2000 }, (res) => {
        let body = '';
        res.on('data', (c: Buffer) => { body += c.toString(); });
        res.on('end', () => resolve(res.statusCode === 200 ? 'ready' : `not ready (${res.statusCode}: ${body.trim()})`));
      });
      req.on('error', (e) => resolve(`unreachable (${e.message})`));
      req.on('timeout', () => { req.destroy(); resolve('unreachable (timeout)'); });
      req.end();
    });
    process.stdout.write(`cluster "${info.name}": ${ready}\n  endpoint: ${info.url}\n  pid:      ${info.pid}\n  since:    ${info.startedAt}\n`);
    if (ready !== 'ready') process.exitCode = 1;
  });

program.parseAsync(process.argv).catch((e: unknown) => {
  process.stderr.write(`ekslite: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
