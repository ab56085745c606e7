// Typed objects of the kinds kubelab's own code reads and writes (controllers, kubelets, scheduler, tables, grader).
// The shapes come from kubernetes-models (generated from Kubernetes' OpenAPI), imported with `import type` only:
// the package is never loaded at run time. Where what the API really sends differs from the generated types we say
// so here — condition times are null on the wire (a zero metav1.Time), and templates carry our ObjectMeta.
// Bodies from learners are not these types until validation has passed: admission code works on `unknown`.
import type { ObjectMeta, KubeObject } from './types';
import type { ILabelSelector } from '@kubernetes-models/apimachinery/apis/meta/v1/LabelSelector';
import type { IAffinity } from 'kubernetes-models/v1/Affinity';
import type { IConfigMap } from 'kubernetes-models/v1/ConfigMap';
import type { IContainer } from 'kubernetes-models/v1/Container';
import type { IContainerPort } from 'kubernetes-models/v1/ContainerPort';
import type { IContainerStateRunning } from 'kubernetes-models/v1/ContainerStateRunning';
import type { IContainerStateTerminated } from 'kubernetes-models/v1/ContainerStateTerminated';
import type { IContainerStateWaiting } from 'kubernetes-models/v1/ContainerStateWaiting';
import type { IContainerStatus } from 'kubernetes-models/v1/ContainerStatus';
import type { IDownwardAPIVolumeFile } from 'kubernetes-models/v1/DownwardAPIVolumeFile';
import type { IEndpointAddress } from 'kubernetes-models/v1/EndpointAddress';
import type { IEndpointPort } from 'kubernetes-models/v1/EndpointPort';
import type { IEndpointSubset } from 'kubernetes-models/v1/EndpointSubset';
import type { IEnvVar } from 'kubernetes-models/v1/EnvVar';
import type { IHTTPGetAction } from 'kubernetes-models/v1/HTTPGetAction';
import type { IEvent } from 'kubernetes-models/v1/Event';
import type { IKeyToPath } from 'kubernetes-models/v1/KeyToPath';
import type { INamespaceCondition } from 'kubernetes-models/v1/NamespaceCondition';
import type { INamespaceSpec } from 'kubernetes-models/v1/NamespaceSpec';
import type { INamespaceStatus } from 'kubernetes-models/v1/NamespaceStatus';
import type { INodeAddress } from 'kubernetes-models/v1/NodeAddress';
import type { INodeCondition } from 'kubernetes-models/v1/NodeCondition';
import type { INodeSelectorRequirement } from 'kubernetes-models/v1/NodeSelectorRequirement';
import type { INodeSelectorTerm } from 'kubernetes-models/v1/NodeSelectorTerm';
import type { INodeSpec } from 'kubernetes-models/v1/NodeSpec';
import type { INodeStatus } from 'kubernetes-models/v1/NodeStatus';
import type { INodeSystemInfo } from 'kubernetes-models/v1/NodeSystemInfo';
import type { IObjectReference } from 'kubernetes-models/v1/ObjectReference';
import type { IPersistentVolumeClaimSpec } from 'kubernetes-models/v1/PersistentVolumeClaimSpec';
import type { IPersistentVolumeClaimStatus } from 'kubernetes-models/v1/PersistentVolumeClaimStatus';
import type { IPersistentVolumeSpec } from 'kubernetes-models/v1/PersistentVolumeSpec';
import type { IPersistentVolumeStatus } from 'kubernetes-models/v1/PersistentVolumeStatus';
import type { IPodAffinityTerm } from 'kubernetes-models/v1/PodAffinityTerm';
import type { IPodCondition } from 'kubernetes-models/v1/PodCondition';
import type { IPodSpec } from 'kubernetes-models/v1/PodSpec';
import type { IPodStatus } from 'kubernetes-models/v1/PodStatus';
import type { IProbe } from 'kubernetes-models/v1/Probe';
import type { ILifecycleHandler } from 'kubernetes-models/v1/LifecycleHandler';
import type { ISELinuxOptions } from 'kubernetes-models/v1/SELinuxOptions';
import type { IResourceFieldSelector } from 'kubernetes-models/v1/ResourceFieldSelector';
import type { ISecret } from 'kubernetes-models/v1/Secret';
import type { IServiceAccount } from 'kubernetes-models/v1/ServiceAccount';
import type { IServicePort } from 'kubernetes-models/v1/ServicePort';
import type { IServiceSpec } from 'kubernetes-models/v1/ServiceSpec';
import type { IServiceStatus } from 'kubernetes-models/v1/ServiceStatus';
import type { ITaint } from 'kubernetes-models/v1/Taint';
import type { IToleration } from 'kubernetes-models/v1/Toleration';
import type { IVolume } from 'kubernetes-models/v1/Volume';
import type { IControllerRevision } from 'kubernetes-models/apps/v1/ControllerRevision';
import type { IDaemonSetSpec } from 'kubernetes-models/apps/v1/DaemonSetSpec';
import type { IDaemonSetStatus } from 'kubernetes-models/apps/v1/DaemonSetStatus';
import type { IDeploymentCondition } from 'kubernetes-models/apps/v1/DeploymentCondition';
import type { IDeploymentSpec } from 'kubernetes-models/apps/v1/DeploymentSpec';
import type { IDeploymentStatus } from 'kubernetes-models/apps/v1/DeploymentStatus';
import type { IReplicaSetCondition } from 'kubernetes-models/apps/v1/ReplicaSetCondition';
import type { IReplicaSetSpec } from 'kubernetes-models/apps/v1/ReplicaSetSpec';
import type { IReplicaSetStatus } from 'kubernetes-models/apps/v1/ReplicaSetStatus';
import type { IStatefulSetCondition } from 'kubernetes-models/apps/v1/StatefulSetCondition';
import type { IStatefulSetSpec } from 'kubernetes-models/apps/v1/StatefulSetSpec';
import type { IStatefulSetStatus } from 'kubernetes-models/apps/v1/StatefulSetStatus';
import type { ICronJobSpec } from 'kubernetes-models/batch/v1/CronJobSpec';
import type { ICronJobStatus } from 'kubernetes-models/batch/v1/CronJobStatus';
import type { IJobCondition } from 'kubernetes-models/batch/v1/JobCondition';
import type { IJobSpec } from 'kubernetes-models/batch/v1/JobSpec';
import type { IJobStatus } from 'kubernetes-models/batch/v1/JobStatus';
import type { ILeaseSpec } from 'kubernetes-models/coordination.k8s.io/v1/LeaseSpec';
import type { IEndpointSlice } from 'kubernetes-models/discovery.k8s.io/v1/EndpointSlice';
import type { IIngressBackend } from 'kubernetes-models/networking.k8s.io/v1/IngressBackend';
import type { IIngressClassSpec } from 'kubernetes-models/networking.k8s.io/v1/IngressClassSpec';
import type { IIngressSpec } from 'kubernetes-models/networking.k8s.io/v1/IngressSpec';
import type { IIngressStatus } from 'kubernetes-models/networking.k8s.io/v1/IngressStatus';
import type { NetworkPolicy } from './network-policy';
import type { IClusterRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRole';
import type { IClusterRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/ClusterRoleBinding';
import type { IRole } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Role';
import type { IRoleBinding } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleBinding';
import type { IRoleRef } from 'kubernetes-models/rbac.authorization.k8s.io/v1/RoleRef';
import type { IPolicyRule } from 'kubernetes-models/rbac.authorization.k8s.io/v1/PolicyRule';
import type { ISubject } from 'kubernetes-models/rbac.authorization.k8s.io/v1/Subject';
import type { IStorageClass } from 'kubernetes-models/storage.k8s.io/v1/StorageClass';
import type { IResourceQuotaSpec } from 'kubernetes-models/v1/ResourceQuotaSpec';
import type { IResourceQuotaStatus } from 'kubernetes-models/v1/ResourceQuotaStatus';
import type { ILimitRangeSpec } from 'kubernetes-models/v1/LimitRangeSpec';
import type { IPodDisruptionBudgetSpec } from 'kubernetes-models/policy/v1/PodDisruptionBudgetSpec';
import type { IPodDisruptionBudgetStatus } from 'kubernetes-models/policy/v1/PodDisruptionBudgetStatus';
import type { IHorizontalPodAutoscalerSpec } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerSpec';
import type { IHorizontalPodAutoscalerStatus } from 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscalerStatus';
import type { IPriorityClass } from 'kubernetes-models/scheduling.k8s.io/v1/PriorityClass';

/** Fields of a kind that has no spec/status (Event, ConfigMap, EndpointSlice…): everything but the type and object meta. */
type TopLevel<T> = Omit<T, 'apiVersion' | 'kind' | 'metadata'>;

/** A condition as the API sends it: times the controllers never set are null (a zero metav1.Time), not absent. */
type WireCondition<C> = Omit<C, 'lastProbeTime' | 'lastTransitionTime' | 'lastUpdateTime' | 'lastHeartbeatTime'> & {
  lastProbeTime?: string | null;
  lastTransitionTime?: string | null;
  lastUpdateTime?: string | null;
  lastHeartbeatTime?: string | null;
};

// ---- shared pieces -------------------------------------------------------------------------------------------------
export type LabelSelector = ILabelSelector;
export type Container = IContainer;
export type ContainerPort = IContainerPort;
/** A container's state as the kubelet writes it: times it does not know are null. */
export interface ContainerState {
  running?: Omit<IContainerStateRunning, 'startedAt'> & { startedAt?: string | null };
  terminated?: Omit<IContainerStateTerminated, 'startedAt' | 'finishedAt'> & { startedAt?: string | null; finishedAt?: string | null };
  waiting?: IContainerStateWaiting;
}
export type ContainerStatus = Omit<IContainerStatus, 'state' | 'lastState'> & { state?: ContainerState; lastState?: ContainerState };
export type EnvVar = IEnvVar;
export type ResourceFieldSelector = IResourceFieldSelector;
export type Probe = IProbe;
export type HTTPGetAction = IHTTPGetAction;
export type LifecycleHandler = ILifecycleHandler;
export type SELinuxOptions = ISELinuxOptions;
export type Volume = IVolume;
export type KeyToPath = IKeyToPath;
export type DownwardAPIVolumeFile = IDownwardAPIVolumeFile;
export type Affinity = IAffinity;
export type Taint = ITaint;
export type Toleration = IToleration;
export type NodeSelectorTerm = INodeSelectorTerm;
export type PodAffinityTerm = IPodAffinityTerm;
export type NodeSelectorRequirement = INodeSelectorRequirement;
export type ObjectReference = IObjectReference;

/** A pod template: the pod a workload stamps out. Its metadata is ours (creationTimestamp may be null). */
export interface PodTemplateSpec {
  metadata?: ObjectMeta;
  spec?: PodSpec;
}

/** A workload spec whose template is our PodTemplateSpec. */
type WithTemplate<S> = Omit<S, 'template'> & { template: PodTemplateSpec };

// ---- core/v1 -------------------------------------------------------------------------------------------------------
export type PodSpec = IPodSpec;
export type PodCondition = WireCondition<IPodCondition>;
export type PodStatus = Omit<IPodStatus, 'conditions' | 'containerStatuses' | 'initContainerStatuses' | 'ephemeralContainerStatuses'> & {
  conditions?: PodCondition[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
  ephemeralContainerStatuses?: ContainerStatus[];
};
export type Pod = KubeObject<PodSpec, PodStatus>;

export type ServiceSpec = IServiceSpec;
export type ServicePort = IServicePort;
export type ServiceStatus = IServiceStatus;
export type Service = KubeObject<ServiceSpec, ServiceStatus>;

export type NodeSpec = INodeSpec;
export type NodeCondition = WireCondition<INodeCondition>;
export type NodeAddress = INodeAddress;
/** nodeInfo is partial: a Node a learner creates by hand carries only what the kubelet has filled in so far. */
export type NodeStatus = Omit<INodeStatus, 'conditions' | 'nodeInfo'> & { conditions?: NodeCondition[]; nodeInfo?: Partial<INodeSystemInfo> };
export type Node = KubeObject<NodeSpec, NodeStatus>;

export type EndpointSubset = IEndpointSubset;
export type EndpointAddress = IEndpointAddress;
export type EndpointPort = IEndpointPort;
export interface Endpoints extends KubeObject<never, never> {
  subsets?: EndpointSubset[];
}

/** core/v1 Event; eventTime is null in the events kubelets and controllers record (they fill the older fields). */
export interface Event extends KubeObject<never, never>, Omit<TopLevel<IEvent>, 'eventTime'> {
  eventTime?: string | null;
}

export type PersistentVolumeClaimSpec = IPersistentVolumeClaimSpec;
export type PersistentVolumeClaimStatus = IPersistentVolumeClaimStatus;
export type PersistentVolumeClaim = KubeObject<PersistentVolumeClaimSpec, PersistentVolumeClaimStatus>;
export type PersistentVolumeSpec = IPersistentVolumeSpec;
export type PersistentVolumeStatus = IPersistentVolumeStatus;
export type PersistentVolume = KubeObject<PersistentVolumeSpec, PersistentVolumeStatus>;
export type NamespaceCondition = WireCondition<INamespaceCondition>;
export type NamespaceStatus = Omit<INamespaceStatus, 'conditions'> & { conditions?: NamespaceCondition[] };
export type Namespace = KubeObject<INamespaceSpec, NamespaceStatus>;
export interface ConfigMap extends KubeObject<never, never>, TopLevel<IConfigMap> {}
export interface Secret extends KubeObject<never, never>, TopLevel<ISecret> {}
export interface ServiceAccount extends KubeObject<never, never>, TopLevel<IServiceAccount> {}

// ---- apps/v1 -------------------------------------------------------------------------------------------------------
export type DeploymentSpec = WithTemplate<IDeploymentSpec>;
export type DeploymentCondition = WireCondition<IDeploymentCondition>;
export type DeploymentStatus = Omit<IDeploymentStatus, 'conditions'> & { conditions?: DeploymentCondition[] };
export type Deployment = KubeObject<DeploymentSpec, DeploymentStatus>;

export type ReplicaSetSpec = Omit<IReplicaSetSpec, 'template'> & { template?: PodTemplateSpec };
export type ReplicaSetCondition = WireCondition<IReplicaSetCondition>;
export type ReplicaSetStatus = Omit<IReplicaSetStatus, 'conditions'> & { conditions?: ReplicaSetCondition[] };
export type ReplicaSet = KubeObject<ReplicaSetSpec, ReplicaSetStatus>;

/** A claim a StatefulSet stamps out per replica. */
export interface PersistentVolumeClaimTemplate {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: PersistentVolumeClaimSpec;
}
export type StatefulSetSpec = Omit<WithTemplate<IStatefulSetSpec>, 'volumeClaimTemplates'> & { volumeClaimTemplates?: PersistentVolumeClaimTemplate[] };
export type StatefulSetCondition = WireCondition<IStatefulSetCondition>;
export type StatefulSetStatus = Omit<IStatefulSetStatus, 'conditions'> & { conditions?: StatefulSetCondition[] };
export type StatefulSet = KubeObject<StatefulSetSpec, StatefulSetStatus>;

export type DaemonSetSpec = WithTemplate<IDaemonSetSpec>;
/** Go writes the four counters even when zero; here they may be absent until the controller's first status write. */
export type DaemonSetStatus = Partial<IDaemonSetStatus>;
export type DaemonSet = KubeObject<DaemonSetSpec, DaemonSetStatus>;

export interface ControllerRevision extends KubeObject<never, never>, Omit<TopLevel<IControllerRevision>, 'data'> {
  /** The snapshot: for DaemonSets and StatefulSets a strategic-merge patch carrying spec.template. */
  data?: unknown;
}

// ---- batch/v1 ------------------------------------------------------------------------------------------------------
export type JobSpec = WithTemplate<IJobSpec>;
export type JobCondition = WireCondition<IJobCondition>;
export type JobStatus = Omit<IJobStatus, 'conditions'> & { conditions?: JobCondition[] };
export type Job = KubeObject<JobSpec, JobStatus>;

export interface JobTemplateSpec {
  metadata?: ObjectMeta;
  spec?: JobSpec;
}
export type CronJobSpec = Omit<ICronJobSpec, 'jobTemplate'> & { jobTemplate: JobTemplateSpec };
export type CronJobStatus = ICronJobStatus;
export type CronJob = KubeObject<CronJobSpec, CronJobStatus>;

// ---- other groups --------------------------------------------------------------------------------------------------
export interface EndpointSlice extends KubeObject<never, never>, TopLevel<IEndpointSlice> {}
export type IngressBackend = IIngressBackend;
export type Ingress = KubeObject<IIngressSpec, IIngressStatus>;
export type IngressClass = KubeObject<IIngressClassSpec, never>;
export type { NetworkPolicy };
export interface StorageClass extends KubeObject<never, never>, TopLevel<IStorageClass> {}
export type Lease = KubeObject<ILeaseSpec, never>;
export interface PriorityClass extends KubeObject<never, never>, TopLevel<IPriorityClass> {}

// ---- rbac.authorization.k8s.io/v1 ---------------------------------------------------------------------------------
export interface Role extends KubeObject<never, never>, TopLevel<IRole> {}
export interface ClusterRole extends KubeObject<never, never>, TopLevel<IClusterRole> {}
export type RoleRef = IRoleRef;
export type PolicyRule = IPolicyRule;
export type Subject = ISubject;
export interface RoleBinding extends KubeObject<never, never>, TopLevel<IRoleBinding> {}
export interface ClusterRoleBinding extends KubeObject<never, never>, TopLevel<IClusterRoleBinding> {}

// ---- quotas, limits, budgets, autoscaling ---------------------------------------------------------------------------
export type ResourceQuota = KubeObject<IResourceQuotaSpec, IResourceQuotaStatus>;
export type LimitRange = KubeObject<ILimitRangeSpec, never>;
export type PodDisruptionBudget = KubeObject<IPodDisruptionBudgetSpec, Omit<IPodDisruptionBudgetStatus, 'conditions'> & { conditions?: WireCondition<NonNullable<IPodDisruptionBudgetStatus['conditions']>[number]>[] }>;
export type HorizontalPodAutoscaler = KubeObject<IHorizontalPodAutoscalerSpec, Omit<IHorizontalPodAutoscalerStatus, 'conditions'> & { conditions?: WireCondition<NonNullable<IHorizontalPodAutoscalerStatus['conditions']>[number]>[] }>;

/** The object type of each kind kubelab's code reads by name (`findKind('Pod')` gives a Resource<Pod>). */
export interface KindObjects {
  Pod: Pod;
  Service: Service;
  Node: Node;
  Endpoints: Endpoints;
  Event: Event;
  PersistentVolumeClaim: PersistentVolumeClaim;
  PersistentVolume: PersistentVolume;
  Namespace: Namespace;
  ConfigMap: ConfigMap;
  Secret: Secret;
  ServiceAccount: ServiceAccount;
  Deployment: Deployment;
  ReplicaSet: ReplicaSet;
  StatefulSet: StatefulSet;
  DaemonSet: DaemonSet;
  ControllerRevision: ControllerRevision;
  Job: Job;
  CronJob: CronJob;
  EndpointSlice: EndpointSlice;
  Ingress: Ingress;
  IngressClass: IngressClass;
  NetworkPolicy: NetworkPolicy;
  Role: Role;
  ClusterRole: ClusterRole;
  RoleBinding: RoleBinding;
  ClusterRoleBinding: ClusterRoleBinding;
  StorageClass: StorageClass;
  Lease: Lease;
  ResourceQuota: ResourceQuota;
  LimitRange: LimitRange;
  PodDisruptionBudget: PodDisruptionBudget;
  HorizontalPodAutoscaler: HorizontalPodAutoscaler;
  PriorityClass: PriorityClass;
}
