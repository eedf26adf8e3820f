/**
 * apiextensions.k8s.io/v1 defaulting after
 * staging/src/k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1/defaults.go
 * (SetDefaults_CustomResourceDefinitionSpec, SetDefaults_ServiceReference).
 */
import type { KubeObject } from '../object.ts';
import { asObj, asStr, ensureObj, setDefault } from '../validation/access.ts';

/** singular = lower-case kind, listKind = kind + "List", conversion None; webhook port 443. */
export function setDefaultsCustomResourceDefinition(crd: KubeObject): void {
  const spec = ensureObj(crd, 'spec');
  const names = ensureObj(spec, 'names');
  const kind = asStr(names.kind);
  if (asStr(names.singular) === '') names.singular = kind.toLowerCase();
  if (asStr(names.listKind) === '' && kind !== '') names.listKind = `${kind}List`;
  const conversion = ensureObj(spec, 'conversion');
  setDefault(conversion, 'strategy', 'None');
  const service = asObj(asObj(asObj(conversion.webhook)?.clientConfig)?.service);
  if (service) setDefault(service, 'port', 443);
}
