export { CostLimitExceeded, CostMeter, PER_CALL_LIMIT, RUNTIME_COST_BUDGET } from './cost.ts';
export { newCelEnvironment } from './environment.ts';
export { evaluateExpression } from './evaluate.ts';
export { type FieldPathSegment, appendFieldPath, parseFieldPath } from './field-path.ts';
export { KUBERNETES_CEL_LIBRARIES } from './libraries.ts';
export { CelProgram, type CompileOptions, type CompileResult, type EvalResult, compileExpression } from './program.ts';
export { type CompiledRule, type CompiledSchemaRules, type RuleNode, type ValidationRule, compileSchemaRules, goRule } from './schema-rules.ts';
export { type CelSchema, type DeclType, escapeProperty } from './schema-types.ts';
export { CelObject, celOptional, toCelValue } from './values.ts';
