/**
 * The objects a kubelet reads besides its pods (ConfigMaps, Secrets, Services, PVCs, PVs), read
 * through the Client as kubelet's configmap/secret managers do, with a missing object as undefined
 * rather than an error.
 */
import type { GroupVersionResource, KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { CONFIGMAPS, PVCS, PVS, SECRETS, SERVICES } from './pod-types.ts';

export class ApiObjects {
  constructor(readonly client: Client) {}

  async get(gvr: GroupVersionResource, namespace: string | undefined, name: string): Promise<KubeObject | undefined> {
    const rc = namespace ? this.client.resource(gvr).namespace(namespace) : this.client.resource(gvr);
    try {
      return await rc.get(name);
    } catch (e) {
      if ((e as { code?: number }).code === 404) return undefined;
      throw e;
    }
  }

  configMap(namespace: string, name: string): Promise<KubeObject | undefined> { return this.get(CONFIGMAPS, namespace, name); }
  secret(namespace: string, name: string): Promise<KubeObject | undefined> { return this.get(SECRETS, namespace, name); }
  pvc(namespace: string, name: string): Promise<KubeObject | undefined> { return this.get(PVCS, namespace, name); }
  pv(name: string): Promise<KubeObject | undefined> { return this.get(PVS, undefined, name); }

  async services(namespace: string): Promise<KubeObject[]> {
    return (await this.client.resource(SERVICES).namespace(namespace).list()).items;
  }
}

/** The data of a ConfigMap (data and binaryData) or Secret (data, base64-decoded), as bytes. */
export function objectData(obj: KubeObject, kind: 'ConfigMap' | 'Secret'): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const isSecret = kind === 'Secret';
  const data = (obj.data ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(data)) out.set(k, isSecret ? Buffer.from(v, 'base64') : Buffer.from(v, 'utf8'));
  const binary = (obj.binaryData ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(binary)) out.set(k, Buffer.from(v, 'base64'));
  if (isSecret) for (const [k, v] of Object.entries((obj.stringData ?? {}) as Record<string, string>)) out.set(k, Buffer.from(v, 'utf8'));
  return out;
}

/** A failure the kubelet reports as the container's waiting reason (CreateContainerConfigError…). */
export class ContainerConfigError extends Error {
  override name = 'ContainerConfigError';
}
