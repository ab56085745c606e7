// PodDisruptionBudgets: how many of a set of pods voluntary disruptions may take at once. The disruption controller
// keeps status (currentHealthy, desiredHealthy, disruptionsAllowed); the eviction subresource (../eviction.ts)
// refuses an eviction the budget does not allow, which is what makes `kubectl drain` wait.
import { validatePodDisruptionBudget, validatePodDisruptionBudgetStatus, validatePodDisruptionBudgetUpdate } from '../admission/validate-policy';
import { podDisruptionBudgetPrinter } from '../tables/policy';
import { resource, type KindRecord } from './kind';

export const podDisruptionBudget: KindRecord = {
  resource: resource('policy', 'v1', 'PodDisruptionBudget', 'poddisruptionbudgets', true, ['pdb'], { subresources: ['status'] }),
  // The disruption budget's status starts with what the controller has not yet seen: nothing allowed.
  initialStatus: () => ({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
  validate: { create: validatePodDisruptionBudget, update: validatePodDisruptionBudgetUpdate, status: validatePodDisruptionBudgetStatus },
  printer: podDisruptionBudgetPrinter,
  protobuf: 'PodDisruptionBudget',
};
