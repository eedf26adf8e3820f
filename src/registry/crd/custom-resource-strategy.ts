/**
 * The Strategy of one served version of a custom resource, after apiextensions-apiserver
 * pkg/registry/customresource/strategy.go (customResourceStrategy, statusStrategy) and
 * validator.go, composed over the generic fallback (registry/strategies/generic.ts: metadata
 * rules with DNS-subdomain names, status and scale subresources):
 *
 * - bodies are pruned of unknown fields, then defaulted (prune.ts, default.ts), as kube's
 *   decoding does before the strategy runs; /status bodies likewise;
 * - create: status is dropped when the status subresource is on; generation starts at 1;
 * - generation: with the status subresource, any change outside metadata and status bumps it
 *   (status cannot change on the main resource) and /status never does; without it, any change
 *   outside metadata bumps it, status included (kube's copyNonMetadata comparison);
 * - validation: metadata, the structural schema (ratcheted on update), the scale fields, embedded
 *   resources and x-kubernetes-list-type invariants (list checks skipped on update when the
 *   stored object already broke them, as kube does); then the x-kubernetes-validations rules
 *   (validate-cel-rules.ts, compiled once per version), unless one of those errors blocks them
 *   (hasBlockingErr: a Required, Unsupported, Too long, Too many or type error), when kube
 *   reports instead that "some validation rules were not checked".
 */
import { compileSchemaRules } from '../../api/cel/index.ts';
import { type FieldError, type FieldErrorType, invalidValue } from '../../api/field-error.ts';
import type { KubeObject } from '../../api/object.ts';
import { deepEqual } from '../../api/validation/access.ts';
import { validateObjectMetaUpdate } from '../../api/validation/object-meta.ts';
import { genericStrategy } from '../strategies/generic.ts';
import { statusSubresource } from '../strategies/status-subresource.ts';
import type { Strategy } from '../strategy.ts';
import { applySchemaDefaults } from './default.ts';
import { validateEmbeddedResources } from './embedded-resource.ts';
import type { JSONSchemaProps } from './json-schema-props.ts';
import { validateListSetsAndMaps } from './list-type.ts';
import { pruneCustomResource } from './prune.ts';
import { type CustomResourceScale, validateScaleSpec, validateScaleStatus } from './scale-validation.ts';
import { validateCelRules } from './validate-cel-rules.ts';
import { validateAgainstSchema } from './validate-custom-resource.ts';

export interface CustomResourceStrategyOptions {
  readonly namespaced: boolean;
  /** The served version's `schema.openAPIV3Schema`. */
  readonly schema?: JSONSchemaProps;
  /** The version's `subresources.status` is set. @default false */
  readonly statusSubresource?: boolean;
  /** The version's `subresources.scale`. */
  readonly scale?: CustomResourceScale;
}

/** The error types that keep CEL rules from running (customresource strategy.go, hasBlockingErr). */
const BLOCKING: ReadonlySet<FieldErrorType> = new Set<FieldErrorType>([
  'FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany', 'FieldValueTypeInvalid',
]);

/** `errs`, then the rules' errors — or, when `errs` blocks them, kube's notice that they did not run. */
function withCelRules(errs: FieldError[], obj: KubeObject, schema: JSONSchemaProps | undefined, old?: KubeObject): FieldError[] {
  const rules = schema ? compileSchemaRules(schema).root : undefined;
  if (!rules) return errs;
  if (errs.some((e) => BLOCKING.has(e.type))) {
    // field.Invalid(nil, nil, …): a nil path and a nil value, which Go prints as "null"
    return [...errs, invalidValue('<nil>', 'null', 'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation')];
  }
  return [...errs, ...validateCelRules(obj, rules, old ? { old } : {})];
}

/** Everything but metadata (and the type meta, which differs only across served versions). */
function nonMetadata(obj: KubeObject): Record<string, unknown> {
  const { metadata: _m, apiVersion: _a, kind: _k, ...rest } = obj;
  return rest;
}

export function customResourceStrategy(options: CustomResourceStrategyOptions): Strategy {
  const { schema, scale } = options;
  const withStatus = options.statusSubresource === true;
  // With /status the Store's own generation rule is kube's; without it, status changes count too.
  const base = genericStrategy({ namespaced: options.namespaced, statusSubresource: withStatus, tracksGeneration: withStatus, scale });
  const normalise = (obj: KubeObject): void => {
    pruneCustomResource(obj, schema);
    applySchemaDefaults(obj, schema);
  };
  const validateBody = (obj: KubeObject, old?: KubeObject): FieldError[] => [
    ...validateAgainstSchema(obj, schema, old ? { old } : {}),
    ...validateScaleSpec(obj, scale),
    ...validateScaleStatus(obj, scale),
    ...validateEmbeddedResources(obj, schema),
  ];
  const listErrors = (obj: KubeObject, old?: KubeObject): FieldError[] =>
    (old && validateListSetsAndMaps(old, schema).length > 0 ? [] : validateListSetsAndMaps(obj, schema));

  return {
    ...base,
    applyDefaults: normalise,
    unknownFields: (obj) => pruneCustomResource(structuredClone(obj), schema),
    prepareForCreate(obj) {
      base.prepareForCreate?.(obj);
      obj.metadata.generation = 1;
    },
    prepareForUpdate(obj, old) {
      base.prepareForUpdate?.(obj, old);
      if (!withStatus) {
        const generation = old.metadata.generation ?? 1;
        obj.metadata.generation = deepEqual(nonMetadata(obj), nonMetadata(old)) ? generation : generation + 1;
      }
    },
    validate: (obj) => withCelRules([...base.validate(obj), ...validateBody(obj), ...listErrors(obj)], obj, schema),
    validateUpdate: (obj, old) => withCelRules([...base.validateUpdate(obj, old), ...validateBody(obj, old), ...listErrors(obj, old)], obj, schema, old),
    status: withStatus
      ? statusSubresource({
        defaults: normalise,
        validateUpdate: (obj, old) => withCelRules([
          ...validateObjectMetaUpdate(obj.metadata, old.metadata, { standardFinalizers: false }),
          ...validateAgainstSchema(obj, schema, { old }),
          ...validateScaleStatus(obj, scale),
          ...listErrors(obj, old),
        ], obj, schema, old),
      })
      : undefined,
  };
}
