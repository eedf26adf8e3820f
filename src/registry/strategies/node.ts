/**
 * Nodes, after pkg/registry/core/node/strategy.go. Unlike most kinds a Node may be created with
 * its status (kubelets register that way), so create keeps it; main-resource updates keep the
 * stored status; /status keeps the spec.
 */
import type { KubeObject } from '../../api/object.ts';
import { setDefaultsNode } from '../../api/defaults/core.ts';
import { asObj } from '../../api/validation/access.ts';
import { validateNode, validateNodeUpdate } from '../../api/validation/core-cluster.ts';
import type { Strategy } from '../strategy.ts';
import { keepStatus, statusSubresource } from './status-subresource.ts';

export const nodeStrategy: Strategy = {
  applyDefaults: setDefaultsNode,
  prepareForCreate(node) {
    // Dynamic kubelet config is gone: configSource and status.config are dropped.
    const spec = asObj(node.spec);
    if (spec) delete spec.configSource;
    const status = asObj(node.status);
    if (status) delete status.config;
  },
  validate: validateNode,
  prepareForUpdate: keepStatus,
  validateUpdate: validateNodeUpdate,
  status: statusSubresource({ defaults: setDefaultsNode, validateUpdate: validateNodeUpdate }),
  fieldSet: (node: KubeObject) => ({ 'spec.unschedulable': String(asObj(node.spec)?.unschedulable === true) }),
};
