/**
 * Column-definition helpers and the columns and cells many kinds share (Name, Age, the wide
 * Containers/Images/Selector trio). Column names, types and priorities are kube-apiserver's
 * (pkg/printers/internalversion); descriptions are our own short wording.
 */
import type { KubeObject } from '../../api/object.ts';
import { since } from './human-duration.ts';
import type { ColumnType, TableColumnDefinition } from './table.ts';
import { arr, obj, str } from './value.ts';

export interface ColumnOptions {
  /** @default 0 */
  readonly priority?: number;
  /** @default '' */
  readonly format?: string;
}

/** A column definition; `priority: 1` marks an `-o wide` column. */
export function column(name: string, type: ColumnType, description: string, options: ColumnOptions = {}): TableColumnDefinition {
  return { name, type, format: options.format ?? '', description, priority: options.priority ?? 0 };
}

/** Shorthand for a wide-only (priority 1) column. */
export function wide(name: string, type: ColumnType, description: string): TableColumnDefinition {
  return column(name, type, description, { priority: 1 });
}

export const NAME = column('Name', 'string', 'Name of the object, unique within its namespace.', { format: 'name' });
export const AGE = column('Age', 'string', 'Time since the object was created.');
export const CONTAINERS = wide('Containers', 'string', 'Names of the containers in the pod template.');
export const IMAGES = wide('Images', 'string', 'Images of the containers in the pod template.');

/** The AGE cell: time since metadata.creationTimestamp. */
export function age(o: KubeObject, now: number): string {
  return since(o.metadata?.creationTimestamp, now);
}

/** metadata.name, or "" when absent. */
export function nameOf(o: KubeObject): string {
  return o.metadata?.name ?? '';
}

/**
 * The Containers and Images cells of a pod spec, as kube's layoutContainerCells: names and images
 * joined by "," (no space), in spec order.
 */
export function containerCells(podSpec: unknown): [names: string, images: string] {
  const containers = arr(obj(podSpec).containers);
  let names = '';
  let images = '';
  for (let i = 0; i < containers.length; i++) {
    const c = obj(containers[i]);
    if (i > 0) { names += ','; images += ','; }
    names += str(c.name);
    images += str(c.image);
  }
  return [names, images];
}

/**
 * Joins up to `max` items with "," and summarises the rest as " + N more...", as kube's
 * listWithMoreString; an empty list prints `empty`.
 */
export function listWithMore(items: readonly string[], total: number, max: number, empty: string): string {
  if (total > max) return `${items.slice(0, max).join(',')} + ${total - max} more...`;
  return items.length === 0 ? empty : items.join(',');
}

/** kube's printBool/printBoolPtr: "True"/"False", "<unset>" for a nil pointer. */
export function boolPtr(value: unknown): string {
  if (typeof value !== 'boolean') return '<unset>';
  return value ? 'True' : 'False';
}
