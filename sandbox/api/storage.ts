// Storage facts several layers share: the provisioner name of the `standard` StorageClass, which the
// PersistentVolume controller answers to and whose volumes the kubelet backs with Docker volumes of its own.

export const KUBELAB_PROVISIONER = 'kubelab.dev/local-volume';
