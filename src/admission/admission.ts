/**
 * Admission, after k8s.io/apiserver/pkg/admission: after authorization and before the registry,
 * mutating plugins may change the object, then validating plugins may reject it. Plugins are one
 * file each and listed in one registry file (plugins.ts). A rejection is a thrown StatusError.
 */
import type { KubeObject } from '../api/object.ts';
import type { ResourceInfo } from '../api/resource-info.ts';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

export interface AdmissionUser { readonly username: string; readonly groups: readonly string[] }

export interface AdmissionAttributes {
  readonly operation: Operation;
  readonly resource: ResourceInfo;
  readonly subresource: string;
  readonly namespace: string;
  readonly name: string;
  /** The incoming object (CREATE, UPDATE); mutating plugins may change it in place. */
  readonly object?: KubeObject;
  /** The stored object (UPDATE, DELETE). */
  readonly oldObject?: KubeObject;
  readonly user?: AdmissionUser;
  readonly dryRun: boolean;
}

export interface AdmissionPlugin {
  readonly name: string;
  /** Which operations the plugin looks at. */
  handles(operation: Operation): boolean;
  /** Mutating phase. */
  admit?(attributes: AdmissionAttributes): Promise<void> | void;
  /** Validating phase. */
  validate?(attributes: AdmissionAttributes): Promise<void> | void;
}

/** Runs every plugin's admit, then every plugin's validate, in list order. */
export class AdmissionChain {
  constructor(private readonly plugins: readonly AdmissionPlugin[]) {}

  async admit(attributes: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) if (p.admit && p.handles(attributes.operation)) await p.admit(attributes);
  }

  async validate(attributes: AdmissionAttributes): Promise<void> {
    for (const p of this.plugins) if (p.validate && p.handles(attributes.operation)) await p.validate(attributes);
  }
}
