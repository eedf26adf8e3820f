/**
 * Every admission plugin of a cluster, in kube-apiserver's order (mutating then validating passes
 * run in this list order): NamespaceLifecycle, ServiceAccount, DefaultTolerationSeconds, Priority.
 */
import type { KubeObject } from '../api/object.ts';
import { AdmissionChain } from './admission.ts';
import { defaultTolerationSeconds } from './default-toleration-seconds.ts';
import { namespaceLifecycle } from './namespace-lifecycle.ts';
import { priority } from './priority.ts';
import { serviceAccount } from './service-account.ts';

export interface AdmissionReaders {
  readonly getNamespace: (name: string) => Promise<KubeObject | undefined>;
  readonly getPriorityClass: (name: string) => Promise<KubeObject | undefined>;
  readonly listPriorityClasses: () => Promise<readonly KubeObject[]>;
}

export function defaultAdmission(readers: AdmissionReaders): AdmissionChain {
  return new AdmissionChain([
    namespaceLifecycle({ getNamespace: readers.getNamespace }),
    serviceAccount(),
    defaultTolerationSeconds(),
    priority({ getPriorityClass: readers.getPriorityClass, listPriorityClasses: readers.listPriorityClasses }),
  ]);
}
