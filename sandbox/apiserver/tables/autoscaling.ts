// Rows for HorizontalPodAutoscalers (printHorizontalPodAutoscaler as of 1.31): the target as Kind/name, each metric
// as `cpu: 45%/50%` (its current value over its target, `<unknown>` before the controller has measured), the
// replica bounds and the current replicas.
import type { HorizontalPodAutoscaler } from '../../api/objects';
import { fieldOf, pathOf } from '../../api/unchecked';
import { age, ageColumn, column, int, nameColumn, type Printer } from './format';

/** One metric (and its status entry), as they come: formatHPAMetrics is also handed autoscaling/v1's converted ones. */
function metricText(spec: unknown, status: unknown): string {
  const type = fieldOf(spec, 'type');
  const source = fieldOf(spec, 'resource') ?? fieldOf(spec, 'containerResource');
  if ((type === 'Resource' || type === 'ContainerResource') && source) {
    const current = fieldOf(status, 'resource') ?? fieldOf(status, 'containerResource');
    const name = String(fieldOf(source, 'name'));
    const averageValue = pathOf(source, 'target', 'averageValue');
    if (averageValue !== undefined) {
      return `${name}: ${String(pathOf(current, 'current', 'averageValue') ?? '<unknown>')}/${String(averageValue)}`;
    }
    const now = pathOf(current, 'current', 'averageUtilization');
    const target = pathOf(source, 'target', 'averageUtilization');
    return `${name}: ${now !== undefined ? `${String(now)}%` : '<unknown>'}/${target !== undefined ? `${String(target)}%` : '<auto>'}`;
  }
  const typeText = String(type ?? '');
  const src = fieldOf(spec, typeText.charAt(0).toLowerCase() + typeText.slice(1));
  const target = pathOf(src, 'target', 'averageValue') ?? pathOf(src, 'target', 'value') ?? '<unknown>';
  return `${String(pathOf(src, 'metric', 'name') ?? type)}: <unknown>/${String(target)}`;
}

/** formatHPAMetrics: at most two metrics, then `+ N more...`. */
export function formatHPAMetrics(specs: unknown, statuses: unknown): string {
  const list = Array.isArray(specs) ? specs : [];
  const current = Array.isArray(statuses) ? statuses : [];
  if (!list.length) return '<none>';
  const shown = list.slice(0, 2).map((s, i) => metricText(s, current[i]));
  return list.length > 2 ? `${shown.join(', ')} + ${list.length - 2} more...` : shown.join(', ');
}

export const horizontalPodAutoscalerPrinter: Printer = {
  columns: [
    nameColumn(),
    column('Reference', 'string', 'part of HorizontalPodAutoscalerSpec'),
    column('Targets', 'string', 'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).'),
    column('MinPods', 'string', 'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.'),
    column('MaxPods', 'integer', 'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up.'),
    column('Replicas', 'integer', 'currentReplicas is current number of replicas of pods managed by this autoscaler.'),
    ageColumn(),
  ],
  cells: (hpa: HorizontalPodAutoscaler, now) => [
    hpa.metadata.name,
    `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`,
    formatHPAMetrics(hpa.spec?.metrics, hpa.status?.currentMetrics),
    hpa.spec?.minReplicas !== undefined ? String(hpa.spec.minReplicas) : '<unset>',
    int(hpa.spec?.maxReplicas),
    int(hpa.status?.currentReplicas),
    age(hpa, now),
  ],
};
