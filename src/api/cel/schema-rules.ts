/**
 * The `x-kubernetes-validations` rules of a CRD version's schema, compiled once, after
 * apiextensions-apiserver pkg/apiserver/schema/cel (compilation.go, NewValidator) and the rule
 * checks of pkg/apis/apiextensions/validation (ValidateCustomResourceDefinitionOpenAPISchema):
 *
 * - every node that carries rules gets its own environment with `self` (and `oldSelf`) of the
 *   node's CEL type (schema-types.ts); `optionalOldSelf: true` declares `oldSelf` optional;
 * - a rule must compile to a bool, a `messageExpression` to a string; a rule that references
 *   `oldSelf` is a transition rule, refused under the items of a list that is not a
 *   `x-kubernetes-list-type: map` (its items do not correlate with old ones);
 * - `message`, `reason` and `fieldPath` are checked as kube checks them.
 *
 * The result is a tree parallel to the schema holding only the nodes with rules below them
 * (kube's Validator), plus the problems as field errors under `path` (the CRD validation reports
 * them; a custom resource's strategy ignores them). Results are cached per schema object, so the
 * strategy of a served version compiles its rules once.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { type FieldError, RawValue, internalError, invalidValue, notSupported, required } from '../field-error.ts';
import { newCelEnvironment } from './environment.ts';
import { type FieldPathSegment, parseFieldPath } from './field-path.ts';
import { type CelProgram, compileExpression } from './program.ts';
import { type CelSchema, type DeclType, SchemaTypes, asCelSchema } from './schema-types.ts';

/** One `x-kubernetes-validations` entry, read leniently. */
export interface ValidationRule {
  readonly rule: string;
  readonly message: string;
  readonly messageExpression: string;
  readonly reason?: string;
  readonly fieldPath: string;
  readonly optionalOldSelf?: boolean;
}

export interface CompiledRule {
  readonly rule: ValidationRule;
  /** Absent for an empty rule (skipped) or one that did not compile (`compileError`). */
  readonly program?: CelProgram;
  readonly compileError?: string;
  readonly messageProgram?: CelProgram;
  /** The rule's fieldPath, checked and split. */
  readonly fieldPath: readonly FieldPathSegment[];
}

/** The rules at one schema node and the nodes below it that have rules (kube's cel.Validator). */
export interface RuleNode {
  /** The node's schema `type` ("" for int-or-string): the bad value of rule errors. */
  readonly schemaType: string;
  readonly type: DeclType;
  readonly rules: readonly CompiledRule[];
  readonly properties: ReadonlyMap<string, RuleNode>;
  readonly additionalProperties?: RuleNode;
  readonly items?: RuleNode;
  readonly listType?: string;
  readonly listMapKeys: readonly string[];
}

export interface CompiledSchemaRules {
  /** Undefined when the schema has no rules. */
  readonly root?: RuleNode;
  /** What kube's CRD validation reports about the rules, under the path compiled with. */
  readonly issues: readonly FieldError[];
}

/** kube's supportedValidationReason. */
const REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];
const hasNewlines = (s: string): boolean => /[\n\r]/.test(s);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

function readRule(raw: unknown): ValidationRule {
  const r = isObject(raw) ? raw : {};
  return {
    rule: str(r.rule), message: str(r.message), messageExpression: str(r.messageExpression), fieldPath: str(r.fieldPath),
    ...(typeof r.reason === 'string' ? { reason: r.reason } : {}),
    ...(typeof r.optionalOldSelf === 'boolean' ? { optionalOldSelf: r.optionalOldSelf } : {}),
  };
}

/** The rule as Go's %#v prints the internal apiextensions.ValidationRule (the bad value kube reports). */
export function goRule(r: ValidationRule): RawValue {
  const ptr = (type: string, set: boolean) => `(*${type})(${set ? '0xc000a0c0f0' : 'nil'})`;
  return new RawValue(`apiextensions.ValidationRule{Rule:${JSON.stringify(r.rule)}, Message:${JSON.stringify(r.message)}, `
    + `MessageExpression:${JSON.stringify(r.messageExpression)}, Reason:${ptr('apiextensions.FieldValueErrorReason', r.reason !== undefined)}, `
    + `FieldPath:${JSON.stringify(r.fieldPath)}, OptionalOldSelf:${ptr('bool', r.optionalOldSelf !== undefined)}}`);
}

interface Walk {
  readonly types: SchemaTypes;
  readonly issues: FieldError[];
}

let typePrefixes = 0;
const cache = new WeakMap<CelSchema, Map<string, CompiledSchemaRules>>();

