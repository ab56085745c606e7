// Nodes: cluster-scoped, registered by their kubelets; allocatable defaults to capacity.
import { fieldOf, isObject, objectOf } from '../../api/unchecked';
import { validateNode } from '../admission/validate-core';
import { validateObjectMetaUpdate } from '../admission/validate-meta';
import { nodePrinter } from '../tables/cluster';
import { resource, type KindRecord } from './kind';

export const node: KindRecord = {
  resource: resource('', 'v1', 'Node', 'nodes', false, ['no'], { subresources: ['status'] }),
  tracksGeneration: false,
  defaults: (node) => {
    const status = node.status;
    const capacity = fieldOf(status, 'capacity');
    if (capacity && !fieldOf(status, 'allocatable') && isObject(status)) status.allocatable = { ...objectOf(capacity) };
  },
  initialStatus: (node) => node.status ?? {},
  validate: {
    create: validateNode,
    update: (node, old) => [...validateObjectMetaUpdate(node.metadata, old.metadata), ...validateNode(node)],
  },
  printer: nodePrinter,
};
