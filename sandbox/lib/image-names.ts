// Image references as the container runtime names them (containerd's normalisation), shared by both runtimes,
// the kubelet's image checks and the sim's registry.
/** How containerd names an image: `nginx:1.25` → `docker.io/library/nginx:1.25`, no tag → `:latest`. */
export function normalizeImage(image: string): string {
  const [bare, digest] = image.split('@');
  let name = bare;
  const parts = name.split('/');
  if (parts.length === 1 || !(parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    name = `docker.io/${parts.length === 1 ? 'library/' : ''}${name}`;
  }
  const last = name.slice(name.lastIndexOf('/') + 1);
  if (!digest && !last.includes(':')) name += ':latest';
  return digest ? `${name}@${digest}` : name;
}
