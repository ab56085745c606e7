// The kubelet's side of ephemeral containers (`kubectl debug`): which debug containers still have to be started
// (each runs once — never restarted, never probed, started even while init containers are stuck, as SyncPod's
// "start ephemeral containers" step does) and the container each one runs as. Their statuses are pod-status.ts's.
import type { Container, Pod } from '../api/objects';
import type { RuntimeContainer } from '../runtime/container-runtime';

export type EphemeralContainer = NonNullable<NonNullable<Pod['spec']>['ephemeralContainers']>[number];

/** The container an ephemeral container runs as: its common fields (targetContainerName is for the runtime). */
export function asContainer(ec: EphemeralContainer): Container {
  const { targetContainerName: _target, ...common } = ec;
  return common as Container;
}

/** Debug containers the runtime has never run (an exited one stays exited: they are not restarted). */
export function ephemeralToStart(pod: Pod, latest: Map<string, RuntimeContainer>): EphemeralContainer[] {
  return (pod.spec?.ephemeralContainers ?? []).filter((ec) => !latest.has(ec.name));
}
