/**
 * A node agent: `newKubelet(options)` builds a Runnable that registers the Node (as an EKS managed
 * node of the given instance type), keeps its Lease renewed every 10 s and its status posted,
 * watches the pods bound to it (field selector spec.nodeName=<node>) and hands them to its pod
 * handler: PodWorkers over a ContainerRuntime, or a simulated runtime's stages.
 *
 * Node status is posted at registration, whenever it changes, and at least every 5 minutes
 * (kubelet's nodeStatusReportFrequency; the Lease is the frequent heartbeat).
 */
import { createHash } from 'node:crypto';
import type { KubeObject } from '../api/object.ts';
import type { Client } from '../client/client.ts';
import { EventRecorder } from '../controller/event-recorder.ts';
import { Informer } from '../controller/informer.ts';
import { instanceType as lookupInstanceType, type InstanceType, nodeResources } from '../network/instance-types.ts';
import { type NodeBlock, PodIpam, processNodeBlocks } from '../network/ipam.ts';
import { type Clock, systemClock } from '../util/clock.ts';
import { type IdSource, randomIds } from '../util/ids.ts';
import type { Runnable, Started } from '../util/runnable.ts';
import { NodeLease } from './node-lease.ts';
import { ec2PrivateDnsName, KUBELET_VERSION, type NodeIdentity, nodeObject, nodeStatus, type Taint } from './node-status.ts';
import type { NodeContext, PodDriver, PodHandler, PodMetrics } from './pod-handler.ts';
import { NODES, type Pod, PODS } from './pod-types.ts';
import { PodWorkers } from './pod-workers.ts';
import { podWorkersBackend, startKubeletServer } from './server/index.ts';
import type { ContainerRuntime } from './runtime/container-runtime.ts';
import { StatusManager } from './status-manager.ts';

export interface KubeletOptions {
  readonly client: Client;
  /** @default the EC2 private DNS name of the node's address (`ip-127-64-0-1.ec2.internal`) */
  readonly nodeName?: string;
  /** An EC2 instance type of the VPC CNI table with vCPU/memory in src/network/instance-specs.ts. */
  readonly instanceType: string;
  /** e.g. "us-east-1a". */
  readonly zone: string;
  /** e.g. "us-east-1". */
  readonly region: string;
  readonly runtime: ContainerRuntime | PodDriver;
  /** @default systemClock */
  readonly clock?: Clock;
  /** The node's directory (pods/, logs/, plugins/). */
  readonly rootDir: string;
  /** @default randomIds */
  readonly ids?: IdSource;
  /** Managed node group name (label eks.amazonaws.com/nodegroup). */
  readonly nodegroup?: string;
  /** @default "ON_DEMAND" */
  readonly capacityType?: 'ON_DEMAND' | 'SPOT' | 'CAPACITY_BLOCK';
  readonly amiId?: string;
  /** Extra node labels (a node group's labels). */
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  /** @default the instance type's ENI-derived max pods */
  readonly maxPods?: number;
  /** @default 20 */
  readonly diskGiB?: number;
  /** The node's loopback /22. @default the next free block of this process */
  readonly block?: NodeBlock;
  /** @default "i-" + 17 hex digits derived from the ids source */
  readonly instanceId?: string;
  /** @default KUBELET_VERSION */
  readonly kubeletVersion?: string;
  /** Whether stop() also closes the runtime (kills its containers). @default true */
  readonly closeRuntimeOnStop?: boolean;
}

/** Report status at least this often even when nothing changed (nodeStatusReportFrequency). */
const STATUS_REPORT_MS = 5 * 60_000;
/** Check for status changes this often (nodeStatusUpdateFrequency). */
const STATUS_UPDATE_MS = 10_000;

export interface Kubelet extends Runnable {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly instanceType: InstanceType;
  /** Usage of the node's pods, for the metrics API (process runtime: from /proc). */
  podMetrics(): Promise<PodMetrics[]>;
  /** The pod handler (PodWorkers for container runtimes): exec, logs, port-forward surfaces. */
  readonly pods: PodHandler | undefined;
}

function isPodDriver(r: ContainerRuntime | PodDriver): r is PodDriver {
  return (r as PodDriver).kind === 'pod-driver';
}

