/**
 * HorizontalPodAutoscalers as kube-apiserver v1.32 prints them (printHorizontalPodAutoscaler).
 * kube prints the internal form, so an autoscaling/v1 object must print exactly as its v2 form:
 * {@link hpaMetrics} performs the part of the v1 → internal conversion the printer depends on
 * (targetCPUUtilizationPercentage, the metric annotations v1 carries for v2-only metrics, and the
 * implicit 80% CPU target).
 *
 * TARGETS shows at most two metrics, e.g. "cpu: <unknown>/50%", "cpu: 12%/50%, memory:
 * 100Mi/200Mi + 1 more...".
 */
import type { KubeObject } from '../../api/object.ts';
import { AGE, NAME, age, column, nameOf } from './columns.ts';
import type { Printer } from './table.ts';
import { arr, num, obj, optNum, optObj, quantity, str, type JsonObject } from './value.ts';

/** Annotations in which autoscaling/v1 keeps the metrics it has no fields for. */
const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
/** The CPU target kube applies when an HPA names no metric (autoscaling.DefaultCPUUtilization). */
const DEFAULT_CPU_UTILIZATION = 80;

type MetricKey = 'object' | 'pods' | 'resource' | 'containerResource' | 'external';
const KEY_OF: Readonly<Record<string, MetricKey>> = {
  Object: 'object', Pods: 'pods', Resource: 'resource', ContainerResource: 'containerResource', External: 'external',
};

function cpuMetric(part: 'target' | 'current', utilization: number): JsonObject {
  return { type: 'Resource', resource: { name: 'cpu', [part]: { averageUtilization: utilization } } };
}

function parseAnnotation(o: KubeObject, key: string): readonly unknown[] | undefined {
  const text = o.metadata?.annotations?.[key];
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return arr(parsed);
  } catch {
    return []; // kube fails the conversion; an unreadable annotation prints as no metrics
  }
}

/** A v1 (v2beta1-style) MetricSpec/MetricStatus source in the v2 target/current shape. */
function v1Source(source: JsonObject, part: 'target' | 'current'): JsonObject {
  const value = part === 'target' ? source.targetValue : source.currentValue;
  const averageValue = part === 'target' ? source.targetAverageValue ?? source.averageValue : source.currentAverageValue ?? source.averageValue;
  const averageUtilization = part === 'target' ? source.targetAverageUtilization : source.currentAverageUtilization;
  return { name: source.name, [part]: { value, averageValue, averageUtilization } };
}

function fromV1(metric: unknown, part: 'target' | 'current'): JsonObject {
  const m = obj(metric);
  const key = KEY_OF[str(m.type)];
  return key === undefined ? m : { type: m.type, [key]: v1Source(obj(m[key]), part) };
}

/** Spec metrics and status metrics of an HPA of either version, in the v2 shape. */
export function hpaMetrics(hpa: KubeObject): { specs: readonly unknown[]; statuses: readonly unknown[] } {
  const spec = obj(hpa.spec);
  const status = obj(hpa.status);
  if (hpa.apiVersion !== 'autoscaling/v1') {
    const specs = arr(spec.metrics);
    return { specs: specs.length > 0 ? specs : [cpuMetric('target', DEFAULT_CPU_UTILIZATION)], statuses: arr(status.currentMetrics) };
  }
  const specs: unknown[] = (parseAnnotation(hpa, METRIC_SPECS_ANNOTATION) ?? []).map((m) => fromV1(m, 'target'));
  const cpu = optNum(spec.targetCPUUtilizationPercentage);
  if (cpu !== undefined) specs.push(cpuMetric('target', cpu));
  if (specs.length === 0) specs.push(cpuMetric('target', DEFAULT_CPU_UTILIZATION));
  const annotated = parseAnnotation(hpa, METRIC_STATUSES_ANNOTATION);
  const currentCpu = optNum(status.currentCPUUtilizationPercentage);
  const statuses = annotated !== undefined ? annotated.map((m) => fromV1(m, 'current'))
    : currentCpu !== undefined ? [cpuMetric('current', currentCpu)] : [];
  return { specs, statuses };
}

function present(value: unknown): boolean {
  return value !== undefined && value !== null;
}

function percent(value: unknown): string {
  return `${num(value)}%`;
}

/** One TARGETS entry (kube's formatHPAMetrics, per metric type). */
function formatMetric(spec: JsonObject, status: JsonObject | undefined): string {
  const key = KEY_OF[str(spec.type)];
  if (key === undefined) return '<unknown type>';
  const source = obj(spec[key]);
  const target = obj(source.target);
  const current = status ? optObj(status[key]) : undefined;
  const now = obj(current?.current);
  switch (key) {
    case 'external':
    case 'object':
      if (present(target.averageValue)) {
        const cur = current && present(now.averageValue) ? quantity(now.averageValue, '<nil>') : '<unknown>';
        return `${cur}/${quantity(target.averageValue, '<nil>')} (avg)`;
      }
      return `${current ? quantity(now.value, '<nil>') : '<unknown>'}/${quantity(target.value, '<nil>')}`;
    case 'pods':
      return `${current ? quantity(now.averageValue, '<nil>') : '<unknown>'}/${quantity(target.averageValue, '<nil>')}`;
    case 'resource':
    case 'containerResource': {
      const name = str(source.name);
      if (present(target.averageValue)) {
        return `${name}: ${current ? quantity(now.averageValue, '<nil>') : '<unknown>'}/${quantity(target.averageValue, '<nil>')}`;
      }
      const cur = current && present(now.averageUtilization) ? percent(now.averageUtilization) : '<unknown>';
      const goal = present(target.averageUtilization) ? percent(target.averageUtilization) : '<auto>';
      return `${name}: ${cur}/${goal}`;
    }
  }
}

/** The TARGETS cell: the first two metrics joined by ", ", then " + N more...". */
export function formatHpaMetrics(specs: readonly unknown[], statuses: readonly unknown[]): string {
  if (specs.length === 0) return '<none>';
  const max = 2;
  const list = specs.slice(0, max).map((s, i) => formatMetric(obj(s), i < statuses.length ? obj(statuses[i]) : undefined));
  const joined = list.join(', ');
  return specs.length > max ? `${joined} + ${specs.length - max} more...` : joined;
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    NAME,
    column('Reference', 'string', 'The scaled object, as Kind/name.'),
    column('Targets', 'string', 'Current and target values of the metrics.'),
    column('MinPods', 'string', 'Lower replica limit.'),
    column('MaxPods', 'string', 'Upper replica limit.'),
    column('Replicas', 'string', 'Current number of replicas.'),
    AGE,
  ],
  row(hpa, now) {
    const spec = obj(hpa.spec);
    const ref = obj(spec.scaleTargetRef);
    const { specs, statuses } = hpaMetrics(hpa);
    // Defaulting sets minReplicas 1; apply it for objects stored undefaulted.
    const minPods = String(optNum(spec.minReplicas) ?? 1);
    return [
      nameOf(hpa), `${str(ref.kind)}/${str(ref.name)}`, formatHpaMetrics(specs, statuses), minPods,
      num(spec.maxReplicas), num(obj(hpa.status).currentReplicas), age(hpa, now),
    ];
  },
};
