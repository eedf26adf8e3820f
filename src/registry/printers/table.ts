/**
 * Server-side printing: the `meta.k8s.io/v1` Table that `kubectl get` asks for with
 * `Accept: application/json;as=Table;v=v1;g=meta.k8s.io` (docs/kubectl-surface.md §3), and
 * {@link toTable}, which builds one from objects and a {@link Printer}.
 *
 * Wire shape, as kube-apiserver marshals metav1.Table: every column definition carries all five
 * fields (none is omitempty); `metadata` holds the list's resourceVersion/continue/
 * remainingItemCount; each row's `object` is what TableOptions.includeObject asked for.
 */
import type { KubeList, KubeObject, ListMeta, ObjectMeta } from '../../api/object.ts';

/** The column types kube uses: OpenAPI type names plus "date" (server-side humanised). */
export type ColumnType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

export interface TableColumnDefinition {
  /** Human title ("Name", "Up-to-date"); kubectl upper-cases it for the header. */
  readonly name: string;
  /** An OpenAPI type name; CRD columns may declare any of {@link ColumnType}. */
  readonly type: string;
  /** An OpenAPI format; "name" marks the column holding the object's name. */
  readonly format: string;
  readonly description: string;
  /** 0 for the default view; greater for `-o wide` only. */
  readonly priority: number;
}

/** One cell: kube's printers emit strings, int64s, float64s, bools, and nil for a missing CRD value. */
export type Cell = string | number | boolean | null;

/** metav1.TableRowCondition: kube sets Completed=True on rows of finished pods. */
export interface TableRowCondition {
  readonly type: 'Completed';
  readonly status: 'True' | 'False' | 'Unknown';
  readonly reason?: string;
  readonly message?: string;
}

export interface PartialObjectMetadata {
  readonly kind: 'PartialObjectMetadata';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: ObjectMeta;
}

export interface TableRow {
  readonly cells: Cell[];
  readonly conditions?: readonly TableRowCondition[];
  /** Metadata by default; the full object for includeObject=Object; null for None. */
  readonly object: PartialObjectMetadata | KubeObject | null;
}

export interface Table {
  readonly kind: 'Table';
  readonly apiVersion: 'meta.k8s.io/v1';
  readonly metadata: ListMeta;
  readonly columnDefinitions: TableColumnDefinition[];
  readonly rows: TableRow[];
}

/**
 * How one kind prints: its column definitions and a row function. The row function returns the
 * cells of every column, wide ones included, in column order: kube-apiserver always generates
 * tables with `Wide: true` (pkg/printers/storage.TableConvertor) and kubectl drops the
 * priority > 0 columns unless `-o wide`.
 */
export interface Printer {
  readonly columns: readonly TableColumnDefinition[];
  /** Cells for one object. `now` is epoch milliseconds, for AGE-style cells. */
  row(obj: KubeObject, now: number): Cell[];
  /** Row conditions, for the kinds whose kube printer sets them (pods). */
  conditions?(obj: KubeObject): readonly TableRowCondition[] | undefined;
}

/** TableOptions.includeObject. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

export interface ToTableOptions {
  /** Epoch milliseconds that AGE and other durations count from (the injected clock's now). */
  readonly now: number;
  /**
   * What each row's `object` holds.
   * @default 'Metadata' — a PartialObjectMetadata, as kube-apiserver does when kubectl sends none.
   */
  readonly includeObject?: IncludeObject;
  /**
   * Keep the priority > 0 columns. kube-apiserver always does; `false` mirrors GenerateTable's
   * non-wide mode, which drops those columns and their cells.
   * @default true
   */
  readonly wide?: boolean;
  /**
   * TableOptions.noHeaders: omit columnDefinitions (kube-apiserver sets it after the first event
   * of a Table watch).
   * @default false
   */
  readonly noHeaders?: boolean;
}

/**
 * Builds the Table for one object or a list, as kube-apiserver answers a get or list with
 * `as=Table`: one row per object in list order, the list's resourceVersion/continue/
 * remainingItemCount (a single object's resourceVersion) in `metadata`.
 * @example toTable(podList, printerFor('', 'pods'), { now: clock.now() })
 */
export function toTable(source: KubeObject | KubeList, printer: Printer, options: ToTableOptions): Table {
  const items: readonly KubeObject[] = isList(source) ? source.items : [source as KubeObject];
  const include = options.includeObject ?? 'Metadata';
  const keep = options.wide === false ? narrowColumns(printer.columns) : undefined;
  const rows: TableRow[] = new Array<TableRow>(items.length);
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    let cells = printer.row(item, options.now);
    if (keep) cells = keep.map((index) => cells[index]);
    const conditions = printer.conditions?.(item);
    const object = include === 'None' ? null : include === 'Object' ? item : partialObjectMetadata(item);
    rows[i] = conditions ? { cells, conditions, object } : { cells, object };
  }
  const columns = options.noHeaders ? [] : keep ? keep.map((index) => printer.columns[index]) : [...printer.columns];
  return { kind: 'Table', apiVersion: 'meta.k8s.io/v1', metadata: tableMeta(source), columnDefinitions: columns, rows };
}

/** The PartialObjectMetadata kube-apiserver puts in a row for includeObject=Metadata. */
export function partialObjectMetadata(obj: KubeObject): PartialObjectMetadata {
  return { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: obj.metadata };
}

function isList(source: KubeObject | KubeList): source is KubeList {
  return Array.isArray((source as { items?: unknown }).items);
}

function tableMeta(source: KubeObject | KubeList): ListMeta {
  const meta: { resourceVersion?: string; continue?: string; remainingItemCount?: number } = {};
  const from = source.metadata as ListMeta;
  if (from?.resourceVersion) meta.resourceVersion = from.resourceVersion;
  if (isList(source)) {
    if (from?.continue) meta.continue = from.continue;
    if (from?.remainingItemCount !== undefined) meta.remainingItemCount = from.remainingItemCount;
  }
  return meta;
}

function narrowColumns(columns: readonly TableColumnDefinition[]): number[] {
  const keep: number[] = [];
  columns.forEach((column, index) => { if (column.priority === 0) keep.push(index); });
  return keep;
}