export function newKubelet(options: KubeletOptions): Kubelet {
  const clock = options.clock ?? systemClock;
  const ids = options.ids ?? randomIds;
  const type = lookupInstanceType(options.instanceType);
  if (!type) throw new Error(`unknown instance type ${options.instanceType}`);
  const resources = nodeResources(type, { maxPods: options.maxPods, diskGiB: options.diskGiB });
  const ownBlock = !options.block;
  const block = options.block ?? processNodeBlocks.allocate();
  const nodeName = options.nodeName ?? ec2PrivateDnsName(block.nodeIP, options.region);
  const hex = (s: string) => createHash('sha256').update(s).digest('hex');
  const seed = ids.uid();
  const identity: NodeIdentity = {
    nodeName, nodeIP: block.nodeIP, instanceType: type, resources, zone: options.zone, region: options.region,
    instanceId: options.instanceId ?? `i-${hex(`instance/${seed}`).slice(0, 17)}`,
    nodegroup: options.nodegroup, capacityType: options.capacityType ?? 'ON_DEMAND', amiId: options.amiId,
    labels: options.labels, taints: options.taints,
    runtimeName: options.runtime.name, runtimeVersion: options.runtime.version, kubeletVersion: options.kubeletVersion ?? KUBELET_VERSION,
    machineId: hex(`machine/${seed}`).slice(0, 32), systemUUID: ids.uid(), bootId: ids.uid(),
  };
  let handler: PodHandler | undefined;

  return {
    name: `kubelet/${nodeName}`,
    nodeName,
    nodeIP: block.nodeIP,
    instanceType: type,
    get pods() { return handler; },
    podMetrics: () => handler?.podMetrics() ?? Promise.resolve([]),

    async start(signal: AbortSignal): Promise<Started> {
      const { client } = options;
      const nodes = client.resource(NODES);
      let node: KubeObject;
      try {
        node = await nodes.create(nodeObject(identity, clock.now()));
      } catch (e) {
        if ((e as { code?: number }).code !== 409) throw e;
        // re-registration (kubelet restart): keep the object, reconcile labels and status
        const existing = await nodes.get(nodeName);
        const wanted = nodeObject(identity, clock.now());
        node = await nodes.patch(nodeName, { metadata: { labels: wanted.metadata.labels, annotations: wanted.metadata.annotations } }, { type: 'merge' });
        node = await nodes.patch(nodeName, { status: nodeStatus(identity, clock.now(), (existing.status as { conditions?: never[] } | undefined)?.conditions) }, { type: 'merge', subresource: 'status' });
      }
      let conditions = (node.status as { conditions?: never[] } | undefined)?.conditions;
      let lastReport = clock.now();
      const lease = new NodeLease(client, clock, node);
      await lease.start();

      const stopped = new AbortController();
      const onAbort = () => stopped.abort();
      signal.addEventListener('abort', onAbort, { once: true });
      let cancelStatus: (() => void) | undefined;
      const statusLoop = () => {
        cancelStatus = clock.setTimer(() => {
          if (stopped.signal.aborted) return;
          const now = clock.now();
          if (now - lastReport < STATUS_REPORT_MS) { statusLoop(); return; }
          void nodes.patch(nodeName, { status: nodeStatus(identity, now, conditions) }, { type: 'merge', subresource: 'status' })
            .then((n) => { conditions = (n.status as { conditions?: never[] } | undefined)?.conditions; lastReport = now; })
            .catch((e: Error) => console.error(`kubelet ${nodeName}: node status: ${e.message}`))
            .finally(statusLoop);
        }, STATUS_UPDATE_MS);
      };
      statusLoop();

      const recorder = new EventRecorder({ client, clock, ids, component: 'kubelet', host: nodeName });
      const statuses = new StatusManager({ client });
      const ipam = new PodIpam({ block, limit: type.podIpLimit });
      const context: NodeContext = { nodeName, hostIP: block.nodeIP, client, clock, ipam, recorder, statuses, allocatable: resources.allocatable, rootDir: options.rootDir };
      const runtime = options.runtime;
      handler = isPodDriver(runtime) ? runtime.attach(context) : new PodWorkers({ runtime, node: context, ids });
      const h = handler;
      // The kubelet's streaming endpoint (logs, exec, attach, port-forward) on the node's address.
      const serving = h instanceof PodWorkers && !isPodDriver(runtime)
        ? await startKubeletServer({ host: block.nodeIP, nodeName, clock, backend: podWorkersBackend({ workers: h, runtime, rootDir: options.rootDir }) })
        : undefined;
      let unwatch = () => {};
      if (isPodDriver(runtime) && runtime.watchPods) {
        unwatch = await runtime.watchPods(client, nodeName, h, clock);
      } else {
        const informer = new Informer({ client, resource: PODS, fieldSelector: `spec.nodeName=${nodeName}`, clock });
        informer.addEventHandler({
          onAdd: (o) => h.onPod(o as Pod),
          onUpdate: (_old, o) => h.onPod(o as Pod),
          onDelete: (o) => h.onPodDeleted(o as Pod),
        });
        void informer.run(stopped.signal);
        await informer.waitForSync();
      }

      return {
        async stop() {
          stopped.abort();
          signal.removeEventListener('abort', onAbort);
          cancelStatus?.();
          unwatch();
          lease.stop();
          await serving?.close();
          await h.stop();
          statuses.close();
          if (!isPodDriver(runtime) && options.closeRuntimeOnStop !== false) await runtime.close();
          if (ownBlock) processNodeBlocks.release(block);
        },
      };
    },
  };
}
