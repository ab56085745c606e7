// The contract between a kubelet and what runs containers. `sim` fakes processes (kwok-style); the docker runtime
// will implement the same calls with real containers. The kubelet owns pod lifecycle and status; a runtime only
// starts, inspects and stops containers.
import type { KubeObject } from '../api/types';

export interface ContainerState {
  /** running | waiting | terminated, in the shape of a v1 ContainerState. */
  state: any;
  ready: boolean;
  restartCount: number;
  lastState?: any;
  containerID?: string;
  imageID?: string;
}

export interface ContainerRuntime {
  readonly name: string;
  /** Version string for node.status.nodeInfo.containerRuntimeVersion. */
  readonly version: string;
  /** Can the image be had? Undefined → yes; otherwise the pull error message. */
  pullError(image: string): string | undefined;
  /** Starts (or restarts) a container; returns its running state. */
  startContainer(pod: KubeObject, container: any, now: string): ContainerState;
  stopPod(pod: KubeObject): void;
}

/**
 * The simulated runtime's conventions (documented for lesson authors):
 * - an image whose name contains `doesnotexist` or `invalid` cannot be pulled (ErrImagePull → ImagePullBackOff);
 * - env `KUBELAB_SIM_EXIT_CODE=<n>` makes the container exit with n after it runs;
 * - env `KUBELAB_SIM_RUN_SECONDS=<s>` is how long it runs before exiting (default 1 s for pods whose restartPolicy is
 *   not Always, i.e. Jobs; containers of Always pods run forever unless told to exit).
 */
export class SimRuntime implements ContainerRuntime {
  readonly name = 'sim';
  readonly version = 'kubelab-sim://0.1.0';
  private seq = 0;

  pullError(image: string): string | undefined {
    return /doesnotexist|invalid/.test(image)
      ? `failed to pull and unpack image "${image}": failed to resolve reference "${image}": not found (the simulated runtime treats names containing "doesnotexist" or "invalid" as missing)`
      : undefined;
  }

  startContainer(_pod: KubeObject, container: any, now: string): ContainerState {
    this.seq++;
    return {
      state: { running: { startedAt: now } },
      ready: true,
      restartCount: 0,
      containerID: `sim://${this.seq.toString(16).padStart(12, '0')}`,
      imageID: `sim://${container.image}`,
    };
  }

  stopPod(): void {}
}

export function simEnv(container: any, name: string): string | undefined {
  return (container.env ?? []).find((e: any) => e.name === name)?.value;
}
