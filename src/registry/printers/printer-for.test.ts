import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultPrinter } from './default.ts';
import { hasPrinter, printerFor } from './printer-for.ts';

test('built-in resources map to their kube printers by group and resource', () => {
  const header = (group: string, resource: string): string =>
    printerFor(group, resource).columns.filter((c) => c.priority === 0).map((c) => c.name.toUpperCase()).join(' ');
  assert.equal(header('', 'pods'), 'NAME READY STATUS RESTARTS AGE');
  assert.equal(header('apps', 'deployments'), 'NAME READY UP-TO-DATE AVAILABLE AGE');
  assert.equal(header('', 'services'), 'NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE');
  assert.equal(header('', 'nodes'), 'NAME STATUS ROLES AGE VERSION');
  assert.equal(header('', 'events'), 'LAST SEEN TYPE REASON OBJECT MESSAGE');
  assert.equal(header('events.k8s.io', 'events'), 'LAST SEEN TYPE REASON OBJECT MESSAGE');
  assert.equal(header('batch', 'cronjobs'), 'NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE');
  assert.equal(header('autoscaling', 'horizontalpodautoscalers'), 'NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE');
  assert.equal(header('networking.k8s.io', 'ingresses'), 'NAME CLASS HOSTS ADDRESS PORTS AGE');
  assert.equal(header('storage.k8s.io', 'storageclasses'), 'NAME PROVISIONER RECLAIMPOLICY VOLUMEBINDINGMODE ALLOWVOLUMEEXPANSION AGE');
});

test('resources without a kube printer get NAME / CREATED AT', () => {
  for (const [group, resource] of [
    ['rbac.authorization.k8s.io', 'roles'], ['rbac.authorization.k8s.io', 'clusterroles'], ['', 'limitranges'],
    ['apiextensions.k8s.io', 'customresourcedefinitions'], ['example.com', 'widgets'], ['', 'constructor'], ['__proto__', 'x'],
  ]) {
    assert.equal(printerFor(group, resource), defaultPrinter, `${resource}.${group}`);
    assert.equal(hasPrinter(group, resource), false);
  }
  assert.equal(hasPrinter('', 'configmaps'), true);
});

test('every registered printer returns one cell per column for an empty object', () => {
  const groups: Record<string, string[]> = {
    '': ['pods', 'podtemplates', 'services', 'endpoints', 'nodes', 'namespaces', 'events', 'configmaps', 'secrets', 'serviceaccounts',
      'replicationcontrollers', 'resourcequotas', 'componentstatuses', 'persistentvolumes', 'persistentvolumeclaims'],
    apps: ['deployments', 'replicasets', 'daemonsets', 'statefulsets', 'controllerrevisions'],
    batch: ['jobs', 'cronjobs'],
    autoscaling: ['horizontalpodautoscalers'],
    'networking.k8s.io': ['ingresses', 'ingressclasses', 'networkpolicies'],
    'discovery.k8s.io': ['endpointslices'],
    policy: ['poddisruptionbudgets'],
    'rbac.authorization.k8s.io': ['rolebindings', 'clusterrolebindings'],
    'storage.k8s.io': ['storageclasses', 'csidrivers', 'csinodes', 'volumeattachments'],
    'coordination.k8s.io': ['leases'],
    'scheduling.k8s.io': ['priorityclasses'],
    'node.k8s.io': ['runtimeclasses'],
    'admissionregistration.k8s.io': ['mutatingwebhookconfigurations', 'validatingwebhookconfigurations', 'validatingadmissionpolicies', 'validatingadmissionpolicybindings'],
    'certificates.k8s.io': ['certificatesigningrequests'],
  };
  for (const [group, resources] of Object.entries(groups)) {
    for (const resource of resources) {
      const printer = printerFor(group, resource);
      assert.notEqual(printer, defaultPrinter, `${resource}.${group} has a printer`);
      assert.equal(printer.row({ metadata: {} }, 0).length, printer.columns.length, `${resource}.${group}`);
      assert.equal(printer.columns.filter((c) => c.format === 'name').length >= 1, true, `${resource}.${group} marks a name column`);
    }
  }
});
