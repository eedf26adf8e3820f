/**
 * HorizontalPodAutoscaler autoscaling/v1 ⇄ autoscaling/v2 (the storage version), after
 * pkg/apis/autoscaling/v1/conversion.go: v1's targetCPUUtilizationPercentage is v2's
 * `Resource cpu Utilization` metric; what v1 cannot express (other metrics, behavior, conditions,
 * current metrics) travels in the `autoscaling.alpha.kubernetes.io/*` annotations, so a v2 object
 * read and written back through v1 loses nothing.
 */
import type { KubeObject } from '../../api/object.ts';
import type { Conversion } from './conversion.ts';

const METRICS = 'autoscaling.alpha.kubernetes.io/metrics';
const BEHAVIOR = 'autoscaling.alpha.kubernetes.io/behavior';
const CONDITIONS = 'autoscaling.alpha.kubernetes.io/conditions';
const CURRENT_METRICS = 'autoscaling.alpha.kubernetes.io/current-metrics';

interface Metric { type?: string; resource?: { name?: string; target?: { type?: string; averageUtilization?: number } ; current?: { averageUtilization?: number } } }

const isCpuUtilization = (m: Metric) => m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.type === 'Utilization';

function takeAnnotation(obj: KubeObject, key: string): unknown {
  const v = obj.metadata.annotations?.[key];
  if (v === undefined) return undefined;
  delete obj.metadata.annotations![key];
  if (Object.keys(obj.metadata.annotations!).length === 0) delete obj.metadata.annotations;
  try { return JSON.parse(v); } catch { return undefined; }
}

function putAnnotation(obj: KubeObject, key: string, value: unknown): void {
  if (value === undefined || (Array.isArray(value) && value.length === 0)) return;
  obj.metadata.annotations = { ...(obj.metadata.annotations ?? {}), [key]: JSON.stringify(value) };
}

export const hpaV1Conversion: Conversion = {
  toStorage(obj) {
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    const { targetCPUUtilizationPercentage, ...rest } = spec as { targetCPUUtilizationPercentage?: number };
    const metrics: Metric[] = [];
    if (typeof targetCPUUtilizationPercentage === 'number') {
      metrics.push({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: targetCPUUtilizationPercentage } } });
    }
    const extra = takeAnnotation(obj, METRICS);
    if (Array.isArray(extra)) metrics.push(...(extra as Metric[]));
    const behavior = takeAnnotation(obj, BEHAVIOR);
    const v2spec: Record<string, unknown> = { ...rest };
    if (metrics.length) v2spec.metrics = metrics;
    if (behavior) v2spec.behavior = behavior;
    const status = (obj.status ?? undefined) as Record<string, unknown> | undefined;
    const conditions = takeAnnotation(obj, CONDITIONS);
    const currentExtra = takeAnnotation(obj, CURRENT_METRICS);
    let v2status: Record<string, unknown> | undefined;
    if (status) {
      const { currentCPUUtilizationPercentage, ...s } = status as { currentCPUUtilizationPercentage?: number };
      v2status = { ...s };
      const current: unknown[] = [];
      if (typeof currentCPUUtilizationPercentage === 'number') current.push({ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: currentCPUUtilizationPercentage } } });
      if (Array.isArray(currentExtra)) current.push(...currentExtra);
      if (current.length) v2status.currentMetrics = current;
      if (Array.isArray(conditions)) v2status.conditions = conditions;
    }
    const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v2', spec: v2spec };
    if (v2status) out.status = v2status; else delete out.status;
    return out;
  },
  fromStorage(obj) {
    const spec = (obj.spec ?? {}) as Record<string, unknown>;
    const { metrics, behavior, ...rest } = spec as { metrics?: Metric[]; behavior?: unknown };
    const v1spec: Record<string, unknown> = { ...rest };
    const others = (metrics ?? []).filter((m) => !isCpuUtilization(m));
    const cpu = (metrics ?? []).find(isCpuUtilization);
    if (cpu) v1spec.targetCPUUtilizationPercentage = cpu.resource!.target!.averageUtilization;
    const out: KubeObject = { ...obj, apiVersion: 'autoscaling/v1', metadata: { ...obj.metadata }, spec: v1spec };
    putAnnotation(out, METRICS, others);
    putAnnotation(out, BEHAVIOR, behavior);
    const status = obj.status as Record<string, unknown> | undefined;
    if (status) {
      const { currentMetrics, conditions, ...s } = status as { currentMetrics?: Metric[]; conditions?: unknown[] };
      const v1status: Record<string, unknown> = { ...s };
      const cpuNow = (currentMetrics ?? []).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
      if (cpuNow?.resource?.current?.averageUtilization !== undefined) v1status.currentCPUUtilizationPercentage = cpuNow.resource.current.averageUtilization;
      putAnnotation(out, CURRENT_METRICS, (currentMetrics ?? []).filter((m) => m !== cpuNow));
      putAnnotation(out, CONDITIONS, conditions);
      out.status = v1status;
    }
    return out;
  },
};
