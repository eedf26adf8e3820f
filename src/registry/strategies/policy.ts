/**
 * PodDisruptionBudgets, after pkg/registry/policy/poddisruptionbudget/strategy.go. The initial
 * status carries the four counters Go serialises even when zero.
 */
import { validatePodDisruptionBudget, validatePodDisruptionBudgetStatusUpdate, validatePodDisruptionBudgetUpdate } from '../../api/validation/policy.ts';
import { defineStrategy } from './define-strategy.ts';

export const podDisruptionBudgetStrategy = defineStrategy({
  tracksGeneration: true,
  validate: validatePodDisruptionBudget,
  validateUpdate: validatePodDisruptionBudgetUpdate,
  status: {
    initial: () => ({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
    validateUpdate: validatePodDisruptionBudgetStatusUpdate,
  },
});
