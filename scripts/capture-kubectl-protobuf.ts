// Captures the protobuf request bodies real kubectl v1.32 sends, as test data for the codec in
// src/api/protobuf/. A throwaway HTTP stub on 127.0.0.1 answers /version and aggregated
// discovery (kubectl-surface.md §2, §6.6), records every POST body, and replies with a small
// JSON object; kubectl accepts JSON replies to protobuf requests.
//
// For each case it writes src/api/protobuf/testdata/<name>.pb (the body as sent) and, for the
// `create` generators, <name>.json: the same command's `--dry-run=client -o json` output, which
// is Go's encoding/json of the very object kubectl marshals to protobuf, so the test compares
// the decoder against Kubernetes' own JSON encoder. captures.json lists method, path and
// content type of each captured request.
//
// Usage: node --import tsx scripts/capture-kubectl-protobuf.ts [--kubectl <path>]
//   default kubectl: /usr/lib/google-cloud-sdk/bin/kubectl.1.32 (a real v1.32 binary).
// Offline: nothing leaves 127.0.0.1.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'src/api/protobuf/testdata');
const argIdx = process.argv.indexOf('--kubectl');
const KUBECTL = argIdx >= 0 ? process.argv[argIdx + 1] : '/usr/lib/google-cloud-sdk/bin/kubectl.1.32';

interface Case {
  name: string;
  args: string[];
  /** The reply to the POST (kubectl prints from it). */
  reply: Record<string, unknown>;
  /** Also record `--dry-run=client -o json` of the same command. */
  dryRun: boolean;
}

