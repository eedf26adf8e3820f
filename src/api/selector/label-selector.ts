/**
 * Label selectors, as k8s.io/apimachinery/pkg/labels (selector.go) parses, prints and matches them,
 * and as metav1.LabelSelectorAsSelector builds them from the API object form.
 *
 * String grammar (labels.Parse):
 *   selector    ::= requirement | requirement "," selector
 *   requirement ::= ["!"] KEY [ ("in" | "notin") "(" VALUES ")" | ("=" | "==" | "!=" | ">" | "<") VALUE ]
 * A bare KEY means "exists", `!KEY` "does not exist". Blanks (space, tab, CR, LF) separate tokens.
 * Keys must be qualified names and values valid label values; both are checked while parsing.
 */
import { badRequest } from '../status.ts';

/** selection.Operator values, spelled as apimachinery spells them. */
export type LabelOperator = '!' | '=' | '==' | 'in' | '!=' | 'notin' | 'exists' | 'gt' | 'lt';

export interface LabelRequirement {
  readonly key: string;
  readonly operator: LabelOperator;
  /** Sorted and de-duplicated when parsed from a string; as given when built from matchExpressions. */
  readonly values: readonly string[];
}

/** The API object form (metav1.LabelSelector). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: ReadonlyArray<{ key: string; operator: string; values?: readonly string[] | null }> | null;
}

/** A malformed LabelSelectorObject (bad operator, key or value); callers turn it into a FieldError. */
export class LabelSelectorError extends Error {
  override name = 'LabelSelectorError';
}

export class LabelSelector {
  private static readonly EVERYTHING = new LabelSelector([], false);
  private static readonly NOTHING = new LabelSelector([], true);

  /** Matches every label set (the empty selector). */
  static everything(): LabelSelector { return LabelSelector.EVERYTHING; }
  /** Matches no label set (what LabelSelectorAsSelector returns for a nil selector). */
  static nothing(): LabelSelector { return LabelSelector.NOTHING; }

  private constructor(
    /** AND of these requirements, sorted by key. */
    readonly requirements: readonly LabelRequirement[],
    private readonly matchesNothing: boolean,
  ) {}

  /** A selector from requirements that are already valid (parsed, or built by labelRequirement). */
  static of(requirements: readonly LabelRequirement[]): LabelSelector {
    if (requirements.length === 0) return LabelSelector.EVERYTHING;
    return new LabelSelector([...requirements].sort((a, b) => compareStrings(a.key, b.key)), false);
  }

  matches(labels: Readonly<Record<string, string>> | undefined): boolean {
    if (this.matchesNothing) return false;
    return this.requirements.every((r) => requirementMatches(r, labels ?? {}));
  }

  /** True when the selector does not restrict anything (labels.Selector.Empty). */
  isEmpty(): boolean { return !this.matchesNothing && this.requirements.length === 0; }

  /** The single value `key` must equal (`=`, `==`, or `in` with one value), if any. */
  requiresExactMatch(key: string): string | undefined {
    const r = this.requirements.find((q) => q.key === key);
    if (r && (r.operator === '=' || r.operator === '==' || r.operator === 'in') && r.values.length === 1) return r.values[0];
    return undefined;
  }

  /** The canonical string form: requirements by key, set values sorted (Requirement.String). */
  toString(): string {
    return this.requirements.map(requirementString).join(',');
  }
}

/**
 * Parses the string form. Errors are 400 BadRequest with kube-apiserver's wording, e.g.
 * `unable to parse requirement: found 'b', expected: in, notin, =, ==, !=, gt, lt`.
 */
export function parseLabelSelector(selector: string): LabelSelector {
  try {
    return LabelSelector.of(new Parser(lex(selector)).parse());
  } catch (e) {
    if (e instanceof ParseError) throw badRequest(e.message);
    throw e;
  }
}

/** Every key must equal its value (labels.SelectorFromSet); an empty set selects everything. */
export function labelSelectorFromSet(set: Readonly<Record<string, string>> | undefined): LabelSelector {
  return LabelSelector.of(Object.entries(set ?? {}).map(([key, value]) => ({ key, operator: '=' as const, values: [value] })));
}

/**
 * metav1.LabelSelectorAsSelector: `{}` (no matchLabels, no matchExpressions) selects everything;
 * null/undefined selects NOTHING, as in Kubernetes. Callers for whom an absent selector means
 * something else (e.g. "all pods") must test for null before calling. Throws LabelSelectorError.
 */
