/**
 * Every CEL library of ekslite's Kubernetes environment, in one place (the libraries of
 * k8s.io/apiserver/pkg/cel/environment/base.go for Kubernetes 1.32 that CRD validation rules use).
 *
 * Not provided: the authorizer library (ValidatingAdmissionPolicy only), `format.named` /
 * `format.<name>()` (library.Format), and the two-variable comprehensions of 1.32's stored
 * expressions (new expressions in 1.32 compile against the 1.31 environment, which lacks them).
 */
import { cidrLibrary } from './cidr.ts';
import { ipLibrary } from './ip.ts';
import type { CelLibrary } from './library.ts';
import { listsLibrary } from './lists.ts';
import { quantityLibrary } from './quantity.ts';
import { regexLibrary } from './regex.ts';
import { setsLibrary } from './sets.ts';
import { stringsLibrary } from './strings.ts';
import { urlsLibrary } from './urls.ts';

export const KUBERNETES_CEL_LIBRARIES: readonly CelLibrary[] = [
  urlsLibrary, regexLibrary, listsLibrary, quantityLibrary, stringsLibrary, setsLibrary, ipLibrary, cidrLibrary,
];
