/**
 * apps/v1 kinds as kube-apiserver v1.32 prints them: Deployments, ReplicaSets, DaemonSets,
 * StatefulSets, ControllerRevisions.
 */
import type { KubeObject } from '../../api/object.ts';
import { parseApiVersion } from '../../api/object.ts';
import { AGE, CONTAINERS, IMAGES, NAME, age, column, containerCells, nameOf, wide } from './columns.ts';
import { formatLabelSelector, formatLabels, selectorString } from './labels.ts';
import type { Printer } from './table.ts';
import { num, obj, optNum } from './value.ts';

/** spec.replicas; defaulting sets 1 when omitted, applied here for objects stored undefaulted. */
function desiredReplicas(o: KubeObject): number {
  return optNum(obj(o.spec).replicas) ?? 1;
}

function templateSpec(o: KubeObject): unknown {
  return obj(obj(o.spec).template).spec;
}

export const deploymentPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'string', 'Ready replicas out of desired replicas.'),
    column('Up-to-date', 'string', 'Replicas running the latest pod template.'),
    column('Available', 'string', 'Replicas available to serve (ready for minReadySeconds).'),
    AGE,
    CONTAINERS,
    IMAGES,
    wide('Selector', 'string', 'Label selector of the deployment\'s pods.'),
  ],
  row(o, now) {
    const status = obj(o.status);
    const [names, images] = containerCells(templateSpec(o));
    // printDeployment prints the selector without FormatLabelSelector's "<none>" fallback.
    const selector = selectorString(obj(o.spec).selector) ?? '<invalid>';
    return [
      nameOf(o), `${num(status.readyReplicas)}/${desiredReplicas(o)}`, num(status.updatedReplicas), num(status.availableReplicas),
      age(o, now), names, images, selector,
    ];
  },
};

export const replicaSetPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'integer', 'Number of replicas requested.'),
    column('Current', 'integer', 'Number of replicas observed.'),
    column('Ready', 'integer', 'Number of ready replicas.'),
    AGE,
    CONTAINERS,
    IMAGES,
    wide('Selector', 'string', 'Label selector of the replica set\'s pods.'),
  ],
  row(o, now) {
    const status = obj(o.status);
    const [names, images] = containerCells(templateSpec(o));
    return [
      nameOf(o), desiredReplicas(o), num(status.replicas), num(status.readyReplicas), age(o, now),
      names, images, formatLabelSelector(obj(o.spec).selector),
    ];
  },
};

export const daemonSetPrinter: Printer = {
  columns: [
    NAME,
    column('Desired', 'integer', 'Nodes that should run the daemon pod.'),
    column('Current', 'integer', 'Nodes running at least one daemon pod.'),
    column('Ready', 'integer', 'Nodes whose daemon pod is ready.'),
    column('Up-to-date', 'integer', 'Nodes running the latest daemon pod template.'),
    column('Available', 'integer', 'Nodes whose daemon pod is available.'),
    column('Node Selector', 'string', 'Node selector of the pod template.'),
    AGE,
    CONTAINERS,
    IMAGES,
    wide('Selector', 'string', 'Label selector of the daemon set\'s pods.'),
  ],
  row(o, now) {
    const status = obj(o.status);
    const spec = templateSpec(o);
    const [names, images] = containerCells(spec);
    return [
      nameOf(o), num(status.desiredNumberScheduled), num(status.currentNumberScheduled), num(status.numberReady),
      num(status.updatedNumberScheduled), num(status.numberAvailable), formatLabels(obj(spec).nodeSelector), age(o, now),
      names, images, formatLabelSelector(obj(o.spec).selector),
    ];
  },
};

export const statefulSetPrinter: Printer = {
  columns: [
    NAME,
    column('Ready', 'string', 'Ready replicas out of desired replicas.'),
    AGE,
    CONTAINERS,
    IMAGES,
  ],
  row(o, now) {
    const [names, images] = containerCells(templateSpec(o));
    return [nameOf(o), `${num(obj(o.status).readyReplicas)}/${desiredReplicas(o)}`, age(o, now), names, images];
  },
};

/**
 * The CONTROLLER cell: the controlling owner as "kind.group/name" in lower case (kube's
 * formatResourceName with GroupKind.String()), "<none>" without one.
 */
export function controllerOf(o: KubeObject): string {
  const ref = o.metadata?.ownerReferences?.find((r) => r.controller === true);
  if (!ref) return '<none>';
  const { group } = parseApiVersion(ref.apiVersion ?? '');
  if (!ref.kind && !group) return ref.name;
  const groupKind = group === '' ? ref.kind : `${ref.kind}.${group}`;
  return `${groupKind.toLowerCase()}/${ref.name}`;
}

export const controllerRevisionPrinter: Printer = {
  columns: [
    NAME,
    column('Controller', 'string', 'The object that owns this revision.'),
    column('Revision', 'string', 'Revision number of the stored state.'),
    AGE,
  ],
  row: (o, now) => [nameOf(o), controllerOf(o), num(o.revision), age(o, now)],
};
