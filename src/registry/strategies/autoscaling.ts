/**
 * HorizontalPodAutoscalers (autoscaling/v1 and v2), after pkg/registry/autoscaling/
 * horizontalpodautoscaler/strategy.go. HPAs do not track metadata.generation. The served version
 * decides the initial status' shape: v1 serialises currentReplicas and desiredReplicas even when
 * zero, v2 only desiredReplicas.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsHorizontalPodAutoscaler } from '../../api/defaults/autoscaling.ts';
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerStatusUpdate, validateHorizontalPodAutoscalerUpdate } from '../../api/validation/autoscaling.ts';
import { defineStrategy } from './define-strategy.ts';

export const horizontalPodAutoscalerStrategy = defineStrategy({
  defaults: setDefaultsHorizontalPodAutoscaler,
  validate: validateHorizontalPodAutoscaler,
  validateUpdate: validateHorizontalPodAutoscalerUpdate,
  status: {
    initial: (hpa: KubeObject) => (hpa.apiVersion === 'autoscaling/v1' ? { currentReplicas: 0, desiredReplicas: 0 } : { desiredReplicas: 0 }),
    validateUpdate: validateHorizontalPodAutoscalerStatusUpdate,
  },
});
