/** Server-side printing (the `as=Table` answer of `kubectl get`): see table.ts and printer-for.ts. */
export { toTable, partialObjectMetadata } from './table.ts';
export type {
  Cell, ColumnType, IncludeObject, PartialObjectMetadata, Printer, Table, TableColumnDefinition, TableRow,
  TableRowCondition, ToTableOptions,
} from './table.ts';
export { printerFor, hasPrinter } from './printer-for.ts';
export { defaultPrinter } from './default.ts';
export { crdPrinter, DEFAULT_CRD_COLUMNS } from './crd.ts';
export type { CustomResourceColumnDefinition } from './crd.ts';
export { JsonPathError, parseJsonPath } from './json-path.ts';
export type { JsonPath } from './json-path.ts';
export { humanDuration } from './human-duration.ts';
