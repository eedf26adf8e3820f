/**
 * One compiled CEL expression: parsed and type-checked in an Environment, instrumented for the
 * cost guard (cost.ts), with cel-go's error text on failure, so a CRD whose rule does not compile
 * is refused with the message kube prints:
 *
 *     ERROR: <input>:1:5: undefined field 'foo'
 *      | self.foo > 0
 *      | ....^
 *
 * cel-js's messages are translated to cel-go's for the common failures (undefined field,
 * undeclared reference, no matching overload); syntax errors keep cel-js's wording after
 * cel-go's "Syntax error: " prefix.
 *
 * Instrumentation reads cel-js internals (the checked AST's comprehension nodes and their
 * `handle`, rcall argument lists), which is why the package is pinned exactly (8.0.0) and why
 * program.test.ts exercises both: an upgrade that changes them fails that test.
 */
import { type Environment, type ParseResult } from '@marcbachmann/cel-js';
import { CostLimitExceeded, type CostMeter, chargeCost, metered, sizeOf } from './cost.ts';
import { compileRE2 } from './re2.ts';

/** Methods whose cel-js implementation ekslite replaces (renamed in the AST before type-checking). */
const REPLACED_METHODS: Readonly<Record<string, string>> = {
  // RE2 syntax and linear-time matching, as cel-go's matches (regex.ts registers __matches__).
  matches: '__matches__',
};
const ORIGINAL_NAMES = new Map(Object.entries(REPLACED_METHODS).map(([k, v]) => [v, k]));

/** Functions whose pattern argument, when a literal, is compiled with the rule (cel.ValidateRegexLiterals). */
const REGEX_METHODS = new Set(['__matches__', 'find', 'findAll']);

export interface CompileOptions {
  /** The result type the expression must have ("bool" for rules, "string" for messages). */
  readonly resultType?: string;
  /**
   * The declared field names of a message type, to refuse `has(self.x)` on an undeclared field
   * as cel-go does (cel-js checks only the operand).
   */
  readonly fieldsOf?: (typeName: string) => ReadonlyMap<string, string> | undefined;
}

export type CompileResult =
  | { readonly ok: true; readonly program: CelProgram }
  | { readonly ok: false; readonly error: string; readonly wrongType?: string };

/** An expression's outcome: a value, an evaluation error (cel-go's wording), or the cost limit. */
export type EvalResult =
  | { readonly kind: 'value'; readonly value: unknown }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'cost' };

/** The internal shape of a cel-js 8.0.0 AST node that instrumentation reads. */
interface AstNode {
  readonly op: string;
  args: unknown;
  readonly start: number;
  readonly end: number;
  readonly meta: { readonly alternate?: unknown; readonly macro?: unknown };
  readonly checkedType?: { readonly name: string; readonly kind: string };
  handle?: (items: unknown, ...rest: unknown[]) => unknown;
  readonly macroHasProps?: readonly AstNode[];
}

export class CelProgram {
  constructor(
    private readonly parsed: ParseResult,
    /** The expression references `oldSelf` (a transition rule). */
    readonly usesOldSelf: boolean,
  ) {}

  /** Evaluates with `activation` (the variables), charging `meter`. */
  evaluate(activation: Readonly<Record<string, unknown>>, meter: CostMeter): EvalResult {
    let value: unknown;
    try {
      value = metered(meter, () => this.parsed(activation as Record<string, unknown>));
    } catch (e) {
      if (e instanceof CostLimitExceeded || meter.exceeded) return { kind: 'cost' };
      return { kind: 'error', message: runtimeMessage(e) };
    }
    return meter.exceeded ? { kind: 'cost' } : { kind: 'value', value };
  }
}

/** Compiles `source` in `env`; the environment must declare every variable the expression uses. */
export function compileExpression(env: Environment, source: string, options: CompileOptions = {}): CompileResult {
  let parsed: ParseResult;
  try {
    parsed = env.parse(source);
  } catch (e) {
    return { ok: false, error: formatIssue(source, errorOffset(e, source), `Syntax error: ${summaryOf(e)}`) };
  }
  const root = parsed.ast as unknown as AstNode;
  walk(root, (n) => {
    if (n.op === 'rcall' && Array.isArray(n.args) && typeof n.args[0] === 'string' && n.args[0] in REPLACED_METHODS) {
      n.args[0] = REPLACED_METHODS[n.args[0]];
    }
  });
  const checked = parsed.check();
  if (!checked.valid) {
    const e = checked.error;
    return { ok: false, error: formatIssue(source, errorOffset(e, source), checkMessage(e, env)) };
  }
  const issue = staticIssue(root, source, options);
  if (issue) return { ok: false, error: issue };
  if (options.resultType !== undefined && checked.type !== options.resultType) {
    return { ok: false, error: '', wrongType: checked.type ?? 'dyn' };
  }
  let usesOldSelf = false;
  walk(root, (n) => {
    if (n.op === 'id' && n.args === 'oldSelf') usesOldSelf = true;
    if (n.op === 'comprehension' && typeof n.handle === 'function') {
      const run = n.handle;
      n.handle = (items: unknown, ...rest: unknown[]) => {
        chargeCost(sizeOf(items));
        return run(items, ...rest);
      };
    }
  });
  return { ok: true, program: new CelProgram(parsed, usesOldSelf) };
}

