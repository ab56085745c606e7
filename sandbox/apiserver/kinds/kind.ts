// Everything that makes one kind of object what it is, in one record: where it is served (group, version, plural,
// scope, short names, subresources), how kube-apiserver's strategy treats it (defaults, validation, initial status,
// generation), how `kubectl get` prints it, which protobuf message it arrives as, and what deleting it means. The
// generic machinery (object API, tables, discovery, protobuf decoding) reads these records and never asks "which
// kind is this?" — so adding a kind is one file in this folder plus its tests.
import type { FieldError } from '../../api/errors';
import type { ResourceInfo } from '../../api/registry';
import type { KubeObject } from '../../api/types';
import type { Printer } from '../tables/format';

export type CreateValidation = (obj: KubeObject) => FieldError[];
export type UpdateValidation = (obj: KubeObject, old: KubeObject) => FieldError[];

/** What deleting an object of the kind involves beyond finalizers (graceful pods, terminating namespaces). */
export interface DeletionStrategy {
  /** A reason to refuse deleting this object at all (NamespaceLifecycle's protected namespaces). */
  refuse?(name: string): string | undefined;
  /**
   * Marks the object as being deleted (deletionTimestamp, grace period, status) and answers whether it must stay
   * stored for now even without finalizers (a pod until its kubelet stops it; a namespace until it is emptied).
   */
  begin?(obj: KubeObject, gracePeriodSeconds: number | undefined, now: Date): boolean;
  /** Whether an object already marked for deletion must stay stored after an update (same reasons as `begin`). */
  holds?(obj: KubeObject): boolean;
}

export interface KindRecord {
  resource: ResourceInfo;
  /** metadata.generation counts spec changes (workloads compare observedGeneration with it); default true. */
  tracksGeneration?: boolean;
  /** SetDefaults_* and the defaulting admission plugins: fills in what the user left out, in place. */
  defaults?(obj: KubeObject): void;
  /**
   * The status a new object starts with, after defaulting (what the user sent as status is dropped unless this
   * keeps it). Default: `{}` behind a status subresource, else the object's own.
   */
  initialStatus?(obj: KubeObject): unknown;
  validate?: {
    create?: CreateValidation;
    /** Includes what create checks; `old` is the stored object. */
    update?: UpdateValidation;
    /** Writes through the status subresource. */
    status?: UpdateValidation;
  };
  /** PrepareForUpdate: what the strategy changes in an update before validating it. */
  prepareForUpdate?(obj: KubeObject, old: KubeObject): void;
  /** May be created in a namespace that is being deleted (events about the deletion itself). */
  createdInTerminatingNamespace?: boolean;
  deletion?: DeletionStrategy;
  /** The columns `kubectl get` shows (default: NAME and CREATED AT). */
  printer?: Printer;
  /** Fields fieldValidation Strict/Warn reports as unknown, for kinds whose schema is not a built-in one (custom resources). */
  unknownFields?(obj: KubeObject): string[];
  /** The protobuf message table of its body, when kubectl sends it as protobuf (docs/PROTOBUF.md). */
  protobuf?: string;
  /**
   * Served in another version than the one stored (autoscaling/v1 HorizontalPodAutoscalers are stored as v2): the
   * stored resource and the conversions both ways. Requests to this version are converted at the REST boundary.
   */
  conversion?: VersionConversion;
}

export interface VersionConversion {
  /** The resource objects are stored as (what in-process callers read and write). */
  stored(): ResourceInfo;
  /** An object of this version as stored; `stored` is the object it replaces (what this version cannot express stays). */
  toStored(obj: KubeObject, stored?: KubeObject): KubeObject;
  /** A stored object as this version shows it. */
  fromStored(obj: KubeObject): KubeObject;
}

const ALL = ['all'];

/** A resource served by this cluster, as the registry lists it. */
export function resource(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  shortNames: string[] = [],
  opts: { inAll?: boolean; subresources?: string[]; review?: boolean; readOnly?: boolean } = {},
): ResourceInfo {
  return {
    ...(opts.review ? { review: true } : {}),
    ...(opts.readOnly ? { readOnly: true } : {}),
    group,
    version,
    kind,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    shortNames,
    categories: opts.inAll ? ALL : [],
    subresources: opts.subresources ?? [],
  };
}
