/**
 * Evaluation of a custom resource's `x-kubernetes-validations` rules, after
 * apiextensions-apiserver pkg/apiserver/schema/cel/validation.go (Validator.Validate): the rules
 * compiled for the version (api/cel/schema-rules.ts) run at every node of the object that has
 * them, with `self` the node's value and, on update, `oldSelf` the value it correlates with in the
 * stored object (object keys; list items only in `x-kubernetes-list-type: map` lists, by keys).
 *
 * - A null or absent value runs no rules, nor do its children.
 * - A transition rule (one that reads `oldSelf`) runs only when an old value correlates, unless
 *   `optionalOldSelf: true`, when it always runs with `oldSelf` an optional.
 * - A failed rule reports its `message`, else its evaluated `messageExpression` (trimmed; when
 *   that fails, is empty, longer than 5 KiB or has a line break, the message or the default is
 *   used), else `failed rule: <rule>`; at the node's path (`<nil>` at the root) extended by its
 *   `fieldPath`, with its `reason`'s error type and the node's schema type as the value:
 *   `spec: Invalid value: "object": replicas must be at most maxReplicas`.
 * - An evaluation error is reported as `<error> evaluating rule: <rule>`.
 * - Ratcheting (CRDValidationRatcheting): a rule that does not read `oldSelf` and fails on a
 *   value deep-equal to its correlated old value — or, for a value with none, whose nearest
 *   correlated ancestor is unchanged — is not reported (kube turns it into a warning, which
 *   ekslite does not send).
 * - Cost (api/cel/cost.ts): an expression exceeding the per-call limit, or rules exceeding the
 *   budget of the whole object, stop validation with kube's messages.
 *
 * The custom resource strategy runs this only when the schema validation found no error that
 * blocks it (kube's hasBlockingErr).
 */
import {
  CostMeter, PER_CALL_LIMIT, RUNTIME_COST_BUDGET, type CompiledRule, type RuleNode, appendFieldPath, celOptional, toCelValue,
} from '../../api/cel/index.ts';
import { type FieldError, duplicate, forbidden, invalidValue, required } from '../../api/field-error.ts';
import { deepEqual } from '../../api/validation/access.ts';
import { isJsonObject } from './json-schema-props.ts';

export interface CelValidationOptions {
  /** The stored object, on update. */
  readonly old?: unknown;
}

/** kube's celconfig.MaxEvaluatedMessageExpressionSizeBytes. */
const MAX_MESSAGE_BYTES = 5 * 1024;
const ROOT_PATH = '<nil>';

type Old = { readonly value: unknown } | undefined;

