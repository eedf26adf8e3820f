/**
 * HorizontalPodAutoscaler defaulting after pkg/apis/autoscaling/v1/defaults.go and
 * pkg/apis/autoscaling/v2/defaults.go (SetDefaults_HorizontalPodAutoscaler,
 * SetDefaults_HorizontalPodAutoscalerBehavior, GenerateHPAScaleUpRules/ScaleDownRules).
 */
import type { KubeObject } from '../object.ts';
import { type Obj, asArr, asObj, ensureObj, setDefault } from '../validation/access.ts';

/** autoscaling.DefaultCPUUtilization. */
export const DEFAULT_CPU_UTILIZATION = 80;

const scaleUpRules = (): Obj => ({
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
});
// stabilizationWindowSeconds is left nil: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
const scaleDownRules = (): Obj => ({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });

/** copyHPAScalingRules: the user's fields over the defaults. */
function mergeRules(from: unknown, defaults: Obj): Obj {
  const f = asObj(from);
  if (!f) return defaults;
  for (const k of ['selectPolicy', 'stabilizationWindowSeconds', 'policies']) if (f[k] !== undefined && f[k] !== null) defaults[k] = f[k];
  return defaults;
}

/**
 * autoscaling/v2: minReplicas 1; CPU at 80% when no metrics; a behavior, when given, completed
 * rule by rule. autoscaling/v1: minReplicas 1, and targetCPUUtilizationPercentage 80 when unset —
 * what a v1 client reads back, since the object is stored as v2 and defaulted there.
 */
export function setDefaultsHorizontalPodAutoscaler(hpa: KubeObject): void {
  const spec = ensureObj(hpa, 'spec');
  setDefault(spec, 'minReplicas', 1);
  if (hpa.apiVersion === 'autoscaling/v1') {
    setDefault(spec, 'targetCPUUtilizationPercentage', DEFAULT_CPU_UTILIZATION);
    return;
  }
  if (asArr(spec.metrics).length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: DEFAULT_CPU_UTILIZATION } } }];
  }
  const behavior = asObj(spec.behavior);
  if (behavior) {
    behavior.scaleUp = mergeRules(behavior.scaleUp, scaleUpRules());
    behavior.scaleDown = mergeRules(behavior.scaleDown, scaleDownRules());
  }
}
