/**
 * What discovery says about built-in resources that OpenAPI does not carry: short names,
 * categories and singular names. Kube-apiserver takes them from each resource's REST storage
 * (pkg/registry/<group>/<resource>/storage: ShortNames(), Categories(), and the Store's
 * SingularQualifiedResource); they do not depend on the version served.
 *
 * Keys are GroupResource strings as Kubernetes prints them: "pods" for the core group,
 * "deployments.apps" for the others.
 */

export interface ResourceNames {
  readonly shortNames?: readonly string[];
  readonly categories?: readonly string[];
}

/**
 * The "all" category: what `kubectl get all` lists (pods, services, replicationcontrollers,
 * deployments, replicasets, statefulsets, daemonsets, jobs, cronjobs, horizontalpodautoscalers).
 */
const ALL = ['all'] as const;
/** The "api-extensions" category: the resources that extend the API or hook its admission. */
const API_EXTENSIONS = ['api-extensions'] as const;

export const RESOURCE_NAMES: Readonly<Record<string, ResourceNames>> = {
  // core
  componentstatuses: { shortNames: ['cs'] },
  configmaps: { shortNames: ['cm'] },
  endpoints: { shortNames: ['ep'] },
  events: { shortNames: ['ev'] },
  limitranges: { shortNames: ['limits'] },
  namespaces: { shortNames: ['ns'] },
  nodes: { shortNames: ['no'] },
  persistentvolumeclaims: { shortNames: ['pvc'] },
  persistentvolumes: { shortNames: ['pv'] },
  pods: { shortNames: ['po'], categories: ALL },
  replicationcontrollers: { shortNames: ['rc'], categories: ALL },
  resourcequotas: { shortNames: ['quota'] },
  serviceaccounts: { shortNames: ['sa'] },
  services: { shortNames: ['svc'], categories: ALL },
  // admissionregistration.k8s.io
  'mutatingwebhookconfigurations.admissionregistration.k8s.io': { categories: API_EXTENSIONS },
  'validatingwebhookconfigurations.admissionregistration.k8s.io': { categories: API_EXTENSIONS },
  'validatingadmissionpolicies.admissionregistration.k8s.io': { categories: API_EXTENSIONS },
  'validatingadmissionpolicybindings.admissionregistration.k8s.io': { categories: API_EXTENSIONS },
  'mutatingadmissionpolicies.admissionregistration.k8s.io': { categories: API_EXTENSIONS },
  'mutatingadmissionpolicybindings.admissionregistration.k8s.io': { categories: API_EXTENSIONS },
  // apiextensions.k8s.io, apiregistration.k8s.io
  'customresourcedefinitions.apiextensions.k8s.io': { shortNames: ['crd', 'crds'], categories: API_EXTENSIONS },
  'apiservices.apiregistration.k8s.io': { categories: API_EXTENSIONS },
  // apps
  'daemonsets.apps': { shortNames: ['ds'], categories: ALL },
  'deployments.apps': { shortNames: ['deploy'], categories: ALL },
  'replicasets.apps': { shortNames: ['rs'], categories: ALL },
  'statefulsets.apps': { shortNames: ['sts'], categories: ALL },
  // autoscaling, batch
  'horizontalpodautoscalers.autoscaling': { shortNames: ['hpa'], categories: ALL },
  'cronjobs.batch': { shortNames: ['cj'], categories: ALL },
  'jobs.batch': { categories: ALL },
  // certificates.k8s.io
  'certificatesigningrequests.certificates.k8s.io': { shortNames: ['csr'] },
  // events.k8s.io: the same short name as core events; discovery order makes "ev" mean core events
  'events.events.k8s.io': { shortNames: ['ev'] },
  // networking.k8s.io
  'ingresses.networking.k8s.io': { shortNames: ['ing'] },
  'networkpolicies.networking.k8s.io': { shortNames: ['netpol'] },
  // policy, scheduling.k8s.io, storage.k8s.io
  'poddisruptionbudgets.policy': { shortNames: ['pdb'] },
  'priorityclasses.scheduling.k8s.io': { shortNames: ['pc'] },
  'storageclasses.storage.k8s.io': { shortNames: ['sc'] },
  'volumeattributesclasses.storage.k8s.io': { shortNames: ['vac'] },
};

/** "pods" for the core group, "deployments.apps" otherwise (schema.GroupResource.String). */
export function groupResourceKey(group: string, resource: string): string {
  return group === '' ? resource : `${resource}.${group}`;
}

export function resourceNames(group: string, resource: string): ResourceNames {
  return RESOURCE_NAMES[groupResourceKey(group, resource)] ?? {};
}

/**
 * The singular name discovery reports: every built-in Store sets SingularQualifiedResource to
 * its kind in lower case ("endpoints" stays "endpoints", "networkpolicies" → "networkpolicy").
 */
export function singularName(kind: string): string {
  return kind.toLowerCase();
}