const meta = (name: string, namespace?: string) => ({ name, ...(namespace ? { namespace } : {}), uid: '00000000-0000-0000-0000-000000000001', resourceVersion: '1' });
const CASES: Case[] = [
  { name: 'deployment', args: ['create', 'deployment', 'hello', '--image=nginx:1.27', '--replicas=2', '--port=80'], dryRun: true,
    reply: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('hello', 'default') } },
  { name: 'deployment-zero-replicas', args: ['create', 'deployment', 'idle', '--image=busybox:1.36', '--replicas=0', '--', 'sleep', '3600'], dryRun: true,
    reply: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: meta('idle', 'default') } },
  { name: 'namespace', args: ['create', 'namespace', 'team-a'], dryRun: true,
    reply: { apiVersion: 'v1', kind: 'Namespace', metadata: meta('team-a') } },
  { name: 'configmap', args: ['create', 'configmap', 'cfg', '--from-literal=a=1', '--from-literal=greeting=héllo wörld'], dryRun: true,
    reply: { apiVersion: 'v1', kind: 'ConfigMap', metadata: meta('cfg', 'default') } },
  { name: 'secret', args: ['create', 'secret', 'generic', 'creds', '--from-literal=user=admin', '--from-literal=pass=s3cr3t!'], dryRun: true,
    reply: { apiVersion: 'v1', kind: 'Secret', metadata: meta('creds', 'default') } },
  { name: 'service', args: ['create', 'service', 'clusterip', 'web', '--tcp=80:8080', '--tcp=443:https'], dryRun: true,
    reply: { apiVersion: 'v1', kind: 'Service', metadata: meta('web', 'default') } },
  { name: 'job', args: ['create', 'job', 'once', '--image=busybox:1.36', '--', 'echo', 'hi'], dryRun: true,
    reply: { apiVersion: 'batch/v1', kind: 'Job', metadata: meta('once', 'default') } },
  { name: 'cronjob', args: ['create', 'cronjob', 'tick', '--image=busybox:1.36', '--schedule=*/5 * * * *', '--', 'date'], dryRun: true,
    reply: { apiVersion: 'batch/v1', kind: 'CronJob', metadata: meta('tick', 'default') } },
  { name: 'quota', args: ['create', 'quota', 'limits', '--hard=cpu=1500m,memory=2Gi,pods=10'], dryRun: true,
    reply: { apiVersion: 'v1', kind: 'ResourceQuota', metadata: meta('limits', 'default') } },
  { name: 'poddisruptionbudget', args: ['create', 'poddisruptionbudget', 'pdb', '--selector=app=web', '--min-available=50%'], dryRun: true,
    reply: { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: meta('pdb', 'default') } },
  { name: 'role', args: ['create', 'role', 'reader', '--verb=get,list,watch', '--resource=pods,deployments.apps'], dryRun: true,
    reply: { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: meta('reader', 'default') } },
  { name: 'hpa', args: ['autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=80'], dryRun: true,
    reply: { apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', metadata: meta('web', 'default') } },
  { name: 'selfsubjectaccessreview', args: ['auth', 'can-i', 'create', 'deployments'], dryRun: false,
    reply: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectAccessReview', metadata: {}, spec: {}, status: { allowed: true } } },
  { name: 'selfsubjectrulesreview', args: ['auth', 'can-i', '--list'], dryRun: false,
    reply: { apiVersion: 'authorization.k8s.io/v1', kind: 'SelfSubjectRulesReview', metadata: {}, spec: {},
      status: { resourceRules: [{ verbs: ['*'], apiGroups: ['*'], resources: ['*'] }], nonResourceRules: [], incomplete: false } } },
  { name: 'selfsubjectreview', args: ['auth', 'whoami'], dryRun: false,
    reply: { apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview', metadata: {},
      status: { userInfo: { username: 'kubernetes-admin', groups: ['system:masters', 'system:authenticated'] } } } },
];

// ---- the stub: version, aggregated discovery, per-group resource lists, one GET, recorded POSTs ----

const ALL = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];
type Res = [resource: string, kind: string, singular: string, namespaced: boolean, verbs?: string[], shortNames?: string[]];
const GROUPS: Record<string, Record<string, Res[]>> = {
  '': { v1: [['namespaces', 'Namespace', 'namespace', false, undefined, ['ns']], ['configmaps', 'ConfigMap', 'configmap', true, undefined, ['cm']],
    ['secrets', 'Secret', 'secret', true], ['services', 'Service', 'service', true, undefined, ['svc']], ['pods', 'Pod', 'pod', true, undefined, ['po']],
    ['resourcequotas', 'ResourceQuota', 'resourcequota', true, undefined, ['quota']], ['serviceaccounts', 'ServiceAccount', 'serviceaccount', true, undefined, ['sa']]] },
  apps: { v1: [['deployments', 'Deployment', 'deployment', true, undefined, ['deploy']], ['replicasets', 'ReplicaSet', 'replicaset', true, undefined, ['rs']]] },
  autoscaling: { v2: [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'horizontalpodautoscaler', true, undefined, ['hpa']]],
    v1: [['horizontalpodautoscalers', 'HorizontalPodAutoscaler', 'horizontalpodautoscaler', true, undefined, ['hpa']]] },
  batch: { v1: [['jobs', 'Job', 'job', true], ['cronjobs', 'CronJob', 'cronjob', true, undefined, ['cj']]] },
  policy: { v1: [['poddisruptionbudgets', 'PodDisruptionBudget', 'poddisruptionbudget', true, undefined, ['pdb']]] },
  'rbac.authorization.k8s.io': { v1: [['roles', 'Role', 'role', true], ['rolebindings', 'RoleBinding', 'rolebinding', true],
    ['clusterroles', 'ClusterRole', 'clusterrole', false], ['clusterrolebindings', 'ClusterRoleBinding', 'clusterrolebinding', false]] },
  'authorization.k8s.io': { v1: [['selfsubjectaccessreviews', 'SelfSubjectAccessReview', '', false, ['create']],
    ['selfsubjectrulesreviews', 'SelfSubjectRulesReview', '', true, ['create']]] },
  'authentication.k8s.io': { v1: [['selfsubjectreviews', 'SelfSubjectReview', '', false, ['create']]] },
};

function aggregated(groups: string[]): unknown {
  return {
    kind: 'APIGroupDiscoveryList', apiVersion: 'apidiscovery.k8s.io/v2', metadata: {},
    items: groups.map((g) => ({
      metadata: g === '' ? { creationTimestamp: null } : { name: g, creationTimestamp: null },
      versions: Object.entries(GROUPS[g]).map(([version, resources]) => ({
        version, freshness: 'Current',
        resources: resources.map(([resource, kind, singular, namespaced, verbs, shortNames]) => ({
          resource, responseKind: { group: g, version, kind }, scope: namespaced ? 'Namespaced' : 'Cluster',
          singularResource: singular, verbs: verbs ?? ALL, ...(shortNames ? { shortNames } : {}),
          // `autoscale` looks for the scale subresource of its target.
          ...(resource === 'deployments' ? { subresources: [{ subresource: 'scale', responseKind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: ['get', 'patch', 'update'] }] } : {}),
        })),
      })),
    })),
  };
}

function resourceList(group: string, version: string): unknown {
  return {
    kind: 'APIResourceList', apiVersion: 'v1', groupVersion: group ? `${group}/${version}` : version,
    resources: (GROUPS[group]?.[version] ?? []).flatMap(([name, kind, singularName, namespaced, verbs, shortNames]) => [
      { name, singularName, namespaced, kind, verbs: verbs ?? ALL, ...(shortNames ? { shortNames } : {}) },
      ...(name === 'deployments' ? [{ name: 'deployments/scale', singularName: '', namespaced, group: 'autoscaling', version: 'v1', kind: 'Scale', verbs: ['get', 'patch', 'update'] }] : []),
    ]),
  };
}

