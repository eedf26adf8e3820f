/**
 * The scale of a pod's controller, for PodDisruptionBudgets given as maxUnavailable or as a
 * percentage, after the disruption controller's finders (getPodReplicationController,
 * getPodDeployment, getPodReplicaSet, getPodStatefulSet, getScaleController): the built-in
 * controllers are read from informer caches (a ReplicaSet run by a Deployment counts as the
 * Deployment); any other controller through its `scale` subresource.
 */
import type { ResourceTable } from '../../api/builtin-resources.ts';
import type { KubeObject, OwnerReference } from '../../api/object.ts';
import type { Client } from '../../client/client.ts';
import type { Informer } from '../../controller/informer.ts';

export interface ControllerInformers {
  readonly replicationControllers: Informer;
  readonly replicaSets: Informer;
  readonly deployments: Informer;
  readonly statefulSets: Informer;
}

export interface ControllerAndScale { readonly uid: string; readonly scale: number }

export function controllerOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');
const replicasOf = (o: KubeObject) => (o.spec as { replicas?: number } | undefined)?.replicas ?? 1;

export class ControllerScaleFinder {
  constructor(private readonly client: Client, private readonly informers: ControllerInformers, private readonly resources: ResourceTable) {}

  /**
   * as getExpectedScale: the sum of the scales of the pods' controllers, and the pods without a
   * controller (left out). Throws when a pod's controller cannot be found.
   */
  async expectedScale(pods: readonly KubeObject[]): Promise<{ scale: number; unmanaged: string[] }> {
    const scales = new Map<string, number>();
    const unmanaged: string[] = [];
    for (const pod of pods) {
      const ref = controllerOf(pod);
      if (!ref) { unmanaged.push(pod.metadata.name!); continue; }
      if (scales.has(ref.uid)) continue;
      const found = await this.find(ref, pod.metadata.namespace!);
      if (!found) throw new Error(`found no controllers for pod "${pod.metadata.name}"`);
      scales.set(found.uid, found.scale);
    }
    let scale = 0;
    for (const s of scales.values()) scale += s;
    return { scale, unmanaged };
  }

  async find(ref: OwnerReference, namespace: string): Promise<ControllerAndScale | undefined> {
    const group = groupOf(ref.apiVersion);
    const cached = (informer: Informer, name: string, uid: string) => {
      const o = informer.get(`${namespace}/${name}`);
      return o && o.metadata.uid === uid ? o : undefined;
    };
    if (group === '' && ref.kind === 'ReplicationController') {
      const rc = cached(this.informers.replicationControllers, ref.name, ref.uid);
      if (rc) return { uid: rc.metadata.uid!, scale: replicasOf(rc) };
    }
    if (group === 'apps' && ref.kind === 'ReplicaSet') {
      const rs = cached(this.informers.replicaSets, ref.name, ref.uid);
      const owner = rs && controllerOf(rs);
      if (rs && owner && owner.kind === 'Deployment' && groupOf(owner.apiVersion) === 'apps') {
        const d = cached(this.informers.deployments, owner.name, owner.uid);
        if (d) return { uid: d.metadata.uid!, scale: replicasOf(d) };
      } else if (rs) {
        return { uid: rs.metadata.uid!, scale: replicasOf(rs) };
      }
    }
    if (group === 'apps' && ref.kind === 'StatefulSet') {
      const ss = cached(this.informers.statefulSets, ref.name, ref.uid);
      if (ss) return { uid: ss.metadata.uid!, scale: replicasOf(ss) };
    }
    return this.fromScaleSubresource(ref, namespace);
  }

  /** as getScaleController: GET <controller>/scale, and check it is the same object (uid). */
  private async fromScaleSubresource(ref: OwnerReference, namespace: string): Promise<ControllerAndScale | undefined> {
    const group = groupOf(ref.apiVersion);
    const version = ref.apiVersion.slice(ref.apiVersion.indexOf('/') + 1);
    const info = this.resources.byKind({ group, version, kind: ref.kind }) ?? this.resources.byGroupKind({ group, kind: ref.kind });
    if (!info) throw new Error(`no matches for kind "${ref.kind}" in version "${ref.apiVersion}"`);
    if (!info.subresources.some((s) => s.name === 'scale')) throw new Error(`${info.resource}${info.group ? `.${info.group}` : ''} does not implement the scale subresource`);
    const prefix = info.group === '' ? `/api/${info.version}` : `/apis/${info.group}/${info.version}`;
    let scale: { metadata?: { uid?: string }; spec?: { replicas?: number } };
    try {
      scale = await this.client.call({ method: 'GET', path: `${prefix}/namespaces/${encodeURIComponent(namespace)}/${info.resource}/${encodeURIComponent(ref.name)}/scale` });
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
    if (scale.metadata?.uid !== ref.uid) return undefined;
    return { uid: ref.uid, scale: scale.spec?.replicas ?? 0 };
  }
}
