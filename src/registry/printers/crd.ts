/**
 * Custom resources as apiextensions-apiserver prints them (registry/customresource/
 * tableconvertor): NAME, then one column per additionalPrinterColumn of the served version, each
 * the first JSONPath match formatted by the column's type. A version without columns gets the
 * single "Age" date column (serveDefaultColumnsIfEmpty), so a plain CR prints NAME, AGE.
 *
 * Cell rules, as kube's cellForJSONValue and jsonpath printing:
 *  - no match, a null value, an evaluation error, or a value of the wrong JSON type: null;
 *  - integer: numbers truncated to an integer; number: as is; boolean: as is;
 *  - date: an RFC 3339 string as an age ("3m"), "<invalid>" if it does not parse;
 *  - string: strings as is, numbers and booleans in Go's text form, lists and objects as
 *    compact JSON with sorted keys (Go's json.Marshal).
 */
import { NAME, nameOf } from './columns.ts';
import { humanDuration } from './human-duration.ts';
import { parseJsonPath, type JsonPath } from './json-path.ts';
import type { Cell, ColumnType, Printer, TableColumnDefinition } from './table.ts';

/** apiextensions.k8s.io/v1 CustomResourceColumnDefinition. */
export interface CustomResourceColumnDefinition {
  readonly name: string;
  readonly type: string;
  readonly format?: string;
  readonly description?: string;
  /** @default 0 */
  readonly priority?: number;
  readonly jsonPath: string;
}

/** The columns a CRD version without additionalPrinterColumns is served with. */
export const DEFAULT_CRD_COLUMNS: readonly CustomResourceColumnDefinition[] = [
  { name: 'Age', type: 'date', description: 'Time since the object was created.', jsonPath: '.metadata.creationTimestamp' },
];

/**
 * A printer for a CRD version's additionalPrinterColumns (empty → {@link DEFAULT_CRD_COLUMNS}).
 * Throws JsonPathError for a jsonPath the subset cannot parse; CRD validation should have
 * rejected it (kube validates with the same parser).
 */
export function crdPrinter(additionalPrinterColumns: readonly CustomResourceColumnDefinition[]): Printer {
  const defs = additionalPrinterColumns.length > 0 ? additionalPrinterColumns : DEFAULT_CRD_COLUMNS;
  const paths: JsonPath[] = defs.map((c) => parseJsonPath(c.jsonPath));
  const columns: TableColumnDefinition[] = [NAME, ...defs.map((c) => ({
    name: c.name,
    type: c.type,
    format: c.format ?? '',
    description: c.description || `Custom resource column at ${c.jsonPath}.`,
    priority: c.priority ?? 0,
  }))];
  return {
    columns,
    row(o, now) {
      const cells: Cell[] = [nameOf(o)];
      for (let i = 0; i < paths.length; i++) {
        const results = paths[i].find(o);
        cells.push(results === undefined || results.length === 0 ? null : cellFor(defs[i].type as ColumnType, results[0], now));
      }
      return cells;
    },
  };
}

/** kube's cellForJSONValue, plus jsonpath text printing for string columns. */
export function cellFor(type: ColumnType, value: unknown, now: number): Cell {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'integer':
      return typeof value === 'number' ? Math.trunc(value) : null;
    case 'number':
    case 'boolean':
      return typeof value === (type === 'number' ? 'number' : 'boolean') ? (value as number | boolean) : null;
    case 'date':
      return typeof value === 'string' ? dateCell(value, now) : null;
    case 'string':
      return goText(value);
    default:
      return null;
  }
}

/** RFC 3339 as Go's time.Parse reads it: "T" and "Z" upper case, fraction optional. */
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function dateCell(text: string, now: number): string {
  if (text === 'null') return '<unknown>'; // metav1.Time reads "null" as the zero time
  if (!RFC3339.test(text)) return '<invalid>';
  const at = Date.parse(text);
  if (Number.isNaN(at)) return '<invalid>';
  return at === Date.parse('0001-01-01T00:00:00Z') ? '<unknown>' : humanDuration(now - at);
}

/** How client-go's jsonpath prints one value: strings raw, scalars via fmt, containers as JSON. */
export function goText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'boolean') return String(value);
  // An integral JSON number within int64 is an int64 to Go, printed in decimal.
  if (typeof value === 'number') return Number.isInteger(value) && Math.abs(value) < 2 ** 63 ? BigInt(value).toString() : goFloat(value);
  return goJson(value);
}

/**
 * Go's %v of a float64 (strconv 'g', shortest): the shortest round-trip digits, in exponent form
 * ("1.234567e+06", "1e-05") when the decimal exponent is < -4 or >= 6. Integral JSON numbers
 * never get here: Go decodes them as int64 and prints them in decimal.
 */
export function goFloat(n: number): string {
  if (!Number.isFinite(n)) return Number.isNaN(n) ? 'NaN' : n > 0 ? '+Inf' : '-Inf';
  if (n === 0) return Object.is(n, -0) ? '-0' : '0';
  const [mantissa, exp] = n.toExponential().split('e');
  const exponent = Number(exp);
  if (exponent < -4 || exponent >= 6) {
    const sign = exponent < 0 ? '-' : '+';
    const digits = String(Math.abs(exponent)).padStart(2, '0');
    return `${mantissa}e${sign}${digits}`;
  }
  return String(n);
}

/** Go's json.Marshal of decoded JSON: map keys sorted, <, >, & and U+2028/9 escaped. */
export function goJson(value: unknown): string {
  return JSON.stringify(sortKeys(value))
    .replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value === 'object' && value !== null) {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) out[key] = sortKeys((value as Record<string, unknown>)[key]);
    return out;
  }
  return value;
}