interface Captured { method: string; path: string; contentType: string; accept: string; body: Buffer }

function serve(captured: Captured[], reply: () => Record<string, unknown>) {
  return (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://stub');
      const send = (code: number, body: unknown, type = 'application/json') => {
        res.writeHead(code, { 'Content-Type': type });
        res.end(JSON.stringify(body));
      };
      const p = url.pathname;
      if (req.method === 'POST') {
        captured.push({ method: 'POST', path: p, contentType: req.headers['content-type'] ?? '', accept: req.headers.accept ?? '', body: Buffer.concat(chunks) });
        return send(201, reply());
      }
      if (p === '/version') {
        return send(200, { major: '1', minor: '32', gitVersion: 'v1.32.9-capture', gitCommit: '0', gitTreeState: 'clean',
          buildDate: '2025-01-01T00:00:00Z', goVersion: 'go1.23', compiler: 'gc', platform: 'linux/amd64' });
      }
      const aggregatedType = 'application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList';
      if (p === '/api') return send(200, aggregated(['']), aggregatedType);
      if (p === '/apis') return send(200, aggregated(Object.keys(GROUPS).filter((g) => g !== '')), aggregatedType);
      const gv = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(p);
      if (gv) return send(200, gv[1] ? resourceList('', 'v1') : resourceList(gv[2], gv[3]));
      if (p === '/apis/apps/v1/namespaces/default/deployments/web') {
        return send(200, { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { ...meta('web', 'default'), labels: { app: 'web' } },
          spec: { replicas: 1, selector: { matchLabels: { app: 'web' } },
            template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } }, status: {} });
      }
      return send(404, { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: `${p} not found`, reason: 'NotFound', code: 404 });
    });
  };
}

function kubectl(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(KUBECTL, args, { env, timeout: 60_000 }, (err, stdout, stderr) => {
      done({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function main(): Promise<void> {
  const captured: Captured[] = [];
  let current: Case = CASES[0];
  const server = createServer(serve(captured, () => current.reply));
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const port = (server.address() as AddressInfo).port;
  const home = mkdtempSync(join(tmpdir(), 'capture-kubectl-'));
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, KUBECONFIG: join(home, 'none') };
  const common = [`--server=http://127.0.0.1:${port}`, `--cache-dir=${join(home, 'cache')}`, '--namespace=default'];
  const index: Record<string, unknown>[] = [];
  let failed = false;
  try {
    for (const c of CASES) {
      current = c;
      captured.length = 0;
      const run = await kubectl([...common, ...c.args], env);
      const post = captured.find((x) => x.method === 'POST');
      if (run.code !== 0 || !post) {
        console.error(`${c.name}: kubectl exit ${run.code}, ${post ? 'POST captured' : 'no POST'}\n${run.stderr}`);
        failed = true;
        continue;
      }
      writeFileSync(join(OUT, `${c.name}.pb`), post.body);
      const entry: Record<string, unknown> = { name: c.name, command: `kubectl ${c.args.join(' ')}`, method: post.method, path: post.path, contentType: post.contentType, accept: post.accept };
      if (c.dryRun) {
        // The dry run sends nothing (autoscale still GETs its target); the container command after `--` stays last.
        const sep = c.args.indexOf('--');
        const args = sep < 0 ? [...c.args, '--dry-run=client', '-o', 'json'] : [...c.args.slice(0, sep), '--dry-run=client', '-o', 'json', ...c.args.slice(sep)];
        const dry = await kubectl([...common, ...args], env);
        if (dry.code !== 0) { console.error(`${c.name} dry run: exit ${dry.code}\n${dry.stderr}`); failed = true; continue; }
        writeFileSync(join(OUT, `${c.name}.json`), `${JSON.stringify(JSON.parse(dry.stdout), null, 2)}\n`);
        entry.json = `${c.name}.json`;
      }
      index.push(entry);
      console.log(`${c.name}: ${post.body.length} bytes ${post.contentType} → ${post.path}`);
    }
    const version = await kubectl(['version', '--client', '-o', 'json'], env);
    const client = (JSON.parse(version.stdout) as { clientVersion: { gitVersion: string } }).clientVersion.gitVersion;
    writeFileSync(join(OUT, 'captures.json'), `${JSON.stringify({ kubectl: client, captures: index }, null, 2)}\n`);
  } finally {
    server.close();
    rmSync(home, { recursive: true, force: true });
  }
  if (failed) process.exit(1);
}

await main();
