/**
 * The service account controller, after kube-controller-manager's serviceaccount
 * ServiceAccountsController: every active namespace has a ServiceAccount named `default`,
 * created when the namespace appears and re-created when it is deleted. Terminating namespaces
 * are skipped (a create there is refused with the NamespaceTerminating cause anyway).
 */
import type { KubeObject } from '../../api/object.ts';
import { Controller } from '../../controller/controller.ts';
import type { ControllerDeps } from '../common/controller-deps.ts';

const NAMESPACES = { group: '', version: 'v1', resource: 'namespaces' };
const SERVICE_ACCOUNTS = { group: '', version: 'v1', resource: 'serviceaccounts' };

export interface ServiceAccountsControllerOptions extends ControllerDeps {
  /** The accounts every namespace gets. @default ["default"] */
  readonly serviceAccounts?: readonly string[];
}

export function newServiceAccountsController(options: ServiceAccountsControllerOptions): Controller {
  const wanted = options.serviceAccounts ?? ['default'];
  const namespaces = options.informers.informerFor(NAMESPACES);
  const accounts = options.informers.informerFor(SERVICE_ACCOUNTS);

  const reconciler = {
    async reconcile(name: string): Promise<void> {
      const ns = namespaces.get(name);
      if (!ns || ns.metadata.deletionTimestamp || (ns.status as { phase?: string } | undefined)?.phase === 'Terminating') return;
      for (const sa of wanted) {
        if (accounts.get(`${name}/${sa}`)) continue;
        try {
          await options.client.resource(SERVICE_ACCOUNTS).namespace(name).create({ apiVersion: 'v1', kind: 'ServiceAccount', metadata: { name: sa } });
        } catch (e) {
          const err = e as { code?: number; status?: { details?: { causes?: { reason?: string }[] } } };
          if (err.code === 409) continue; // the cache was behind
          if (err.code === 403 && err.status?.details?.causes?.some((c) => c.reason === 'NamespaceTerminating')) return;
          if (err.code === 404) return; // the namespace is gone
          throw e;
        }
      }
    },
  };

  const controller = new Controller({ name: 'serviceaccount-controller', reconciler, clock: options.clock });
  namespaces.addEventHandler({
    onAdd: (o) => controller.enqueue(o.metadata.name!),
    onUpdate: (_old, o) => controller.enqueue(o.metadata.name!),
  });
  const onAccountGone = (o: KubeObject) => { if (wanted.includes(o.metadata.name!)) controller.enqueue(o.metadata.namespace!); };
  accounts.addEventHandler({ onDelete: onAccountGone });
  return controller;
}
