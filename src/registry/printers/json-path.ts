/**
 * The JSONPath subset CRD additionalPrinterColumns use, evaluated as k8s.io/client-go/util/jsonpath
 * does with AllowMissingKeys(true) (the way the CRD table convertor runs it):
 *
 *   .spec.replicas        .metadata.labels.app\.kubernetes\.io/name     ['a.b/c'] ["x"]
 *   .items[0]  [-1]  [1:3]  [*] (list elements)  .* (object values)  ..name
 *   .status.conditions[?(@.type=="Ready")].status     [?(@.ready)]     [?(@.count >= 2)]
 *
 * A missing key yields no result rather than an error; an index out of range, a filter on a
 * non-list, or a comparison between different types is an evaluation error, which the table
 * convertor turns into an empty (null) cell. Unions (`[0,1]`) and `range` are not supported and
 * fail to parse.
 */

export type FilterOperator = '==' | '!=' | '<' | '<=' | '>' | '>=';
type Literal = string | number | boolean;
type Operand = { readonly path: readonly Step[] } | { readonly literal: Literal };

export type Step =
  | { readonly kind: 'field'; readonly name: string }
  | { readonly kind: 'wildcard' }
  | { readonly kind: 'recursive' }
  | { readonly kind: 'index'; readonly index: number }
  | { readonly kind: 'slice'; readonly start?: number; readonly end?: number }
  | { readonly kind: 'filter'; readonly left: Operand; readonly op: FilterOperator | 'exists'; readonly right?: Operand };

/** A JSONPath expression the parser rejects. */
export class JsonPathError extends Error {
  override readonly name = 'JsonPathError';
}

export interface JsonPath {
  readonly expression: string;
  readonly steps: readonly Step[];
  /** All matches in document order; undefined on an evaluation error (see file comment). */
  find(root: unknown): unknown[] | undefined;
}

/** Parses an expression like `.status.conditions[?(@.type=="Ready")].status`; throws {@link JsonPathError}. */
export function parseJsonPath(expression: string): JsonPath {
  let text = expression.trim();
  if (text.startsWith('{') && text.endsWith('}')) text = text.slice(1, -1).trim();
  const parser = new Parser(text);
  const steps = parser.steps('$');
  if (!parser.done()) throw new JsonPathError(`unexpected ${JSON.stringify(text.slice(parser.pos))} in ${JSON.stringify(expression)}`);
  return { expression, steps, find: (root) => evaluate(steps, [root]) };
}

/** Internal: aborts an evaluation; {@link JsonPath.find} turns it into undefined. */
class EvaluationFailed extends Error {}

function evaluate(steps: readonly Step[], input: unknown[]): unknown[] | undefined {
  try {
    let values = input;
    for (const step of steps) values = apply(step, values);
    return values;
  } catch (e) {
    if (e instanceof EvaluationFailed) return undefined;
    throw e;
  }
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function apply(step: Step, values: unknown[]): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    switch (step.kind) {
      case 'field':
        if (isObject(v) && Object.hasOwn(v, step.name)) out.push(v[step.name]);
        break;
      case 'wildcard': // `.*`: the values of an object; nothing for a list
        if (isObject(v)) for (const key of Object.keys(v).sort()) out.push(v[key]);
        break;
      case 'recursive':
        descend(v, out);
        break;
      case 'index': {
        if (!Array.isArray(v)) throw new EvaluationFailed();
        const i = step.index < 0 ? v.length + step.index : step.index;
        if (i < 0 || i >= v.length) throw new EvaluationFailed();
        out.push(v[i]);
        break;
      }
      case 'slice': {
        if (!Array.isArray(v)) throw new EvaluationFailed();
        out.push(...v.slice(step.start ?? 0, step.end ?? v.length));
        break;
      }
      case 'filter':
        if (!Array.isArray(v)) throw new EvaluationFailed();
        for (const item of v) if (matches(step, item)) out.push(item);
        break;
    }
  }
  return out;
}

/** `..`: every list and object at or below v (leaves are reached through their parent). */
function descend(v: unknown, out: unknown[]): void {
  if (Array.isArray(v)) {
    out.push(v);
    for (const item of v) descend(item, out);
  } else if (isObject(v)) {
    out.push(v);
    for (const key of Object.keys(v).sort()) descend(v[key], out);
  }
}

/** An operand's values; throws EvaluationFailed, as a failing left side fails the whole path. */
function operand(o: Operand, item: unknown): unknown[] {
  if ('literal' in o) return [o.literal];
  let values = [item];
  for (const step of o.path) values = apply(step, values);
  return values;
}

function matches(step: Extract<Step, { kind: 'filter' }>, item: unknown): boolean {
  if (step.op === 'exists') return (evaluate(operandSteps(step.left), [item]) ?? []).length > 0;
  const lefts = operand(step.left, item);
  if (lefts.length === 0) return false;
  if (lefts.length > 1) throw new EvaluationFailed(); // "can only compare one element at a time"
  const rights = operand(step.right!, item);
  if (rights.length !== 1) throw new EvaluationFailed();
  return compare(lefts[0], step.op, rights[0]);
}

