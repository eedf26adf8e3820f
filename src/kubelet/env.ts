/**
 * A container's environment, as kubelet's makeEnvironmentVariables builds it (kubelet_pods.go):
 * service link variables (lowest precedence), then `envFrom` sources in order with their prefix,
 * then `env` in order with `$(VAR)` expanded against the variables defined so far and the
 * service variables. A missing non-optional ConfigMap/Secret or key is a ContainerConfigError,
 * which the pod worker reports as CreateContainerConfigError with kubelet's message.
 */
import type { KubeObject } from '../api/object.ts';
import { type ApiObjects, ContainerConfigError, objectData } from './api-objects.ts';
import { expand, lookupIn } from './expansion.ts';
import { type FieldContext, podFieldValue, resourceFieldValue } from './field-ref.ts';
import type { Container, Pod } from './pod-types.ts';

export interface EnvContext extends FieldContext {
  readonly objects: ApiObjects;
  /** The node's allocatable, for resourceFieldRef limits that are unset. */
  readonly allocatable: Readonly<Record<string, string>>;
  /** Services visible to the pod (its namespace's, and default/kubernetes). */
  readonly services: readonly KubeObject[];
  /** Told about envFrom keys skipped as invalid names (kubelet's InvalidEnvironmentVariableNames event). */
  readonly onSkippedKeys?: (message: string) => void;
}

/** validation.IsEnvVarName as of v1.32. */
const ENV_VAR_NAME = /^[-._a-zA-Z][-._a-zA-Z0-9]*$/;

export async function containerEnv(pod: Pod, container: Container, ctx: EnvContext): Promise<Map<string, string>> {
  const namespace = pod.metadata.namespace ?? 'default';
  const services = serviceEnv(ctx.services.filter((s) =>
    (pod.spec.enableServiceLinks !== false && s.metadata.namespace === namespace) ||
    (s.metadata.namespace === 'default' && s.metadata.name === 'kubernetes')));
  const env = new Map<string, string>();

  for (const from of container.envFrom ?? []) {
    const prefix = from.prefix ?? '';
    let data: Map<string, Buffer> | undefined;
    let label: string;
    if (from.configMapRef) {
      const name = from.configMapRef.name ?? '';
      label = `configMap ${namespace}/${name}`;
      const cm = await ctx.objects.configMap(namespace, name);
      if (!cm && !from.configMapRef.optional) throw new ContainerConfigError(`configmap "${name}" not found`);
      data = cm && objectData(cm, 'ConfigMap');
    } else if (from.secretRef) {
      const name = from.secretRef.name ?? '';
      label = `secret ${namespace}/${name}`;
      const secret = await ctx.objects.secret(namespace, name);
      if (!secret && !from.secretRef.optional) throw new ContainerConfigError(`secret "${name}" not found`);
      data = secret && objectData(secret, 'Secret');
    } else {
      continue;
    }
    const invalid: string[] = [];
    for (const [k, v] of data ?? []) {
      const key = prefix + k;
      if (!ENV_VAR_NAME.test(key)) { invalid.push(k); continue; }
      env.set(key, v.toString('utf8'));
    }
    if (invalid.length > 0) {
      ctx.onSkippedKeys?.(`Keys [${invalid.sort().join(', ')}] from the EnvFrom ${label} were skipped since they are considered invalid environment variable names.`);
    }
  }

  for (const v of container.env ?? []) {
    if (v.value !== undefined || !v.valueFrom) {
      env.set(v.name, expand(v.value ?? '', lookupIn(env, services)));
      continue;
    }
    const from = v.valueFrom;
    if (from.fieldRef) env.set(v.name, podFieldValue(pod, from.fieldRef, ctx));
    else if (from.resourceFieldRef) env.set(v.name, resourceFieldValue(pod, container, from.resourceFieldRef, ctx.allocatable));
    else if (from.configMapKeyRef) {
      const { name = '', key, optional } = from.configMapKeyRef;
      const cm = await ctx.objects.configMap(namespace, name);
      if (!cm) { if (optional) continue; throw new ContainerConfigError(`configmap "${name}" not found`); }
      const value = objectData(cm, 'ConfigMap').get(key);
      if (value === undefined) { if (optional) continue; throw new ContainerConfigError(`couldn't find key ${key} in ConfigMap ${namespace}/${name}`); }
      env.set(v.name, value.toString('utf8'));
    } else if (from.secretKeyRef) {
      const { name = '', key, optional } = from.secretKeyRef;
      const secret = await ctx.objects.secret(namespace, name);
      if (!secret) { if (optional) continue; throw new ContainerConfigError(`secret "${name}" not found`); }
      const value = objectData(secret, 'Secret').get(key);
      if (value === undefined) { if (optional) continue; throw new ContainerConfigError(`couldn't find key ${key} in Secret ${namespace}/${name}`); }
      env.set(v.name, value.toString('utf8'));
    }
  }

  for (const [k, v] of services) if (!env.has(k)) env.set(k, v);
  return env;
}

/**
 * Docker-link style variables for services with a cluster IP, as kubelet's envvars.FromServices:
 * `{SVC}_SERVICE_HOST`, `{SVC}_SERVICE_PORT`, `{SVC}_SERVICE_PORT_{NAME}`, `{SVC}_PORT`,
 * `{SVC}_PORT_{port}_{PROTO}[_PROTO|_PORT|_ADDR]`.
 */
export function serviceEnv(services: readonly KubeObject[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const svc of services) {
    const spec = (svc.spec ?? {}) as { clusterIP?: string; ports?: { name?: string; port: number; protocol?: string }[] };
    const ip = spec.clusterIP;
    if (!ip || ip === 'None') continue;
    const name = (svc.metadata.name ?? '').toUpperCase().replace(/-/g, '_');
    const ports = spec.ports ?? [];
    out.set(`${name}_SERVICE_HOST`, ip);
    if (ports.length > 0) out.set(`${name}_SERVICE_PORT`, String(ports[0].port));
    for (const p of ports) if (p.name) out.set(`${name}_SERVICE_PORT_${p.name.toUpperCase().replace(/-/g, '_')}`, String(p.port));
    if (ports.length === 0) continue;
    const first = ports[0];
    out.set(`${name}_PORT`, `${(first.protocol ?? 'TCP').toLowerCase()}://${ip}:${first.port}`);
    for (const p of ports) {
      const proto = (p.protocol ?? 'TCP');
      const prefix = `${name}_PORT_${p.port}_${proto.toUpperCase()}`;
      out.set(prefix, `${proto.toLowerCase()}://${ip}:${p.port}`);
      out.set(`${prefix}_PROTO`, proto.toLowerCase());
      out.set(`${prefix}_PORT`, String(p.port));
      out.set(`${prefix}_ADDR`, ip);
    }
  }
  return out;
}