/** A node's value with the old one it correlates with; `unchanged` is computed once, on demand. */
class Correlation {
  #unchanged: boolean | undefined;
  constructor(private readonly value: unknown, private readonly old: unknown) {}
  get unchanged(): boolean {
    return (this.#unchanged ??= deepEqual(this.value, this.old));
  }
}

interface Run {
  readonly errs: FieldError[];
  /** What is left of RuntimeCELCostBudget; validation stops when it runs out. */
  budget: number;
  stopped: boolean;
}

/** Evaluates the rules of `root` against `obj` (and its stored version, on update). */
export function validateCelRules(obj: unknown, root: RuleNode | undefined, options: CelValidationOptions = {}): FieldError[] {
  if (!root) return [];
  const run: Run = { errs: [], budget: RUNTIME_COST_BUDGET, stopped: false };
  const old: Old = options.old !== undefined && options.old !== null ? { value: options.old } : undefined;
  validateNode(root, obj, old, '', old ? new Correlation(obj, old.value) : undefined, run);
  return run.errs;
}

function validateNode(node: RuleNode, value: unknown, old: Old, path: string, correlation: Correlation | undefined, run: Run): void {
  if (value === null || value === undefined || run.stopped) return;
  validateRules(node, value, old, path, correlation, run);
  if (run.stopped) return;
  const childCorrelation = (v: unknown, o: Old): Correlation | undefined => (o ? new Correlation(v, o.value) : correlation);
  if (Array.isArray(value)) {
    if (!node.items) return;
    const oldItems = correlateItems(value, node, old);
    value.forEach((item, i) => {
      if (!run.stopped) validateNode(node.items!, item, oldItems[i], `${path}[${i}]`, childCorrelation(item, oldItems[i]), run);
    });
    return;
  }
  if (!isJsonObject(value)) return;
  const oldObj = old && isJsonObject(old.value) ? old.value : undefined;
  const oldOf = (k: string): Old => (oldObj && Object.prototype.hasOwnProperty.call(oldObj, k) ? { value: oldObj[k] } : undefined);
  if (node.additionalProperties) {
    for (const [k, v] of Object.entries(value)) {
      if (run.stopped) return;
      validateNode(node.additionalProperties, v, oldOf(k), `${path}[${k}]`, childCorrelation(v, oldOf(k)), run);
    }
  }
  for (const [k, v] of Object.entries(value)) {
    const child = node.properties.get(k);
    if (!child || run.stopped) continue;
    validateNode(child, v, oldOf(k), path === '' ? k : `${path}.${k}`, childCorrelation(v, oldOf(k)), run);
  }
}

/** Old items of a list-type map list, by the item's keys; other lists do not correlate by item. */
function correlateItems(items: unknown[], node: RuleNode, old: Old): Old[] {
  const keys = node.listMapKeys;
  if (!old || !Array.isArray(old.value) || node.listType !== 'map' || keys.length === 0) return items.map(() => undefined);
  const oldItems = old.value;
  return items.map((item) => {
    if (!isJsonObject(item)) return undefined;
    const match = oldItems.find((o) => isJsonObject(o) && keys.every((k) => deepEqual(o[k], item[k])));
    return match === undefined ? undefined : { value: match };
  });
}

const ruleErrorString = (c: CompiledRule): string => (c.rule.message.trim() !== '' ? c.rule.message.trim() : c.rule.rule.trim());

function validateRules(node: RuleNode, value: unknown, old: Old, path: string, correlation: Correlation | undefined, run: Run): void {
  if (node.rules.length === 0) return;
  const at = path === '' ? ROOT_PATH : path;
  const badValue = node.schemaType;
  if (run.budget <= 0) {
    run.errs.push(invalidValue(at, badValue, 'validation failed due to running out of cost budget, no further validation rules will be run'));
    run.stopped = true;
    return;
  }
  let self: unknown;
  let oldSelf: unknown;
  const activation = (optional: boolean): Record<string, unknown> => {
    self ??= toCelValue(value, node.type);
    if (old && oldSelf === undefined) oldSelf = toCelValue(old.value, node.type);
    if (optional) return { self, oldSelf: celOptional(old ? oldSelf : undefined) };
    return old ? { self, oldSelf } : { self };
  };
  const charge = (meter: CostMeter): boolean => {
    if (meter.spent > run.budget) {
      run.errs.push(invalidValue(at, badValue, 'validation failed due to running out of cost budget, no further validation rules will be run'));
      run.stopped = true;
      return false;
    }
    run.budget -= meter.spent;
    return true;
  };

  for (const compiled of node.rules) {
    if (compiled.compileError !== undefined) {
      run.errs.push(invalidValue(at, badValue, `rule compile error: ${compiled.compileError}`));
      continue;
    }
    const program = compiled.program;
    if (!program) continue;
    const optional = compiled.rule.optionalOldSelf === true;
    // transition rules run only against a correlated old value, unless oldSelf is optional
    if (program.usesOldSelf && !old && !optional) continue;
    let variables: Record<string, unknown>;
    try {
      variables = activation(optional);
    } catch (e) {
      // a value CEL cannot read (a malformed date-time, say): UnstructuredToVal's error
      run.errs.push(invalidValue(at, badValue, `${e instanceof Error ? e.message : String(e)} evaluating rule: ${ruleErrorString(compiled)}`));
      continue;
    }
    const meter = new CostMeter(PER_CALL_LIMIT);
    const result = program.evaluate(variables, meter);
    if (!charge(meter)) return;
    if (result.kind === 'cost') {
      run.errs.push(invalidValue(at, badValue, `'operation cancelled: actual cost limit exceeded': no further validation rules will be run due to call cost exceeds limit for rule: ${ruleErrorString(compiled)}`));
      run.stopped = true;
      return;
    }
    if (result.kind === 'error') {
      const detail = result.message.startsWith('no such overload')
        ? `'${result.message}': call arguments did not match a supported operator, function or macro signature for rule: ${ruleErrorString(compiled)}`
        : `${result.message} evaluating rule: ${ruleErrorString(compiled)}`;
      run.errs.push(invalidValue(at, badValue, detail));
      continue;
    }
    if (result.value === true) continue;

    const errorPath = compiled.fieldPath.length > 0 ? appendFieldPath(path, compiled.fieldPath) : at;
    const add = (e: FieldError): void => {
      // as kube: errors of rules that do not read oldSelf ratchet on unchanged values
      if (!program.usesOldSelf && correlation?.unchanged) return;
      run.errs.push(e);
    };
    let detail: string | undefined;
    if (compiled.messageProgram) {
      const messageMeter = new CostMeter(PER_CALL_LIMIT);
      const message = compiled.messageProgram.evaluate(optional ? activation(false) : variables, messageMeter);
      if (message.kind === 'cost' || messageMeter.spent > run.budget) {
        add(invalidValue(errorPath, badValue, message.kind === 'cost'
          ? `no further validation rules will be run due to call cost exceeds limit for messageExpression: ${JSON.stringify(compiled.rule.messageExpression)}`
          : 'messageExpression evaluation failed due to running out of cost budget, no further validation rules will be run'));
        run.stopped = true;
        return;
      }
      run.budget -= messageMeter.spent;
      if (message.kind === 'value' && typeof message.value === 'string') {
        const text = message.value.trim();
        if (text !== '' && Buffer.byteLength(text) <= MAX_MESSAGE_BYTES && !/\n/.test(text)) detail = text;
      }
    }
    detail ??= compiled.rule.message.trim() !== '' ? compiled.rule.message.trim() : `failed rule: ${compiled.rule.rule.trim()}`;
    add(errorForReason(errorPath, badValue, detail, compiled.rule.reason));
  }
}

/** fieldErrorForReason: the rule's reason chooses the error type (Invalid by default). */
function errorForReason(path: string, badValue: string, detail: string, reason: string | undefined): FieldError {
  switch (reason) {
    case 'FieldValueForbidden': return forbidden(path, detail);
    case 'FieldValueRequired': return required(path, detail);
    case 'FieldValueDuplicate': return duplicate(path, badValue);
    default: return invalidValue(path, badValue, detail);
  }
}
