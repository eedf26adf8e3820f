/**
 * What the API serves for one CustomResourceDefinition: one {@link ServedVersion} per version with
 * `served: true`, in version priority order (preferred first), each with the ResourceInfo that
 * discovery, routing and the Registry read, its schema, printer columns and Strategy options.
 * After apiextensions-apiserver pkg/apiserver/customresource_handler.go (getOrCreateServingInfoFor)
 * and pkg/controller/discovery (the discovery entries of a CRD version).
 *
 * Storage key space: every version of a CRD with conversion strategy None holds the same objects
 * (only apiVersion differs), so all versions must share one key space. The Registry shares keys
 * only between a served version equal to `storageVersion` and versions with a registered
 * Conversion; so each ResourceInfo here names its own group/version as `storageVersion`, which
 * puts every version in the one key space `/registry/<group>/<plural>/…`. Stored objects then
 * keep the apiVersion they were written with; every read rewrites it to the version asked for,
 * which is what conversion None does. {@link ServedVersion.storageVersion} carries the CRD's real
 * storage version (for status.storedVersions and for readers that need it).
 */
import type { ResourceInfo, SubresourceInfo, Verb } from '../../api/resource-info.ts';
import type { KubeObject } from '../../api/object.ts';
import { asArr, asObj, asStr, objects } from '../../api/validation/access.ts';
import type { CustomResourceColumnDefinition } from '../printers/crd.ts';
import type { JSONSchemaProps } from './json-schema-props.ts';
import { compareKubeAwareVersions } from './kube-aware-version.ts';
import type { CustomResourceScale } from './scale-validation.ts';

/** The names a CRD is served under (status.acceptedNames once the naming check accepted them). */
export interface CustomResourceNames {
  readonly plural: string;
  readonly singular: string;
  readonly kind: string;
  readonly listKind: string;
  readonly shortNames: readonly string[];
  readonly categories: readonly string[];
}

export interface ServedVersion {
  /** The CRD's metadata.name ("widgets.example.com"). */
  readonly crdName: string;
  readonly resource: ResourceInfo;
  /** The CRD's storage version name ("v1"). */
  readonly storageVersion: string;
  readonly schema?: JSONSchemaProps;
  readonly printerColumns: readonly CustomResourceColumnDefinition[];
  readonly statusSubresource: boolean;
  readonly scale?: CustomResourceScale;
}

/** Every verb kube serves a custom resource with (the crdHandler serves them all). */
const VERBS: readonly Verb[] = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
const SUBRESOURCE_VERBS = ['get', 'patch', 'update'];

/** spec.names (or status.acceptedNames) read leniently. */
export function namesOf(raw: unknown): CustomResourceNames {
  const n = asObj(raw) ?? {};
  const kind = asStr(n.kind);
  return {
    plural: asStr(n.plural),
    singular: asStr(n.singular) || kind.toLowerCase(),
    kind,
    listKind: asStr(n.listKind) || (kind ? `${kind}List` : ''),
    shortNames: asArr(n.shortNames).map(asStr),
    categories: asArr(n.categories).map(asStr),
  };
}

function scaleOf(raw: unknown): CustomResourceScale | undefined {
  const s = asObj(raw);
  if (!s) return undefined;
  const labelSelectorPath = asStr(s.labelSelectorPath);
  return { specReplicasPath: asStr(s.specReplicasPath), statusReplicasPath: asStr(s.statusReplicasPath), ...(labelSelectorPath ? { labelSelectorPath } : {}) };
}

/**
 * The served versions of `crd` under `names`, preferred first. `terminating` drops the create
 * verb: kube refuses creates while a CRD's instances are being deleted.
 */
export function servedVersions(crd: KubeObject, names: CustomResourceNames, options: { terminating?: boolean } = {}): ServedVersion[] {
  const spec = asObj(crd.spec) ?? {};
  const group = asStr(spec.group);
  const namespaced = asStr(spec.scope) === 'Namespaced';
  const versions = objects(spec.versions);
  const storage = asStr(versions.find((v) => v.storage === true)?.name);
  const verbs = options.terminating ? VERBS.filter((v) => v !== 'create') : VERBS;
  return versions
    .filter((v) => v.served === true)
    .sort((a, b) => compareKubeAwareVersions(asStr(a.name), asStr(b.name)))
    .map((v): ServedVersion => {
      const version = asStr(v.name);
      const subresources = asObj(v.subresources) ?? {};
      const statusSubresource = asObj(subresources.status) !== undefined;
      const scale = scaleOf(subresources.scale);
      const subs: SubresourceInfo[] = [];
      if (statusSubresource) subs.push({ name: 'status', kind: { group, version, kind: names.kind }, verbs: SUBRESOURCE_VERBS });
      if (scale) subs.push({ name: 'scale', kind: { group: 'autoscaling', version: 'v1', kind: 'Scale' }, verbs: SUBRESOURCE_VERBS });
      const resource: ResourceInfo = {
        group, version, resource: names.plural, singular: names.singular, kind: names.kind, listKind: names.listKind,
        namespaced, verbs, shortNames: names.shortNames, categories: names.categories, subresources: subs,
        storageVersion: `${group}/${version}`,
      };
      return {
        crdName: crd.metadata.name ?? '',
        resource,
        storageVersion: storage,
        schema: asObj(asObj(v.schema)?.openAPIV3Schema) as JSONSchemaProps | undefined,
        printerColumns: objects(v.additionalPrinterColumns).map((c) => ({
          name: asStr(c.name), type: asStr(c.type), jsonPath: asStr(c.jsonPath),
          ...(c.format !== undefined ? { format: asStr(c.format) } : {}),
          ...(c.description !== undefined ? { description: asStr(c.description) } : {}),
          ...(typeof c.priority === 'number' ? { priority: c.priority } : {}),
        })),
        statusSubresource,
        scale,
      };
    });
}
