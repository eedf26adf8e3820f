/**
 * The custom resources a cluster serves from its CRDs, and what each served version contributes
 * to the shared machinery: its Strategy (for the Registry), its printer (for Tables) and its
 * schema (for OpenAPI). The CRD controller (src/apiserver/crd/) fills it; the composition root
 * hands its look-ups to the Registry, the Table transform and the API handler.
 *
 * {@link CustomResourceCatalog.resources} is the discovery order of kube's CRD discovery
 * controller: CRD groups after the built-in ones, by group name; within a group, versions by
 * kube-aware priority (preferred first); within a version, resources by name.
 *
 * The catalog also hands out the CRD kind's own Strategy, wrapped so that deleting a CRD waits
 * for its instances (custom-resource-cleanup.ts).
 */
import type { ResourceInfo } from '../../api/resource-info.ts';
import { crdPrinter } from '../printers/crd.ts';
import type { Printer } from '../printers/table.ts';
import { customResourceDefinitionStrategy } from '../strategies/custom-resource-definition.ts';
import type { Strategy } from '../strategy.ts';
import { withCustomResourceCleanup } from './custom-resource-cleanup.ts';
import { customResourceStrategy } from './custom-resource-strategy.ts';
import type { JSONSchemaProps } from './json-schema-props.ts';
import { compareKubeAwareVersions } from './kube-aware-version.ts';
import type { ServedVersion } from './served-versions.ts';

/** The OpenAPI input of one served kind (the shape of apiserver's CustomResourceSchema). */
export interface CustomResourceOpenApiSchema {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly listKind: string;
  readonly openAPIV3Schema?: Readonly<Record<string, unknown>>;
}

interface Entry {
  readonly served: ServedVersion;
  readonly strategy: Strategy;
  readonly printer: Printer;
}

const gvr = (r: { group: string; version: string; resource: string }): string => `${r.group}/${r.version}/${r.resource}`;
const CRD_KEY = 'apiextensions.k8s.io/v1/customresourcedefinitions';
const crdStrategy = withCustomResourceCleanup(customResourceDefinitionStrategy);

function printerOf(served: ServedVersion): Printer {
  try {
    return crdPrinter(served.printerColumns);
  } catch {
    // A jsonPath the printer cannot parse: kube's CRD validation would have refused it; print the defaults.
    return crdPrinter([]);
  }
}

export class CustomResourceCatalog {
  readonly #byCrd = new Map<string, readonly Entry[]>();
  readonly #byResource = new Map<string, Entry>();

  /** Replaces what `crdName` serves (an empty list serves nothing). */
  set(crdName: string, versions: readonly ServedVersion[]): void {
    this.delete(crdName);
    if (versions.length === 0) return;
    const entries = versions.map((served): Entry => ({
      served,
      strategy: customResourceStrategy({
        namespaced: served.resource.namespaced, schema: served.schema, statusSubresource: served.statusSubresource, scale: served.scale,
      }),
      printer: printerOf(served),
    }));
    this.#byCrd.set(crdName, entries);
    for (const e of entries) this.#byResource.set(gvr(e.served.resource), e);
  }

  delete(crdName: string): void {
    for (const e of this.#byCrd.get(crdName) ?? []) this.#byResource.delete(gvr(e.served.resource));
    this.#byCrd.delete(crdName);
  }

  /** What `crdName` serves now, preferred version first. */
  versionsOf(crdName: string): readonly ServedVersion[] {
    return (this.#byCrd.get(crdName) ?? []).map((e) => e.served);
  }

  /** Every served custom resource, in discovery order. */
  resources(): ResourceInfo[] {
    const all = [...this.#byResource.values()].map((e) => e.served.resource);
    return all.sort((a, b) =>
      (a.group < b.group ? -1 : a.group > b.group ? 1 : 0)
      || compareKubeAwareVersions(a.version, b.version)
      || (a.resource < b.resource ? -1 : a.resource > b.resource ? 1 : 0));
  }

  /** The Strategy of a served custom resource, or of the CRD kind itself; undefined for the rest. */
  strategyFor(resource: ResourceInfo): Strategy | undefined {
    const key = gvr(resource);
    if (key === CRD_KEY) return crdStrategy;
    return this.#byResource.get(key)?.strategy;
  }

  /** The additionalPrinterColumns printer of a served custom resource. */
  printerFor(resource: ResourceInfo): Printer | undefined {
    return this.#byResource.get(gvr(resource))?.printer;
  }

  /** The schema of every served custom resource version, for the OpenAPI documents. */
  schemas(): CustomResourceOpenApiSchema[] {
    return [...this.#byResource.values()].map(({ served: { resource, schema } }) => ({
      group: resource.group, version: resource.version, kind: resource.kind, listKind: resource.listKind,
      ...(schema ? { openAPIV3Schema: schema as JSONSchemaProps as Readonly<Record<string, unknown>> } : {}),
    }));
  }
}
