/**
 * The real kubectl v1.32 against the OpenAPI documents (kubectl-surface.md §4): a bare node:http
 * server answers /version, aggregated discovery, /openapi/* and the few object requests the
 * commands make, and records every request. Skipped when kubectl v1.32 is not on the machine.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { type IncomingMessage, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { builtinResources } from '../api/builtin-resources.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { schemaForKind } from '../api/schema.ts';
import { StatusError, notFound } from '../api/status.ts';
import { fieldValidationErrors } from '../api/validation/field-validation.ts';
import { AGGREGATED_V2, aggregatedDiscovery, groupResources } from './discovery.ts';
import { buildOpenApiV3 } from './openapi.ts';

/** The v1.32 binary itself, else `kubectl` on PATH (the gcloud dispatcher runs v1.32 for a server reporting minor 32). */
const KUBECTL = ['/usr/lib/google-cloud-sdk/bin/kubectl.1.32', ...(process.env.PATH ?? '').split(delimiter).filter(Boolean).map((d) => join(d, 'kubectl'))]
  .find((p) => existsSync(p));

const WIDGETS: ResourceInfo = {
  group: 'example.com', version: 'v1', resource: 'widgets', singular: 'widget', kind: 'Widget', listKind: 'WidgetList',
  namespaced: true, verbs: ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'], shortNames: [], categories: [],
  subresources: [], storageVersion: 'example.com/v1',
};
const resources = [...builtinResources(), WIDGETS];
const openapi = buildOpenApiV3(resources, {
  customSchemas: [{
    group: 'example.com', version: 'v1', kind: 'Widget', listKind: 'WidgetList',
    openAPIV3Schema: { type: 'object', properties: { spec: { type: 'object', properties: { size: { type: 'integer' } } } } },
  }],
});

interface Recorded { method: string; path: string; query: URLSearchParams; contentType: string; body: string }
const requests: Recorded[] = [];
/** Live objects by item path; kubectl reads them before computing a patch. */
const live = new Map<string, object>();

function lastApplied(obj: object): object {
  return { ...obj, metadata: { ...(obj as { metadata: object }).metadata, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': `${JSON.stringify(obj)}\n` } } };
}

const DEPLOYMENT = {
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'default' },
  spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27' }] } } },
};
const WIDGET = { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w1', namespace: 'default' }, spec: { size: 1 } };

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://localhost');
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  const body = Buffer.concat(chunks).toString('utf8');
  requests.push({ method: req.method ?? '', path: url.pathname, query: url.searchParams, contentType: req.headers['content-type'] ?? '', body });
  const path = url.pathname;
  try {
    if (path === '/version') return send(res, 200, { major: '1', minor: '32', gitVersion: 'v1.32.0-ekslite-test', platform: 'linux/amd64' });
    if (path === '/api' || path === '/apis') {
      const groups = groupResources(resources).filter((g) => (g.group === '') === (path === '/api'));
      return send(res, 200, aggregatedDiscovery(groups, 'v2'), { 'content-type': AGGREGATED_V2 });
    }
    if (path.startsWith('/openapi/')) {
      const reply = openapi.respond(path, { accept: req.headers.accept, hash: url.searchParams.get('hash') });
      return send(res, reply.status, reply.body, { ...reply.headers });
    }
    const m = /^\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))\/namespaces\/([^/]+)\/([^/]+)(?:\/([^/]+))?$/.exec(path);
    const resource = m && resources.find((r) => r.group === (m[2] ?? '') && r.version === (m[1] ?? m[3]) && r.resource === m[5]);
    if (!m || !resource) throw notFound({ group: '', resource: '' }, path);
    if (req.method === 'GET' && m[6]) {
      const obj = live.get(path);
      return obj ? send(res, 200, obj) : send(res, 404, notFound({ group: resource.group, resource: resource.resource }, m[6]).status);
    }
    if (req.method === 'POST' && !m[6]) {
      const gvk = { group: resource.group, version: resource.version, kind: resource.kind };
      const schema = schemaForKind(gvk);
      const mode = (url.searchParams.get('fieldValidation') ?? 'Warn') as 'Strict' | 'Warn' | 'Ignore';
      const outcome = schema ? fieldValidationErrors(JSON.parse(body), { rawBody: body, contentType: req.headers['content-type'], schema, mode, gvk }) : undefined;
      if (outcome?.error) return send(res, 400, outcome.error.status);
      const warnings = (outcome?.warnings ?? []).map((w) => `299 - ${JSON.stringify(w)}`);
      return send(res, 201, outcome?.object ?? JSON.parse(body), warnings.length ? { warning: warnings.join(', ') } : {});
    }
    if (req.method === 'PATCH' && m[6]) return send(res, 200, live.get(path) ?? {});
    throw notFound({ group: '', resource: '' }, path);
  } catch (err) {
    if (err instanceof StatusError) return send(res, err.code, err.status);
    throw err;
  }
}

let server: ReturnType<typeof createServer>;
let port = 0;
let home = '';

before(async () => {
  server = createServer((req, res) => { handle(req, res).catch((e: unknown) => send(res, 500, String(e))); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
  home = mkdtempSync(join(tmpdir(), 'ekslite-kubectl-'));
});

after(() => {
  server?.close();
  if (home) rmSync(home, { recursive: true, force: true });
});

interface Run { code: number; stdout: string; stderr: string }

function kubectl(...args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(KUBECTL as string, [`--server=http://127.0.0.1:${port}`, ...args], { env: { PATH: process.env.PATH, HOME: home }, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr });
    });
  });
}

