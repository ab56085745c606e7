// The Priority admission plugin (plugin/pkg/admission/priority): a new pod's spec.priority and preemptionPolicy
// come from its priorityClassName, or from the globalDefault class (priority 0 when there is none); an unknown
// class, or a priority the user wrote that the class does not give, is refused with kube-apiserver's words. On
// PriorityClasses it keeps the globalDefault unique. (Keeping a pod's priority across updates is the pod kind's
// prepareForUpdate, since here validation runs before admission.)
import { forbidden } from '../../api/errors';
import type { PriorityClass } from '../../api/objects';
import { findKind } from '../kinds/registry';
import type { ObjectApi } from '../object-api';
import { admittedAs, type AdmissionPlugin, type AdmissionRequest } from './admission';

const pcRes = findKind('PriorityClass')!;

/** getDefaultPriorityClass: with several (a race), the lowest value wins. */
export function defaultPriorityClass(api: ObjectApi): PriorityClass | undefined {
  const defaults = api.list(pcRes, undefined).items.filter((c) => c.globalDefault === true);
  return defaults.sort((a, b) => (a.value ?? 0) - (b.value ?? 0))[0];
}

function admitPriorityClass(req: AdmissionRequest, api: ObjectApi, pc: PriorityClass): void {
  if (pc.globalDefault !== true) return;
  const current = defaultPriorityClass(api);
  if (!current) return;
  if (req.operation === 'CREATE' || (req.operation === 'UPDATE' && current.metadata.name !== pc.metadata.name)) {
    throw forbidden(pcRes.group, pcRes.plural, String(pc.metadata.name ?? ''), `PriorityClass ${current.metadata.name} is already marked as default. Only one default can exist`);
  }
}

export const priorityPlugin: AdmissionPlugin = {
  name: 'Priority',
  admit(req: AdmissionRequest, api: ObjectApi): void {
    if (req.operation === 'DELETE') return;
    const pc = admittedAs(req, 'PriorityClass');
    if (pc) return admitPriorityClass(req, api, pc.obj);
    const admitted = admittedAs(req, 'Pod');
    if (!admitted || req.operation !== 'CREATE') return;
    const pod = admitted.obj;
    const spec = pod.spec!;
    const refuse = (why: string) => forbidden('', 'pods', String(pod.metadata.name ?? ''), why);
    let priority = 0;
    let policy: string | undefined = 'PreemptLowerPriority';
    if (!spec.priorityClassName) {
      const dpc = defaultPriorityClass(api);
      if (dpc) {
        spec.priorityClassName = dpc.metadata.name;
        priority = dpc.value ?? 0;
        policy = dpc.preemptionPolicy;
      }
    } else {
      const pc = api.tryGet(pcRes, undefined, spec.priorityClassName);
      if (!pc) throw refuse(`no PriorityClass with name ${spec.priorityClassName} was found`);
      priority = pc.value ?? 0;
      policy = pc.preemptionPolicy;
    }
    if (spec.priority !== undefined && spec.priority !== null && spec.priority !== priority) {
      throw refuse(`the integer value of priority (${spec.priority}) must not be provided in pod spec; priority admission controller computed ${priority} from the given PriorityClass name`);
    }
    spec.priority = priority;
    if (policy !== undefined) {
      if (spec.preemptionPolicy !== undefined && spec.preemptionPolicy !== null && spec.preemptionPolicy !== policy) {
        throw refuse(`the string value of PreemptionPolicy (${spec.preemptionPolicy}) must not be provided in pod spec; priority admission controller computed ${policy} from the given PriorityClass name`);
      }
      spec.preemptionPolicy = policy as typeof spec.preemptionPolicy;
    }
  },
};