/** Compiles every rule of `schema` (a version's openAPIV3Schema; its root is a resource root). */
export function compileSchemaRules(schema: CelSchema, options: { path?: string } = {}): CompiledSchemaRules {
  const path = options.path ?? '';
  const memo = cache.get(schema) ?? new Map<string, CompiledSchemaRules>();
  cache.set(schema, memo);
  const hit = memo.get(path);
  if (hit) return hit;
  let result: CompiledSchemaRules;
  if (!hasRules(schema)) {
    result = { issues: [] };
  } else {
    const env = newCelEnvironment();
    // kube names the type of `self` anew for each compilation so rules cannot depend on it
    const walk: Walk = { types: new SchemaTypes(env, `selfType${typePrefixes++}_`), issues: [] };
    const plan = declareTree(walk, schema, true, path);
    const root = plan ? compileTree(walk, plan, env) : undefined;
    result = { ...(root ? { root } : {}), issues: walk.issues };
  }
  memo.set(path, result);
  return result;
}

function hasRules(s: CelSchema | undefined): boolean {
  if (!s) return false;
  if (Array.isArray(s['x-kubernetes-validations']) && s['x-kubernetes-validations'].length > 0) return true;
  if (hasRules(asCelSchema(s.items)) || hasRules(asCelSchema(s.additionalProperties))) return true;
  return isObject(s.properties) && Object.values(s.properties).some((p) => hasRules(asCelSchema(p)));
}

/** A node of the schema with its type, before compilation (all types must be declared first). */
interface Plan {
  readonly schema: CelSchema;
  readonly path: string;
  readonly type?: DeclType;
  readonly rules: readonly ValidationRule[];
  /** The highest list above whose items old values do not correlate. */
  readonly uncorrelatable?: string;
  readonly properties: ReadonlyMap<string, Plan>;
  readonly additionalProperties?: Plan;
  readonly items?: Plan;
}

function declareTree(walk: Walk, s: CelSchema, isResourceRoot: boolean, path: string, uncorrelatable?: string): Plan | undefined {
  if (!hasRules(s)) return undefined;
  const type = walk.types.declare(s, isResourceRoot);
  const rules = (Array.isArray(s['x-kubernetes-validations']) ? s['x-kubernetes-validations'] : []).map(readRule);
  const properties = new Map<string, Plan>();
  for (const [k, raw] of Object.entries(isObject(s.properties) ? s.properties : {})) {
    const prop = asCelSchema(raw);
    if (!prop) continue;
    const p = declareTree(walk, prop, prop['x-kubernetes-embedded-resource'] === true, `${path}.properties[${k}]`, uncorrelatable);
    if (p) properties.set(k, p);
  }
  const additional = asCelSchema(s.additionalProperties);
  const items = asCelSchema(s.items);
  const itemsUncorrelatable = uncorrelatable ?? (s['x-kubernetes-list-type'] === 'map' ? undefined : path);
  return {
    schema: s, path, rules, properties, ...(type ? { type } : {}), ...(uncorrelatable ? { uncorrelatable } : {}),
    ...(additional ? { additionalProperties: declareTree(walk, additional, additional['x-kubernetes-embedded-resource'] === true, `${path}.additionalProperties`, uncorrelatable) } : {}),
    ...(items ? { items: declareTree(walk, items, items['x-kubernetes-embedded-resource'] === true, `${path}.items`, itemsUncorrelatable) } : {}),
  };
}

function compileTree(walk: Walk, plan: Plan, base: Environment): RuleNode | undefined {
  const rules = plan.rules.length > 0 ? compileNodeRules(walk, plan, base) : [];
  const properties = new Map<string, RuleNode>();
  for (const [k, p] of plan.properties) {
    const node = compileTree(walk, p, base);
    // as kube: a field CEL cannot see (no type) is left out of validation entirely
    if (node) properties.set(k, node);
  }
  const items = plan.items ? compileTree(walk, plan.items, base) : undefined;
  const additionalProperties = plan.additionalProperties ? compileTree(walk, plan.additionalProperties, base) : undefined;
  if (!plan.type || (rules.length === 0 && properties.size === 0 && !items && !additionalProperties)) return undefined;
  const s = plan.schema;
  return {
    schemaType: typeof s.type === 'string' ? s.type : '', type: plan.type, rules, properties,
    ...(items ? { items } : {}), ...(additionalProperties ? { additionalProperties } : {}),
    ...(typeof s['x-kubernetes-list-type'] === 'string' ? { listType: s['x-kubernetes-list-type'] } : {}),
    listMapKeys: Array.isArray(s['x-kubernetes-list-map-keys']) ? s['x-kubernetes-list-map-keys'].filter((x): x is string => typeof x === 'string') : [],
  };
}