/** Visits every AST node once: operands, macro expansions and comprehension parts. */
function walk(root: AstNode, visit: (n: AstNode) => void): void {
  const ctor = (root as object).constructor;
  const seen = new Set<unknown>();
  const visitValue = (v: unknown): void => {
    if (typeof v !== 'object' || v === null || seen.has(v)) return;
    seen.add(v);
    if (Array.isArray(v)) { v.forEach(visitValue); return; }
    if (v.constructor === ctor) {
      const n = v as AstNode;
      visit(n);
      visitValue(n.meta.alternate);
      visitValue(n.meta.macro);
      visitValue(n.args);
      return;
    }
    if (v.constructor !== Object) return;
    // comprehension arguments and macro records: their AST parts, not their checker contexts
    for (const [k, child] of Object.entries(v)) if (k !== 'iterCtx' && k !== 'bindCtx' && k !== 'ast') visitValue(child);
  };
  visitValue(root);
}

/**
 * The checks cel-go's checker makes that cel-js does not: `has()` on an undeclared field of a
 * schema object, and literal regular expressions that do not compile.
 */
function staticIssue(root: AstNode, source: string, options: CompileOptions): string | undefined {
  let issue: string | undefined;
  walk(root, (n) => {
    if (issue) return;
    if (n.op === 'call' && Array.isArray(n.args) && n.args[0] === 'has' && options.fieldsOf) {
      const arg = (n.args[1] as AstNode[] | undefined)?.[0];
      issue = hasIssue(arg, source, options.fieldsOf);
    }
    if (n.op === 'rcall' && Array.isArray(n.args) && REGEX_METHODS.has(n.args[0] as string)) {
      const pattern = (n.args[2] as AstNode[] | undefined)?.[0];
      if (pattern?.op === 'value' && typeof pattern.args === 'string') {
        const compiled = compileRE2(pattern.args);
        if (!compiled.ok) issue = formatIssue(source, pattern.start, `invalid regex: ${compiled.error}`);
      }
    }
  });
  return issue;
}

/** `has(a.b.c)`: every selected field must be declared on its (statically known) object type. */
function hasIssue(arg: AstNode | undefined, source: string, fieldsOf: NonNullable<CompileOptions['fieldsOf']>): string | undefined {
  const chain: AstNode[] = [];
  let node = arg;
  while (node && (node.op === '.' || node.op === '.?') && Array.isArray(node.args)) {
    chain.unshift(node);
    node = node.args[0] as AstNode;
  }
  let type = node?.checkedType?.name;
  for (const select of chain) {
    const field = (select.args as unknown[])[1] as string;
    const fields = type !== undefined ? fieldsOf(type) : undefined;
    if (!fields) return undefined;
    type = fields.get(field);
    if (type === undefined) {
      // cel-go places the error of a presence test on the call's parenthesis
      const paren = source.lastIndexOf('(', (arg?.start ?? 1) - 1);
      return formatIssue(source, paren >= 0 ? paren : select.start, `undefined field '${field}'`);
    }
  }
  return undefined;
}

const summaryOf = (e: unknown): string => {
  if (typeof e === 'object' && e !== null && 'summary' in e && typeof e.summary === 'string') return e.summary;
  return e instanceof Error ? e.message : String(e);
};
const codeOf = (e: unknown): string => (typeof e === 'object' && e !== null && 'code' in e && typeof e.code === 'string' ? e.code : '');

/** cel-go's type names: list(int), map(string, int). */
const goTypeName = (t: string): string => t.replace(/optional</g, 'optional_type<').replace(/</g, '(').replace(/>/g, ')');
const BINARY_FUNCTIONS: Readonly<Record<string, string>> = {
  '+': '_+_', '-': '_-_', '*': '_*_', '/': '_/_', '%': '_%_', '==': '_==_', '!=': '_!=_',
  '<': '_<_', '<=': '_<=_', '>': '_>_', '>=': '_>=_', in: '@in',
};