export function labelSelectorAsSelector(ps: LabelSelectorObject | null | undefined): LabelSelector {
  if (ps === null || ps === undefined) return LabelSelector.nothing();
  const reqs: LabelRequirement[] = [];
  for (const [k, v] of Object.entries(ps.matchLabels ?? {})) reqs.push(labelRequirement(k, '=', [v]));
  for (const expr of ps.matchExpressions ?? []) {
    const op = Object.hasOwn(EXPRESSION_OPERATORS, expr.operator) ? EXPRESSION_OPERATORS[expr.operator] : undefined;
    if (!op) throw new LabelSelectorError(`${goQuote(expr.operator)} is not a valid label selector operator`);
    reqs.push(labelRequirement(expr.key, op, [...(expr.values ?? [])]));
  }
  return LabelSelector.of(reqs);
}

const EXPRESSION_OPERATORS: Record<string, LabelOperator> = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' };

/** labels.NewRequirement: validates key, operator arity and values; errors aggregated as apimachinery does. */
export function labelRequirement(key: string, operator: LabelOperator, values: readonly string[]): LabelRequirement {
  const errs: string[] = [];
  const keyErr = validateLabelKey(key, 'key');
  if (keyErr) errs.push(keyErr);
  // field.Invalid prints a []string with %#v; an empty list here came from a nil slice
  const shown = values.length === 0 ? '[]string(nil)' : `[]string{${values.map(goQuote).join(', ')}}`;
  switch (operator) {
    case 'in': case 'notin':
      if (values.length === 0) errs.push(`values: Invalid value: ${shown}: for 'in', 'notin' operators, values set can't be empty`);
      break;
    case '=': case '==': case '!=':
      if (values.length !== 1) errs.push(`values: Invalid value: ${shown}: exact-match compatibility requires one single value`);
      break;
    case 'exists': case '!':
      if (values.length !== 0) errs.push(`values: Invalid value: ${shown}: values set must be empty for exists and does not exist`);
      break;
    case 'gt': case 'lt':
      if (values.length !== 1) errs.push(`values: Invalid value: ${shown}: for 'Gt', 'Lt' operators, exactly one value is required`);
      values.forEach((v, i) => {
        if (parseInt64(v) === undefined) errs.push(`values[${i}]: Invalid value: ${goQuote(v)}: for 'Gt', 'Lt' operators, the value must be an integer`);
      });
      break;
  }
  values.forEach((v, i) => {
    const msgs = labelValueErrors(v);
    if (msgs.length) errs.push(`values[${i}][${key}]: Invalid value: ${goQuote(v)}: ${msgs.join('; ')}`);
  });
  if (errs.length > 0) throw new LabelSelectorError(aggregate(errs));
  return { key, operator, values: [...values] };
}

function requirementMatches(r: LabelRequirement, labels: Readonly<Record<string, string>>): boolean {
  const has = Object.hasOwn(labels, r.key);
  const value = has ? labels[r.key] : '';
  switch (r.operator) {
    case 'in': case '=': case '==': return has && r.values.includes(value);
    case 'notin': case '!=': return !has || !r.values.includes(value);
    case 'exists': return has;
    case '!': return !has;
    case 'gt': case 'lt': {
      // as Requirement.Matches: a label value that is not an int64 never matches
      const actual = has ? parseInt64(value) : undefined;
      const bound = r.values.length === 1 ? parseInt64(r.values[0]) : undefined;
      if (actual === undefined || bound === undefined) return false;
      return r.operator === 'gt' ? actual > bound : actual < bound;
    }
  }
}

function requirementString(r: LabelRequirement): string {
  const values = r.values.length === 1 ? r.values[0] : [...r.values].sort(compareStrings).join(',');
  switch (r.operator) {
    case 'exists': return r.key;
    case '!': return `!${r.key}`;
    case 'in': return `${r.key} in (${values})`;
    case 'notin': return `${r.key} notin (${values})`;
    case 'gt': return `${r.key}>${values}`;
    case 'lt': return `${r.key}<${values}`;
    default: return `${r.key}${r.operator}${values}`;
  }
}

// ---- lexer (labels.Lexer) ----

type Tok = 'error' | 'eos' | ')' | ',' | '!' | '==' | '=' | '>' | 'id' | 'in' | '<' | '!=' | 'notin' | '(';
interface Item { readonly tok: Tok; readonly lit: string }

const KEYWORDS: Record<string, Tok> = {
  ')': ')', ',': ',', '!': '!', '==': '==', '=': '=', '>': '>', in: 'in', '<': '<', '!=': '!=', notin: 'notin', '(': '(',
};
const isBlank = (c: string) => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isSpecial = (c: string) => '=!(),><'.includes(c);

