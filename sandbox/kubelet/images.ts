// EnsureImageExists (pkg/kubelet/images/image_manager.go): the pull policy decides whether to pull, failed pulls
// back off per pod and image (10 s doubling to 5 min), and every step leaves the event a real kubelet leaves —
// Pulled "already present on machine", Pulling, Failed, BackOff "Back-off pulling image".
import type { Container, Pod } from '../api/objects';
import type { Clock } from '../util/clock';
import { Backoff, goDuration } from './backoff';
import { ImagePullError, type ContainerRuntime } from '../runtime/container-runtime';

export type Recorder = (pod: Pod, type: 'Normal' | 'Warning', reason: string, message: string, fieldPath?: string) => void;

export type ImageResult =
  | { ok: true; imageRef: string }
  | { ok: false; reason: 'ErrImagePull' | 'ImagePullBackOff' | 'ErrImageNeverPull' | 'InvalidImageName'; message: string; retryAt?: number };

/** What kube-apiserver defaults imagePullPolicy to, for pods written before defaulting (or by hand). */
function pullPolicy(container: Container): string {
  if (container.imagePullPolicy) return container.imagePullPolicy;
  const image = String(container.image ?? '');
  const last = image.split('@')[0].split('/').pop() ?? '';
  return image.includes('@') || (last.includes(':') && !last.endsWith(':latest')) ? 'IfNotPresent' : 'Always';
}

export class ImageManager {
  private readonly backoff: Backoff;

  constructor(
    private readonly runtime: ContainerRuntime,
    private readonly clock: Clock,
    private readonly record: Recorder,
  ) {
    this.backoff = new Backoff(clock, 10_000, 300_000);
  }

  async ensureImageExists(pod: Pod, container: Container, fieldPath: string): Promise<ImageResult> {
    const image = String(container.image ?? '');
    if (!image.trim()) return { ok: false, reason: 'InvalidImageName', message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": invalid reference format` };
    const policy = pullPolicy(container);
    const present = await this.runtime.imageRef(image);
    if (policy === 'Never' || (policy === 'IfNotPresent' && present)) {
      if (present) {
        this.record(pod, 'Normal', 'Pulled', `Container image "${image}" already present on machine`, fieldPath);
        return { ok: true, imageRef: present };
      }
      const message = `Container image "${image}" is not present with pull policy of Never`;
      this.record(pod, 'Warning', 'ErrImageNeverPull', message, fieldPath);
      return { ok: false, reason: 'ErrImageNeverPull', message };
    }
    const key = `${pod.metadata.uid}_${image}`;
    if (this.backoff.isInBackOffSinceUpdate(key)) {
      const message = `Back-off pulling image "${image}"`;
      this.record(pod, 'Normal', 'BackOff', message, fieldPath);
      return { ok: false, reason: 'ImagePullBackOff', message, retryAt: this.backoff.endsAt(key) };
    }
    this.record(pod, 'Normal', 'Pulling', `Pulling image "${image}"`, fieldPath);
    const started = Date.now();
    try {
      const pulled = await this.runtime.pullImage(image);
      const took = goDuration(Date.now() - started);
      const size = pulled.size !== undefined ? ` Image size: ${pulled.size} bytes.` : '';
      this.record(pod, 'Normal', 'Pulled', `Successfully pulled image "${image}" in ${took} (${took} including waiting).${size}`, fieldPath);
      return { ok: true, imageRef: pulled.imageRef };
    } catch (e) {
      const message = e instanceof ImagePullError ? e.message : String((e as Error)?.message ?? e);
      this.record(pod, 'Warning', 'Failed', `Failed to pull image "${image}": ${message}`, fieldPath);
      this.backoff.next(key, this.clock.now().getTime());
      return { ok: false, reason: 'ErrImagePull', message, retryAt: this.backoff.endsAt(key) };
    }
  }

  forgetPod(uid: string): void {
    this.backoff.forgetPrefix(`${uid}_`);
  }
}