const functionNames = new WeakMap<Environment, ReadonlySet<string>>();
/** The names of the functions and macros `env` declares (for "undeclared reference" errors). */
function declaredFunctions(env: Environment): ReadonlySet<string> {
  let names = functionNames.get(env);
  if (!names) {
    names = new Set(env.getDefinitions().functions.map((f) => f.name));
    functionNames.set(env, names);
  }
  return names;
}

/** The check error in cel-go's words. */
function checkMessage(e: unknown, env: Environment): string {
  const summary = summaryOf(e);
  let m: RegExpExecArray | null;
  if ((m = /^No such key: (.*)$/.exec(summary))) return `undefined field '${m[1]}'`;
  if ((m = /^Unknown variable: (.*)$/.exec(summary))) return `undeclared reference to '${m[1]}' (in container '')`;
  if ((m = /^no such overload: (\S+) (\S+) (.+)$/.exec(summary)) && BINARY_FUNCTIONS[m[2]]) {
    return `found no matching overload for '${BINARY_FUNCTIONS[m[2]]}' applied to '(${goTypeName(m[1])}, ${goTypeName(m[3])})'`;
  }
  if ((m = /^no such overload: ([-!])(.+)$/.exec(summary))) {
    return `found no matching overload for '${m[1]}_' applied to '(${goTypeName(m[2])})'`;
  }
  if ((m = /^found no matching overload for '(?:(.+)\.)?(\w+)\((.*)\)'$/.exec(summary))) {
    const name = ORIGINAL_NAMES.get(m[2]) ?? m[2];
    if (!declaredFunctions(env).has(m[2])) return `undeclared reference to '${name}' (in container '')`;
    return `found no matching overload for '${name}' applied to '${m[1] ? `${goTypeName(m[1])}.` : ''}(${goTypeName(m[3])})'`;
  }
  return summary;
}

/** Where cel-go would place the caret: the '.' of a selection, the operator of a binary expression. */
function errorOffset(e: unknown, source: string): number {
  const node = typeof e === 'object' && e !== null && 'node' in e ? (e.node as AstNode | undefined) : undefined;
  const range = typeof e === 'object' && e !== null && 'range' in e ? (e.range as { start: number } | undefined) : undefined;
  const start = range?.start ?? node?.start ?? 0;
  if (!node || typeof node.op !== 'string') return start;
  if ((node.op === '.' || node.op === '.?') && codeOf(e) === 'no_such_key') {
    const dot = source.lastIndexOf('.', start);
    return dot >= 0 ? dot : start;
  }
  if ((node.op === 'call' || node.op === 'rcall') && Array.isArray(node.args)) {
    // cel-go places a call at its opening parenthesis
    const after = node.op === 'rcall' ? (node.args[1] as AstNode).end : node.start;
    const paren = source.indexOf('(', after);
    return paren >= 0 ? paren : start;
  }
  if (node.op in BINARY_FUNCTIONS && Array.isArray(node.args)) {
    const [left, right] = node.args as AstNode[];
    const between = source.slice(left.end, right.start);
    const at = between.indexOf(node.op);
    if (at >= 0) return left.end + at;
  }
  return start;
}

/** cel-go's Error.ToDisplayString: the message, then the source line and a caret under the column. */
export function formatIssue(source: string, offset: number, message: string): string {
  const before = source.slice(0, Math.max(0, Math.min(offset, source.length)));
  const line = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const column = [...before.slice(lineStart)].length;
  const snippet = (source.split('\n')[line - 1] ?? '').replace(/\t/g, ' ');
  const wide = (c: string | undefined): boolean => c !== undefined && c.codePointAt(0)! > 0x7f;
  const runes = [...snippet];
  const dots = runes.slice(0, column).map((c) => (wide(c) ? '\uff0e' : '.')).join('');
  return `ERROR: <input>:${line}:${column + 1}: ${message}\n | ${snippet}\n | ${dots}${wide(runes[column]) ? '\uff3e' : '^'}`;
}

/** An evaluation error in cel-go's words ("no such key: x", "index out of bounds: 3"). */
function runtimeMessage(e: unknown): string {
  const summary = summaryOf(e);
  let m: RegExpExecArray | null;
  if ((m = /^No such key: index out of bounds, index (-?\d+)/.exec(summary))) return `index out of bounds: ${m[1]}`;
  if (codeOf(e) === 'numeric_overflow') return 'integer overflow';
  // cel-go's runtime overload failure (a dyn value of the wrong type) reads just so
  if (codeOf(e) === 'no_such_overload' || codeOf(e) === 'no_matching_overload') return 'no such overload';
  if (codeOf(e) === 'no_such_key') return `no such key: ${summary.replace(/^No such key: /, '')}`;
  return summary;
}