function lex(s: string): Item[] {
  const items: Item[] = [];
  let pos = 0;
  for (;;) {
    while (pos < s.length && isBlank(s[pos])) pos++;
    if (pos >= s.length) { items.push({ tok: 'eos', lit: '' }); return items; }
    const start = pos;
    if (isSpecial(s[pos])) {
      // longest run of special symbols that still spells an operator ("!=" wins over "!")
      let best: Item | undefined;
      while (pos < s.length && isSpecial(s[pos])) {
        const tok = KEYWORDS[s.slice(start, pos + 1)];
        if (tok) best = { tok, lit: s.slice(start, pos + 1) };
        else if (best) break;
        pos++;
      }
      if (!best) {
        items.push({ tok: 'error', lit: `error expected: keyword found '${s.slice(start, pos)}'` });
      } else {
        pos = start + best.lit.length;
        items.push(best);
      }
      continue;
    }
    while (pos < s.length && !isSpecial(s[pos]) && !isBlank(s[pos])) pos++;
    const word = s.slice(start, pos);
    items.push({ tok: KEYWORDS[word] ?? 'id', lit: word });
  }
}

// ---- parser (labels.Parser) ----

class ParseError extends Error {}

class Parser {
  private position = 0;
  constructor(private readonly items: readonly Item[]) {}

  /** In the Values context the keywords "in" and "notin" are ordinary identifiers. */
  private lookahead(values: boolean): Item {
    const it = this.items[this.position];
    return values && (it.tok === 'in' || it.tok === 'notin') ? { tok: 'id', lit: it.lit } : it;
  }

  private consume(values: boolean): Item {
    const it = this.lookahead(values);
    this.position++;
    return it;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const { tok, lit } = this.lookahead(true);
      if (tok === 'eos') return reqs;
      if (tok !== 'id' && tok !== '!') throw new ParseError(`found '${lit}', expected: !, identifier, or 'end of string'`);
      try {
        reqs.push(this.parseRequirement());
      } catch (e) {
        if (e instanceof ParseError || e instanceof LabelSelectorError) throw new ParseError(`unable to parse requirement: ${e.message}`);
        throw e;
      }
      const next = this.consume(true);
      if (next.tok === 'eos') return reqs;
      if (next.tok !== ',') throw new ParseError(`found '${next.lit}', expected: ',' or 'end of string'`);
      const after = this.lookahead(true);
      if (after.tok !== 'id' && after.tok !== '!') throw new ParseError(`found '${after.lit}', expected: identifier after ','`);
    }
  }

  private parseRequirement(): LabelRequirement {
    let first = this.consume(true);
    const negated = first.tok === '!';
    if (negated) first = this.consume(true);
    if (first.tok !== 'id') throw new ParseError(`found '${first.lit}', expected: identifier`);
    // the key is checked here with a nil field path, hence "<nil>:" as in kube-apiserver's messages
    const keyErr = validateLabelKey(first.lit, '<nil>');
    if (keyErr) throw new ParseError(keyErr);
    const key = first.lit;
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === ',') return labelRequirement(key, negated ? '!' : 'exists', []);
    if (negated) return labelRequirement(key, '!', []); // as apimachinery: "!a b" keeps parsing after the requirement

    const op = this.consume(false);
    switch (op.tok) {
      case 'in': case 'notin': return labelRequirement(key, op.tok, this.parseValues());
      case '=': case '==': case '!=': return labelRequirement(key, op.tok, [this.parseExactValue()]);
      case '>': return labelRequirement(key, 'gt', [this.parseExactValue()]);
      case '<': return labelRequirement(key, 'lt', [this.parseExactValue()]);
      default: throw new ParseError(`found '${op.lit}', expected: in, notin, =, ==, !=, gt, lt`);
    }
  }

  /** "(a,b,,c)": sorted, de-duplicated; empty members and "()" mean the empty value. */
  private parseValues(): string[] {
    const open = this.consume(true);
    if (open.tok !== '(') throw new ParseError(`found '${open.lit}' expected: '('`);
    const { tok, lit } = this.lookahead(true);
    if (tok === ')') { this.consume(true); return [''] }
    if (tok !== 'id' && tok !== ',') throw new ParseError(`found '${lit}', expected: ',', ')' or identifier`);
    const set = this.parseIdentifiersList();
    if (this.consume(true).tok !== ')') throw new ParseError(`found '${lit}', expected: ')'`);
    return [...set].sort(compareStrings);
  }

  private parseIdentifiersList(): Set<string> {
    const set = new Set<string>();
    for (;;) {
      const it = this.consume(true);
      if (it.tok === 'id') {
        set.add(it.lit);
        const next = this.lookahead(true);
        if (next.tok === ',') continue;
        if (next.tok === ')') return set;
        throw new ParseError(`found '${next.lit}', expected: ',' or ')'`);
      }
      if (it.tok === ',') {
        if (set.size === 0) set.add(''); // "(,"
        const next = this.lookahead(true).tok;
        if (next === ')') { set.add(''); return set } // ",)"
        if (next === ',') { this.consume(true); set.add('') } // ",,"
        continue;
      }
      throw new ParseError(`found '${it.lit}', expected: ',', or identifier`);
    }
  }

  private parseExactValue(): string {
    const next = this.lookahead(true).tok;
    if (next === 'eos' || next === ',') return '';
    const it = this.consume(true);
    if (it.tok === 'id') return it.lit;
    throw new ParseError(`found '${it.lit}', expected: identifier`);
  }
}

