// The scheduler of one cluster (kube-scheduler's role), run by a manager of its own: it binds pending pods to
// nodes whether or not their kubelets are up yet, as a real control plane does.
import type { ObjectApi } from '../apiserver/object-api';
import { ControllerManager } from '../controller-runtime/controller';
import type { Clock } from '../util/clock';
import { Scheduler } from './scheduler';

export function startScheduler(api: ObjectApi, clock: Clock, log?: (m: string) => void): ControllerManager {
  const manager = new ControllerManager(api, clock, log);
  manager.add(new Scheduler(api, clock));
  manager.start();
  return manager;
}

export { Scheduler } from './scheduler';
