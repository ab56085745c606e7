// LimitRanges: per-container, per-pod and per-claim defaults and bounds in a namespace, applied to new pods and
// claims by the LimitRanger admission plugin (plugins/limit-ranger.ts). kubectl prints them as NAME and CREATED AT.
import { defaultLimitRange } from '../admission/defaults-quota';
import { validateLimitRange, validateLimitRangeUpdate } from '../admission/validate-quota';
import { resource, type KindRecord } from './kind';

export const limitRange: KindRecord = {
  resource: resource('', 'v1', 'LimitRange', 'limitranges', true, ['limits']),
  tracksGeneration: false,
  defaults: defaultLimitRange,
  validate: { create: validateLimitRange, update: validateLimitRangeUpdate },
};