// ---- validation (k8s.io/apimachinery/pkg/util/validation) ----

const QNAME_FMT = '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]';
const QNAME_RE = new RegExp(`^${QNAME_FMT}$`);
const QNAME_MSG = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
const DNS1123_LABEL_FMT = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN_FMT = `${DNS1123_LABEL_FMT}(\\.${DNS1123_LABEL_FMT})*`;
const DNS1123_SUBDOMAIN_RE = new RegExp(`^${DNS1123_SUBDOMAIN_FMT}$`);
const LABEL_VALUE_FMT = `(${QNAME_FMT})?`;
const LABEL_VALUE_RE = new RegExp(`^${LABEL_VALUE_FMT}$`);
const utf8Length = (s: string) => new TextEncoder().encode(s).length;

/** validation.RegexError: note the double blank before "or", as Kubernetes prints it. */
function regexError(msg: string, fmt: string, ...examples: string[]): string {
  return `${msg} (e.g. ${examples.map((e) => `'${e}', `).join(' or ')}regex used for validation is '${fmt}')`;
}

/** validation.IsQualifiedName: `[prefix/]name`, prefix a DNS-1123 subdomain, name at most 63 bytes. */
function qualifiedNameErrors(value: string): string[] {
  const errs: string[] = [];
  const parts = value.split('/');
  let name: string;
  if (parts.length === 1) {
    name = parts[0];
  } else if (parts.length === 2) {
    const prefix = parts[0];
    name = parts[1];
    if (prefix.length === 0) errs.push('prefix part must be non-empty');
    else {
      if (utf8Length(prefix) > 253) errs.push('prefix part must be no more than 253 characters');
      if (!DNS1123_SUBDOMAIN_RE.test(prefix)) {
        errs.push(`prefix part ${regexError("a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character", DNS1123_SUBDOMAIN_FMT, 'example.com')}`);
      }
    }
  } else {
    return [`a qualified name ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  }
  if (name.length === 0) errs.push('name part must be non-empty');
  else if (utf8Length(name) > 63) errs.push('name part must be no more than 63 characters');
  if (!QNAME_RE.test(name)) errs.push(`name part ${regexError(QNAME_MSG, QNAME_FMT, 'MyName', 'my.name', '123-abc')}`);
  return errs;
}

/** validation.IsValidLabelValue: empty, or a qualified-name-shaped string of at most 63 bytes. */
function labelValueErrors(value: string): string[] {
  const errs: string[] = [];
  if (utf8Length(value) > 63) errs.push('must be no more than 63 characters');
  if (!LABEL_VALUE_RE.test(value)) {
    errs.push(regexError("a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character", LABEL_VALUE_FMT, 'MyValue', 'my_value', '12345'));
  }
  return errs;
}

function validateLabelKey(key: string, path: string): string | undefined {
  const errs = qualifiedNameErrors(key);
  return errs.length ? `${path}: Invalid value: ${goQuote(key)}: ${errs.join('; ')}` : undefined;
}

/** utilerrors.NewAggregate(...).Error(): one message alone, several as "[a, b]" (duplicates dropped). */
function aggregate(msgs: string[]): string {
  const unique = [...new Set(msgs)];
  return unique.length === 1 ? unique[0] : `[${unique.join(', ')}]`;
}

/** strconv.ParseInt(s, 10, 64): optional sign, decimal digits, within int64. */
function parseInt64(s: string): bigint | undefined {
  if (!/^[+-]?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  return v >= -(2n ** 63n) && v < 2n ** 63n ? v : undefined;
}

/** Go's %q for the strings that reach these messages: escapes quotes, backslashes and controls. */
function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\t') out += '\\t';
    else if (ch === '\r') out += '\\r';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/** Byte-wise order, as Go's sort.Strings (UTF-16 order differs only beyond the BMP). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
