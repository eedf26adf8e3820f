/**
 * Server-side printing: the `as=Table` transformation, built by the registry's per-kind printers
 * (kube-apiserver's TableConvertor). CRDs get their additionalPrinterColumns printer when they are
 * registered with one.
 */
import type { KubeList, KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';
import { printerFor, toTable, type Printer } from '../registry/printers/index.ts';
import type { Clock } from '../util/clock.ts';
import type { OutputTransform } from './transform.ts';

export function tableTransform(clock: Clock, custom?: (resource: ResourceInfo) => Printer | undefined): OutputTransform {
  return (value: KubeObject | KubeList, resource: ResourceInfo, options: { version: string; includeObject?: string }) => {
    const printer = custom?.(resource) ?? printerFor(resource.group, resource.resource);
    const include = options.includeObject === 'None' || options.includeObject === 'Object' ? options.includeObject : 'Metadata';
    const table = toTable(value, printer, { now: clock.now(), includeObject: include });
    if (options.version !== 'v1') return { ...table, apiVersion: `meta.k8s.io/${options.version}` };
    return table;
  };
}
