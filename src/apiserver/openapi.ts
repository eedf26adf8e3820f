/**
 * The OpenAPI v3 documents kubectl fetches before every apply/create/explain
 * (kubectl-surface.md §4): an index of group-versions with content hashes, and per group-version
 * a document whose PATCH operations declare the `fieldValidation` query parameter, which tells
 * kubectl to leave validation to the server.
 *
 * What is served today: operations (paths, GVKs, parameters, patch content types) but no
 * component schemas. Without schemas kubectl computes strategic merge patches from its
 * compiled-in types (it first asks /openapi/v2, where a 404 is accepted), and `kubectl explain`
 * cannot work yet; the schema-driven documents arrive with the generated schema.
 */
import { createHash } from 'node:crypto';
import type { ResourceInfo } from '../api/resource-info.ts';
import { groupResources } from './discovery.ts';

const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];
const QUERY = (name: string) => ({ name, in: 'query', schema: { type: 'string' }, uniqueItems: true });

export interface OpenApiV3 {
  /** The `/openapi/v3` index body. */
  readonly index: string;
  /** Serialized documents by group-version path ("api/v1", "apis/apps/v1"). */
  readonly documents: ReadonlyMap<string, { body: string; hash: string }>;
}

function gvPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

function documentFor(group: string, version: string, resources: readonly ResourceInfo[]) {
  const paths: Record<string, unknown> = {};
  for (const r of resources) {
    const base = `/${gvPath(group, version)}${r.namespaced ? '/namespaces/{namespace}' : ''}/${r.resource}`;
    const gvk = { group, version, kind: r.kind };
    const item: Record<string, unknown> = {};
    if (r.verbs.includes('patch')) {
      item.patch = {
        operationId: `patch${r.kind}`,
        'x-kubernetes-action': 'patch',
        'x-kubernetes-group-version-kind': gvk,
        parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation'), { ...QUERY('force'), schema: { type: 'boolean' } }],
        requestBody: { content: Object.fromEntries(PATCH_TYPES.map((t) => [t, {}])), required: true },
      };
    }
    if (r.verbs.includes('update')) {
      item.put = {
        operationId: `replace${r.kind}`, 'x-kubernetes-action': 'put', 'x-kubernetes-group-version-kind': gvk,
        parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation')],
      };
    }
    if (Object.keys(item).length) paths[`${base}/{name}`] = item;
    if (r.verbs.includes('create')) {
      paths[base] = {
        post: {
          operationId: `create${r.kind}`, 'x-kubernetes-action': 'post', 'x-kubernetes-group-version-kind': gvk,
          parameters: [QUERY('dryRun'), QUERY('fieldManager'), QUERY('fieldValidation')],
        },
      };
    }
  }
  return { openapi: '3.0.0', info: { title: 'Kubernetes', version: 'v1.32.0' }, paths, components: {} };
}

export function buildOpenApiV3(resources: readonly ResourceInfo[]): OpenApiV3 {
  const documents = new Map<string, { body: string; hash: string }>();
  const index: Record<string, { serverRelativeURL: string }> = {};
  for (const g of groupResources(resources)) {
    for (const v of g.versions) {
      const path = gvPath(g.group, v.version);
      const body = JSON.stringify(documentFor(g.group, v.version, v.resources));
      // as kube-openapi: the hash is of the document's bytes, upper-case hex, so URLs change with content.
      const hash = createHash('sha512').update(body).digest('hex').slice(0, 128).toUpperCase();
      documents.set(path, { body, hash });
      index[path] = { serverRelativeURL: `/openapi/v3/${path}?hash=${hash}` };
    }
  }
  return { index: JSON.stringify({ paths: index }), documents };
}
