/**
 * admissionregistration.k8s.io/v1 kinds as kube-apiserver v1.32 prints them: webhook
 * configurations, ValidatingAdmissionPolicies and their bindings.
 */
import { AGE, NAME, age, column, nameOf } from './columns.ts';
import { selectorString } from './labels.ts';
import type { Printer } from './table.ts';
import { arr, obj, optObj, str } from './value.ts';

const webhookConfigurationPrinter: Printer = {
  columns: [NAME, column('Webhooks', 'integer', 'Number of webhooks in the configuration.'), AGE],
  row: (o, now) => [nameOf(o), arr(o.webhooks).length, age(o, now)],
};
export const mutatingWebhookConfigurationPrinter = webhookConfigurationPrinter;
export const validatingWebhookConfigurationPrinter = webhookConfigurationPrinter;

export const validatingAdmissionPolicyPrinter: Printer = {
  columns: [
    NAME,
    column('Validations', 'integer', 'Number of validation rules in the policy.'),
    column('ParamKind', 'string', 'Kind of the resources that parameterise the policy.'),
    AGE,
  ],
  row(o, now) {
    const spec = obj(o.spec);
    const paramKind = optObj(spec.paramKind);
    return [
      nameOf(o), arr(spec.validations).length,
      paramKind ? `${str(paramKind.apiVersion)}/${str(paramKind.kind)}` : '<unset>', age(o, now),
    ];
  },
};

/** The PARAMREF cell: "namespace/name" (namespace "*" when unset), or the selector. */
function paramRef(spec: Readonly<Record<string, unknown>>): string {
  const ref = optObj(spec.paramRef);
  if (!ref) return '<unset>';
  const name = str(ref.name);
  if (name !== '') return `${str(ref.namespace) || '*'}/${name}`;
  const selector = optObj(ref.selector);
  return selector ? selectorString(selector) ?? '' : '<unset>';
}

export const validatingAdmissionPolicyBindingPrinter: Printer = {
  columns: [
    NAME,
    column('PolicyName', 'string', 'The policy the binding applies.'),
    column('ParamRef', 'string', 'The parameter resource the binding passes to the policy.'),
    AGE,
  ],
  row(o, now) {
    const spec = obj(o.spec);
    return [nameOf(o), str(spec.policyName), paramRef(spec), age(o, now)];
  },
};
