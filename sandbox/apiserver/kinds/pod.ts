// Pods: Pending with their QoS class when created; bound by the binding subresource; deleted gracefully — a pod on
// a node stays (Terminating) until its kubelet has stopped it or the grace period is over.
import type { KubeObject } from '../../api/types';
import type { Pod } from '../../api/objects';
import { fieldOf, itemsOf, objectOf, pathOf } from '../../api/unchecked';
import { rfc3339 } from '../../util/clock';
import { defaultPod } from '../admission/defaults-pod';
import { validatePodCreate } from '../admission/validate-pod';
import { validatePodStatusUpdate, validatePodUpdate } from '../admission/validate-pod-update';
import { podPrinter } from '../tables/pods';
import { resource, type KindRecord } from './kind';

/** Bound to a node: the kubelet stops it before it disappears (graceful deletion). */
const gracePending = (pod: Pod) => !!pod.spec?.nodeName && (pod.metadata.deletionGracePeriodSeconds ?? 0) > 0;

/** The pod's QoS class from its containers' requests and limits (pkg/apis/core/helper/qos); before validation. */
function qosClass(pod: KubeObject): string {
  const containers = [...itemsOf(fieldOf(pod.spec, 'containers')), ...itemsOf(fieldOf(pod.spec, 'initContainers'))];
  let anySet = false;
  let guaranteed = true;
  for (const c of containers) {
    const req = objectOf(pathOf(c, 'resources', 'requests') ?? {});
    const lim = objectOf(pathOf(c, 'resources', 'limits') ?? {});
    if (Object.keys(req).length || Object.keys(lim).length) anySet = true;
    for (const r of ['cpu', 'memory']) {
      if (!lim[r] || (req[r] !== undefined && String(req[r]) !== String(lim[r]))) guaranteed = false;
    }
  }
  if (!anySet) return 'BestEffort';
  return guaranteed ? 'Guaranteed' : 'Burstable';
}

export const pod: KindRecord = {
  resource: resource('', 'v1', 'Pod', 'pods', true, ['po'], {
    inAll: true,
    subresources: ['status', 'log', 'exec', 'attach', 'portforward', 'proxy', 'binding', 'eviction', 'ephemeralcontainers'],
  }),
  defaults: defaultPod,
  initialStatus: (pod) => ({ phase: 'Pending', qosClass: qosClass(pod) }),
  validate: { create: validatePodCreate, update: validatePodUpdate, status: validatePodStatusUpdate },
  // The Priority plugin's update half: the priority it gave at creation stays when an update leaves it out.
  prepareForUpdate: (next: Pod, old: Pod) => {
    if (!next.spec || !old.spec) return;
    if (next.spec.priority === undefined && old.spec.priority !== undefined) next.spec.priority = old.spec.priority;
    if (next.spec.preemptionPolicy === undefined && old.spec.preemptionPolicy !== undefined) next.spec.preemptionPolicy = old.spec.preemptionPolicy;
  },
  deletion: {
    begin: (pod: Pod, gracePeriodSeconds, now) => {
      const meta = pod.metadata;
      const grace = gracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30;
      if (pod.spec?.nodeName && grace > 0) {
        const current = meta.deletionGracePeriodSeconds;
        if (current === undefined || grace < current) {
          meta.deletionGracePeriodSeconds = grace;
          meta.deletionTimestamp = rfc3339(new Date(now.getTime() + grace * 1000));
        }
      } else {
        meta.deletionGracePeriodSeconds = 0;
      }
      return gracePending(pod);
    },
    holds: gracePending,
  },
  printer: podPrinter,
  protobuf: 'Pod',
};
