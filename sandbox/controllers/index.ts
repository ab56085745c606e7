// The controllers a kubelab cluster runs, started together behind one manager (kube-controller-manager's role),
// the node lifecycle controller among them. The Cluster composition root calls startControllers once; tests call it
// on an in-process ObjectApi.
import type { ObjectApi } from '../apiserver/object-api';
import type { Clock } from '../util/clock';
import { ControllerManager } from '../controller-runtime/controller';
import { DeploymentController } from './deployment';
import { GarbageCollector } from './garbage-collector';
import { NamespaceController } from './namespace';
import { ReplicaSetController } from './replicaset';
import { EndpointsController } from './endpoints';
import { ServiceLoadBalancerController, type ExternalAddressAllocator } from './service-lb';
import { JobController } from './job';
import { TTLAfterFinishedController } from './ttl-after-finished';
import { CronJobController } from './cronjob';
import { StatefulSetController } from './statefulset';
import { DaemonSetController } from './daemonset';
import { PersistentVolumeController } from './persistent-volume';
import { NodeLifecycleController } from './node-lifecycle';
import { ResourceQuotaController } from './resource-quota';
import { DisruptionController } from './disruption';
import { HorizontalPodAutoscalerController } from './horizontal-pod-autoscaler';
import type { ResourceMetricsSource } from '../apiserver/metrics';
import { autoscalingTimingsOf, type AutoscalingTimings } from '../lib/autoscaling-timings';
import { nodeTimingsOf, type NodeTimings } from '../lib/node-timings';
import { ClusterRoleAggregationController } from './clusterrole-aggregation';
import { ServiceAccountsController } from './serviceaccounts';
import { RootCAPublisher } from './root-ca-publisher';

export interface ControllerOptions {
  /** Where LoadBalancer Services get their external addresses (the docker runtime's network); none under sim. */
  externalAddresses?: ExternalAddressAllocator;
  /** When a silent node turns NotReady and its pods are evicted (default: a real cluster's). */
  nodeTimings?: Partial<NodeTimings>;
  /** Where the HorizontalPodAutoscaler reads resource metrics (the node agents' metrics reader). */
  metrics?: () => ResourceMetricsSource | undefined;
  /** How often HPAs sync and how their windows are scaled (default: a real cluster's). */
  autoscaling?: Partial<AutoscalingTimings>;
  /** The CA pods trust for the API server, published as kube-root-ca.crt in every namespace. */
  rootCA?: string;
}

export function startControllers(api: ObjectApi, clock: Clock, log?: (m: string) => void, opts: ControllerOptions = {}): ControllerManager {
  const manager = new ControllerManager(api, clock, log);
  const timings = nodeTimingsOf(opts.nodeTimings);
  manager.add(new ReplicaSetController(api, clock));
  manager.add(new DeploymentController(api, clock));
  manager.add(new GarbageCollector(api));
  manager.add(new NamespaceController(api, clock, log));
  manager.add(new EndpointsController(api));
  manager.add(new ServiceLoadBalancerController(api, opts.externalAddresses));
  manager.add(new JobController(api, clock));
  manager.add(new TTLAfterFinishedController(api, clock));
  manager.add(new CronJobController(api, clock));
  manager.add(new StatefulSetController(api, clock));
  manager.add(new DaemonSetController(api, clock));
  manager.add(new PersistentVolumeController(api));
  manager.add(new ResourceQuotaController(api, clock));
  manager.add(new DisruptionController(api, clock));
  manager.add(new HorizontalPodAutoscalerController(api, clock, opts.metrics ?? (() => undefined), autoscalingTimingsOf(opts.autoscaling)));
  manager.add(new ClusterRoleAggregationController(api));
  manager.add(new ServiceAccountsController(api));
  manager.add(new RootCAPublisher(api, opts.rootCA ?? ''));
  manager.add(new NodeLifecycleController(api, clock, { gracePeriodMs: timings.nodeMonitorGracePeriodMs, evictionScale: timings.evictionScale }));
  manager.start();
  return manager;
}

export { ControllerManager } from '../controller-runtime/controller';
export type { Controller, ReconcileResult, WatchSpec } from '../controller-runtime/controller';