function manifest(name: string, obj: object): string {
  const file = join(home, name);
  writeFileSync(file, JSON.stringify(obj));
  return file;
}

const skip = KUBECTL === undefined && 'kubectl is not installed';

test('kubectl explain prints the field list of a built-in kind from the v3 schemas', { skip }, async () => {
  const strategy = await kubectl('explain', 'deployment.spec.strategy');
  assert.equal(strategy.code, 0, strategy.stderr);
  assert.match(strategy.stdout, /GROUP:\s+apps/);
  assert.match(strategy.stdout, /FIELD: strategy <DeploymentStrategy>/);
  assert.match(strategy.stdout, /FIELDS:\n\s+rollingUpdate\s+<RollingUpdateDeployment>\n[\s\S]*\n\s+type\s+<string>/);
  const containers = await kubectl('explain', 'pod.spec.containers');
  assert.equal(containers.code, 0, containers.stderr);
  assert.match(containers.stdout, /FIELD: containers <\[\]Container>/);
  assert.match(containers.stdout, /\n {2}image\s+<string>/);
  assert.match(containers.stdout, /\n {2}name\s+<string> -required-/);
  assert.match(containers.stdout, /\n {2}ports\s+<\[\]ContainerPort>/);
});

test('apply --dry-run=client and create --validate=strict accept the documents', { skip }, async () => {
  const file = manifest('deploy.json', DEPLOYMENT);
  const applied = await kubectl('apply', '--dry-run=client', '-f', file, '-o', 'yaml');
  assert.equal(applied.code, 0, applied.stderr);
  assert.match(applied.stdout, /kind: Deployment/);
  assert.equal(applied.stderr, '');
  const created = await kubectl('create', '--dry-run=client', '--validate=strict', '-f', file, '-o', 'name');
  assert.equal(created.code, 0, created.stderr);
  assert.equal(created.stdout.trim(), 'deployment.apps/web');
  assert.ok(!requests.some((r) => r.path === '/openapi/v2'), 'kubectl never fell back to /openapi/v2');
});

test('with fieldValidation on the PATCH operation, kubectl leaves a typo to the server', { skip }, async () => {
  const typo = structuredClone(DEPLOYMENT) as typeof DEPLOYMENT & { spec: { template: { spec: { containers: Record<string, unknown>[] } } } };
  typo.spec.template.spec.containers[0].imagePullPolcy = 'Always';
  const file = manifest('typo.json', typo);
  const client = await kubectl('create', '--dry-run=client', '--validate=strict', '-f', file, '-o', 'yaml');
  assert.equal(client.code, 0, client.stderr);
  assert.match(client.stdout, /imagePullPolcy: Always/, 'no client-side validation');
  const server = await kubectl('create', '--dry-run=server', '--validate=strict', '-f', file);
  assert.notEqual(server.code, 0);
  assert.match(server.stderr, /Error from server \(BadRequest\): error when creating ".*typo\.json": Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec\.template\.spec\.containers\[0\]\.imagePullPolcy"/);
  const post = [...requests].reverse().find((r) => r.method === 'POST');
  assert.equal(post?.query.get('fieldValidation'), 'Strict');
  assert.equal(post?.query.get('dryRun'), 'All');
});

test('a second apply computes its strategic merge patch from the v3 schema, without warnings', { skip }, async () => {
  live.set('/apis/apps/v1/namespaces/default/deployments/web', lastApplied(DEPLOYMENT));
  const changed = structuredClone(DEPLOYMENT);
  changed.spec.template.spec.containers = [{ name: 'sidecar', image: 'busybox:1.36' }, { name: 'nginx', image: 'nginx:1.27' }];
  const before = requests.length;
  const run = await kubectl('apply', '--dry-run=server', '-f', manifest('deploy2.json', changed));
  assert.equal(run.code, 0, run.stderr);
  assert.doesNotMatch(run.stderr, /warning/i);
  const mine = requests.slice(before);
  const patch = mine.find((r) => r.method === 'PATCH');
  assert.ok(patch, 'kubectl sent a patch');
  assert.equal(patch.contentType, 'application/strategic-merge-patch+json');
  assert.match(patch.body, /"\$setElementOrder\/containers":\[\{"name":"sidecar"\},\{"name":"nginx"\}\]/);
  assert.ok(!mine.some((r) => r.path === '/openapi/v2'), 'the v3 schema sufficed');
});

test('a custom resource is patched with a JSON merge patch', { skip }, async () => {
  live.set('/apis/example.com/v1/namespaces/default/widgets/w1', lastApplied(WIDGET));
  const before = requests.length;
  const run = await kubectl('apply', '--dry-run=server', '-f', manifest('widget.json', { ...WIDGET, spec: { size: 2 } }));
  assert.equal(run.code, 0, run.stderr);
  const patch = requests.slice(before).find((r) => r.method === 'PATCH');
  assert.equal(patch?.contentType, 'application/merge-patch+json');
  assert.match(patch?.body ?? '', /"spec":\{"size":2\}/);
});