/** The per-rule checks of ValidateCustomResourceDefinitionOpenAPISchema; true when any failed. */
function checkRuleFields(walk: Walk, plan: Plan): boolean {
  const before = walk.issues.length;
  plan.rules.forEach((r, i) => {
    const p = `${plan.path}.x-kubernetes-validations[${i}]`;
    const rule = r.rule.trim();
    const message = r.message.trim();
    if (rule === '') walk.issues.push(required(`${p}.rule`, 'rule is not specified'));
    else if (r.message !== '' && message === '') walk.issues.push(invalidValue(`${p}.message`, r.message, 'message must be non-empty if specified'));
    else if (r.message.length > 2048) walk.issues.push(invalidValue(`${p}.message`, r.message, 'message must have a maximum length of 2048 characters'));
    else if (hasNewlines(message)) walk.issues.push(invalidValue(`${p}.message`, r.message, 'message must not contain line breaks'));
    else if (hasNewlines(rule) && message === '') walk.issues.push(required(`${p}.message`, 'message must be specified if rule contains line breaks'));
    if (r.messageExpression !== '' && r.messageExpression.trim() === '') {
      walk.issues.push(required(`${p}.messageExpression`, 'messageExpression must be non-empty if specified'));
    }
    if (r.reason !== undefined && !REASONS.includes(r.reason)) walk.issues.push(notSupported(`${p}.reason`, r.reason, REASONS));
    if (r.fieldPath !== '' && r.fieldPath.trim() === '') walk.issues.push(invalidValue(`${p}.fieldPath`, r.fieldPath, 'fieldPath must be non-empty if specified'));
    if (hasNewlines(r.fieldPath)) walk.issues.push(invalidValue(`${p}.fieldPath`, r.fieldPath, 'fieldPath must not contain line breaks'));
    if (r.fieldPath !== '' && 'error' in parseFieldPath(r.fieldPath, walk.types.effectiveSchema(plan.schema, false))) {
      walk.issues.push(invalidValue(`${p}.fieldPath`, r.fieldPath, 'fieldPath must be a valid path'));
    }
  });
  return walk.issues.length > before;
}

function compileNodeRules(walk: Walk, plan: Plan, base: Environment): CompiledRule[] {
  const invalidRules = checkRuleFields(walk, plan);
  if (!plan.type) {
    walk.issues.push(internalError(`${plan.path}.x-kubernetes-validations`, 'internal error: failed to retrieve type information for x-kubernetes-validations'));
    return [];
  }
  const selfType = plan.type.cel;
  const envFor = (optionalOldSelf: boolean) => {
    const env = base.clone();
    env.registerVariable('self', selfType);
    env.registerVariable('oldSelf', optionalOldSelf ? `optional<${selfType}>` : selfType);
    return env;
  };
  const env = envFor(false);
  let optionalEnv: ReturnType<typeof envFor> | undefined;
  const compileOptions = { fieldsOf: walk.types.fieldsOf };
  return plan.rules.map((rule, i): CompiledRule => {
    const p = `${plan.path}.x-kubernetes-validations[${i}]`;
    const parsedPath = parseFieldPath(rule.fieldPath, walk.types.effectiveSchema(plan.schema, false));
    const fieldPath = rule.fieldPath !== '' && 'segments' in parsedPath ? parsedPath.segments : [];
    if (rule.rule.trim() === '' || invalidRules) return { rule, fieldPath };
    const ruleEnv = rule.optionalOldSelf === true ? (optionalEnv ??= envFor(true)) : env;
    const compiled = compileExpression(ruleEnv, rule.rule, { ...compileOptions, resultType: 'bool' });
    if (!compiled.ok) {
      const detail = compiled.wrongType ? 'cel expression must evaluate to a bool' : `compilation failed: ${compiled.error}`;
      walk.issues.push(invalidValue(`${p}.rule`, goRule(rule), detail));
      return { rule, fieldPath, compileError: detail };
    }
    let messageProgram: CelProgram | undefined;
    if (rule.messageExpression.trim() !== '') {
      const message = compileExpression(env, rule.messageExpression, { ...compileOptions, resultType: 'string' });
      if (message.ok) messageProgram = message.program;
      else {
        const detail = message.wrongType ? 'messageExpression must evaluate to a string' : `messageExpression compilation failed: ${message.error}`;
        walk.issues.push(invalidValue(`${p}.messageExpression`, goRule(rule), detail));
      }
    }
    if (compiled.program.usesOldSelf) {
      if (plan.uncorrelatable !== undefined) {
        walk.issues.push(invalidValue(`${p}.rule`, rule.rule, `oldSelf cannot be used on the uncorrelatable portion of the schema within ${plan.uncorrelatable}`));
      }
    } else if (rule.optionalOldSelf !== undefined) {
      walk.issues.push(invalidValue(`${p}.optionalOldSelf`, rule.optionalOldSelf, 'may not be set if oldSelf is not used in rule'));
    }
    return { rule, fieldPath, program: compiled.program, ...(messageProgram ? { messageProgram } : {}) };
  });
}
