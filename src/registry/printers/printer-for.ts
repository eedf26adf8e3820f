/**
 * Every built-in printer, keyed by group and resource, and {@link printerFor}, which the API
 * server's Table conversion calls. Resources kube-apiserver has no printer for (roles,
 * clusterroles, limitranges, customresourcedefinitions, apiservices, …) get the default
 * NAME / CREATED AT printer, exactly as kube-apiserver does. Custom resources are printed by
 * {@link crdPrinter} from their CRD's additionalPrinterColumns, not from this table.
 */
import { certificateSigningRequestPrinter } from './certificates.ts';
import {
  mutatingWebhookConfigurationPrinter, validatingAdmissionPolicyBindingPrinter, validatingAdmissionPolicyPrinter,
  validatingWebhookConfigurationPrinter,
} from './admissionregistration.ts';
import { controllerRevisionPrinter, daemonSetPrinter, deploymentPrinter, replicaSetPrinter, statefulSetPrinter } from './apps.ts';
import { horizontalPodAutoscalerPrinter } from './autoscaling.ts';
import { cronJobPrinter, jobPrinter } from './batch.ts';
import { leasePrinter } from './coordination.ts';
import {
  componentStatusPrinter, configMapPrinter, namespacePrinter, replicationControllerPrinter, resourceQuotaPrinter,
  secretPrinter, serviceAccountPrinter,
} from './core.ts';
import { defaultPrinter } from './default.ts';
import { eventPrinter } from './event.ts';
import { ingressClassPrinter, ingressPrinter, networkPolicyPrinter } from './networking.ts';
import { nodePrinter, runtimeClassPrinter } from './node.ts';
import { podPrinter, podTemplatePrinter } from './pod.ts';
import { podDisruptionBudgetPrinter } from './policy.ts';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.ts';
import { priorityClassPrinter } from './scheduling.ts';
import { endpointSlicePrinter, endpointsPrinter, servicePrinter } from './service.ts';
import {
  csiDriverPrinter, csiNodePrinter, persistentVolumeClaimPrinter, persistentVolumePrinter, storageClassPrinter,
  volumeAttachmentPrinter,
} from './storage.ts';
import type { Printer } from './table.ts';

/** Printers by group, then resource (plural, lower case). The core group is "". */
const PRINTERS: Readonly<Record<string, Readonly<Record<string, Printer>>>> = {
  '': {
    pods: podPrinter,
    podtemplates: podTemplatePrinter,
    services: servicePrinter,
    endpoints: endpointsPrinter,
    nodes: nodePrinter,
    namespaces: namespacePrinter,
    events: eventPrinter,
    configmaps: configMapPrinter,
    secrets: secretPrinter,
    serviceaccounts: serviceAccountPrinter,
    replicationcontrollers: replicationControllerPrinter,
    resourcequotas: resourceQuotaPrinter,
    componentstatuses: componentStatusPrinter,
    persistentvolumes: persistentVolumePrinter,
    persistentvolumeclaims: persistentVolumeClaimPrinter,
  },
  apps: {
    deployments: deploymentPrinter,
    replicasets: replicaSetPrinter,
    daemonsets: daemonSetPrinter,
    statefulsets: statefulSetPrinter,
    controllerrevisions: controllerRevisionPrinter,
  },
  batch: { jobs: jobPrinter, cronjobs: cronJobPrinter },
  autoscaling: { horizontalpodautoscalers: horizontalPodAutoscalerPrinter },
  'events.k8s.io': { events: eventPrinter },
  'networking.k8s.io': { ingresses: ingressPrinter, ingressclasses: ingressClassPrinter, networkpolicies: networkPolicyPrinter },
  'discovery.k8s.io': { endpointslices: endpointSlicePrinter },
  policy: { poddisruptionbudgets: podDisruptionBudgetPrinter },
  'rbac.authorization.k8s.io': { rolebindings: roleBindingPrinter, clusterrolebindings: clusterRoleBindingPrinter },
  'storage.k8s.io': {
    storageclasses: storageClassPrinter,
    csidrivers: csiDriverPrinter,
    csinodes: csiNodePrinter,
    volumeattachments: volumeAttachmentPrinter,
  },
  'coordination.k8s.io': { leases: leasePrinter },
  'scheduling.k8s.io': { priorityclasses: priorityClassPrinter },
  'node.k8s.io': { runtimeclasses: runtimeClassPrinter },
  'admissionregistration.k8s.io': {
    mutatingwebhookconfigurations: mutatingWebhookConfigurationPrinter,
    validatingwebhookconfigurations: validatingWebhookConfigurationPrinter,
    validatingadmissionpolicies: validatingAdmissionPolicyPrinter,
    validatingadmissionpolicybindings: validatingAdmissionPolicyBindingPrinter,
  },
  'certificates.k8s.io': { certificatesigningrequests: certificateSigningRequestPrinter },
};

/**
 * The printer kube-apiserver uses for a built-in resource, or the default NAME / CREATED AT
 * printer. Versions do not matter: kube prints the internal form, and the HPA and Event printers
 * read either version's shape.
 * @example printerFor('apps', 'deployments').columns.map((c) => c.name) // ["Name", "Ready", …]
 */
export function printerFor(group: string, resource: string): Printer {
  const byResource = Object.hasOwn(PRINTERS, group) ? PRINTERS[group] : undefined;
  return byResource && Object.hasOwn(byResource, resource) ? byResource[resource] : defaultPrinter;
}

/** Whether kube-apiserver has a dedicated printer for the resource (else the default is used). */
export function hasPrinter(group: string, resource: string): boolean {
  return printerFor(group, resource) !== defaultPrinter;
}