function operandSteps(o: Operand): readonly Step[] {
  return 'path' in o ? o.path : [];
}

/** text/template's comparison rules: same basic kind only; booleans support == and != alone. */
function compare(left: unknown, op: FilterOperator, right: unknown): boolean {
  const kind = typeof left;
  if (kind !== typeof right || (kind !== 'string' && kind !== 'number' && kind !== 'boolean')) throw new EvaluationFailed();
  if (kind === 'boolean' && op !== '==' && op !== '!=') throw new EvaluationFailed();
  const l = left as string | number;
  const r = right as string | number;
  switch (op) {
    case '==': return l === r;
    case '!=': return l !== r;
    case '<': return l < r;
    case '<=': return l <= r;
    case '>': return l > r;
    case '>=': return l >= r;
  }
}

/** Characters that end a bare field name; the comparison operators matter inside filters. */
const TERMINATORS = new Set([' ', '\t', '\n', '.', ',', '[', ']', '$', '@', '{', '}', '(', ')', '=', '!', '<', '>']);

class Parser {
  pos = 0;
  constructor(private readonly text: string) {}

  done(): boolean { return this.pos >= this.text.length; }

  private peek(offset = 0): string { return this.text[this.pos + offset] ?? ''; }

  private fail(what: string): never {
    throw new JsonPathError(`${what} at offset ${this.pos} in ${JSON.stringify(this.text)}`);
  }

  /** Steps until the end or a character that cannot continue a path; `root` is "$" or "@". */
  steps(root: '$' | '@'): Step[] {
    const steps: Step[] = [];
    if (this.peek() === root) this.pos++;
    for (;;) {
      const c = this.peek();
      if (c === '.' && this.peek(1) === '.') {
        this.pos += 2;
        steps.push({ kind: 'recursive' });
        if (this.peek() !== '[') steps.push(this.field());
      } else if (c === '.') {
        this.pos++;
        steps.push(this.field());
      } else if (c === '[') {
        steps.push(this.bracket());
      } else {
        return steps;
      }
    }
  }

  private field(): Step {
    if (this.peek() === '*') { this.pos++; return { kind: 'wildcard' }; }
    let name = '';
    while (!this.done() && !TERMINATORS.has(this.peek())) {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) this.pos++;
      name += this.text[this.pos++];
    }
    if (name === '') this.fail('expected a field name');
    return { kind: 'field', name };
  }

  private bracket(): Step {
    this.pos++; // [
    let step: Step;
    const c = this.peek();
    if (c === '?') {
      step = this.filter();
    } else if (c === '*') {
      this.pos++;
      step = { kind: 'slice' }; // `[*]`: every element of a list, an error on an object
    } else if (c === '"' || c === '\'') {
      step = { kind: 'field', name: this.quoted() };
    } else {
      step = this.indexOrSlice();
    }
    if (this.peek() !== ']') this.fail('expected ]');
    this.pos++;
    return step;
  }

  private quoted(): string {
    const quote = this.text[this.pos++];
    let out = '';
    while (!this.done() && this.peek() !== quote) {
      if (this.peek() === '\\' && this.pos + 1 < this.text.length) this.pos++;
      out += this.text[this.pos++];
    }
    if (this.done()) this.fail('unterminated string');
    this.pos++;
    return out;
  }

  private integer(): number | undefined {
    const m = /^-?\d+/.exec(this.text.slice(this.pos));
    if (!m) return undefined;
    this.pos += m[0].length;
    return Number(m[0]);
  }

  private indexOrSlice(): Step {
    const start = this.integer();
    if (this.peek() !== ':') {
      if (start === undefined) this.fail('expected an index');
      return { kind: 'index', index: start };
    }
    this.pos++;
    const end = this.integer();
    if (this.peek() === ':') this.fail('slice steps are not supported');
    return { kind: 'slice', start, end };
  }

  private filter(): Step {
    if (this.peek(1) !== '(') this.fail('expected ?(');
    this.pos += 2;
    this.spaces();
    const left = this.operand();
    this.spaces();
    const op = /^(==|!=|<=|>=|<|>)/.exec(this.text.slice(this.pos))?.[0] as FilterOperator | undefined;
    let step: Step;
    if (op === undefined) {
      step = { kind: 'filter', left, op: 'exists' };
    } else {
      this.pos += op.length;
      this.spaces();
      step = { kind: 'filter', left, op, right: this.operand() };
      this.spaces();
    }
    if (this.peek() !== ')') this.fail('expected )');
    this.pos++;
    return step;
  }

  private spaces(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  private operand(): Operand {
    const c = this.peek();
    if (c === '@') return { path: this.steps('@') };
    if (c === '"' || c === '\'') return { literal: this.quoted() };
    const word = /^(true|false|-?\d+(\.\d+)?([eE][-+]?\d+)?)/.exec(this.text.slice(this.pos))?.[0];
    if (word === undefined) this.fail('expected @, a string, a number or a boolean');
    this.pos += word.length;
    return { literal: word === 'true' ? true : word === 'false' ? false : Number(word) };
  }
}
