// Label keys kubelab puts on every Docker object it creates (images, networks, containers, volumes), so a restarted
// server can find and adopt what is running, tests can sweep what they made, and nothing we did is ever mistaken
// for a user's own containers. No dockerode here: anyone may import these.

export const LABEL_PREFIX = 'dev.kubelab';
/** On images we built: the image's catalog name (e.g. `echo`). A real image of the same tag lacks it. */
export const IMAGE_LABEL = `${LABEL_PREFIX}.image`;
/** On images we built: hash of the build inputs, so unchanged sources are not rebuilt. */
export const IMAGE_HASH_LABEL = `${LABEL_PREFIX}.image-hash`;
/** The cluster (sandbox) an object belongs to. */
export const CLUSTER_LABEL = `${LABEL_PREFIX}.cluster`;
/** What the object is for: `cluster-network`, `netagent`, `pod-infra`, `container`, `toolbox`, ... */
export const ROLE_LABEL = `${LABEL_PREFIX}.role`;
/** Set by tests on everything they create, so afterAll can remove it all. */
export const TEST_LABEL = `${LABEL_PREFIX}.test`;

/** Docker's label filter syntax: `key` (present) or `key=value`. */
export function labelFilters(labels: Record<string, string | true>): string[] {
  return Object.entries(labels).map(([k, v]) => (v === true ? k : `${k}=${v}`));
}
