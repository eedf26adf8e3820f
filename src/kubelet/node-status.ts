/**
 * The Node object a kubelet registers and the status it keeps posting, as kubelet_node_status.go
 * and pkg/kubelet/nodestatus set them, with what EKS adds on managed nodes: the well-known labels
 * (instance type, topology, `eks.amazonaws.com/nodegroup`, `eks.amazonaws.com/capacityType`),
 * `providerID: aws:///<zone>/<instance id>`, addresses InternalIP/InternalDNS/Hostname, capacity and
 * allocatable from the instance type with the EKS AMI's reservations, and nodeInfo of an Amazon
 * Linux 2023 node.
 */
import { release } from 'node:os';
import type { KubeObject } from '../api/object.ts';
import { rfc3339 } from '../util/clock.ts';
import type { InstanceType, NodeResources } from '../network/instance-types.ts';

/** The kubelet version EKS reports for v1.32 (`v1.32.<patch>-eks-<commit>`). */
export const KUBELET_VERSION = 'v1.32.9-eks-c39b1d0';
/** kubelet's default port, reported as daemonEndpoints.kubeletEndpoint.port. */
export const KUBELET_PORT = 10250;

export interface Taint { readonly key: string; readonly value?: string; readonly effect: 'NoSchedule' | 'PreferNoSchedule' | 'NoExecute' }

export interface NodeIdentity {
  readonly nodeName: string;
  readonly nodeIP: string;
  readonly instanceType: InstanceType;
  readonly resources: NodeResources;
  readonly zone: string;
  readonly region: string;
  readonly instanceId: string;
  readonly nodegroup?: string;
  readonly capacityType: 'ON_DEMAND' | 'SPOT' | 'CAPACITY_BLOCK';
  readonly amiId?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly taints?: readonly Taint[];
  readonly runtimeName: string;
  readonly runtimeVersion: string;
  readonly kubeletVersion: string;
  /** machineID, systemUUID, bootID (32 hex chars, a uuid, a uuid). */
  readonly machineId: string;
  readonly systemUUID: string;
  readonly bootId: string;
}

/**
 * EC2's private DNS name for an address: `ip-10-0-1-23.ec2.internal` in us-east-1,
 * `ip-10-0-1-23.<region>.compute.internal` elsewhere. EKS names nodes by it.
 */
export function ec2PrivateDnsName(ip: string, region: string): string {
  const host = `ip-${ip.replace(/\./g, '-')}`;
  return region === 'us-east-1' ? `${host}.ec2.internal` : `${host}.${region}.compute.internal`;
}

export function nodeLabels(id: NodeIdentity): Record<string, string> {
  const arch = id.instanceType.architecture ?? 'amd64';
  const labels: Record<string, string> = {
    'beta.kubernetes.io/arch': arch,
    'beta.kubernetes.io/instance-type': id.instanceType.name,
    'beta.kubernetes.io/os': 'linux',
    'failure-domain.beta.kubernetes.io/region': id.region,
    'failure-domain.beta.kubernetes.io/zone': id.zone,
    'kubernetes.io/arch': arch,
    'kubernetes.io/hostname': id.nodeName,
    'kubernetes.io/os': 'linux',
    'node.kubernetes.io/instance-type': id.instanceType.name,
    'topology.kubernetes.io/region': id.region,
    'topology.kubernetes.io/zone': id.zone,
    'eks.amazonaws.com/capacityType': id.capacityType,
  };
  if (id.nodegroup) labels['eks.amazonaws.com/nodegroup'] = id.nodegroup;
  if (id.amiId) labels['eks.amazonaws.com/nodegroup-image'] = id.amiId;
  return { ...labels, ...(id.labels ?? {}) };
}

type Condition = { type: string; status: string; reason: string; message: string; lastHeartbeatTime: string; lastTransitionTime: string };

/** The four conditions of a healthy node, transition times kept from the previous ones. */
export function nodeConditions(now: number, previous: readonly Condition[] | undefined): Condition[] {
  const base: [string, string, string, string][] = [
    ['MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
    ['DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
    ['PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
    ['Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'],
  ];
  return base.map(([type, status, reason, message]) => {
    const prior = previous?.find((c) => c.type === type);
    const t = rfc3339(now);
    return { type, status, reason, message, lastHeartbeatTime: t, lastTransitionTime: prior && prior.status === status ? prior.lastTransitionTime : t };
  });
}

export function nodeStatus(id: NodeIdentity, now: number, previous?: readonly Condition[]): Record<string, unknown> {
  const dns = ec2PrivateDnsName(id.nodeIP, id.region);
  return {
    capacity: { ...id.resources.capacity },
    allocatable: { ...id.resources.allocatable },
    conditions: nodeConditions(now, previous),
    addresses: [
      { type: 'InternalIP', address: id.nodeIP },
      { type: 'InternalDNS', address: dns },
      { type: 'Hostname', address: id.nodeName },
    ],
    daemonEndpoints: { kubeletEndpoint: { Port: KUBELET_PORT } },
    nodeInfo: {
      machineID: id.machineId,
      systemUUID: id.systemUUID,
      bootID: id.bootId,
      kernelVersion: release(),
      osImage: 'Amazon Linux 2023',
      containerRuntimeVersion: `${id.runtimeName}://${id.runtimeVersion}`,
      kubeletVersion: id.kubeletVersion,
      kubeProxyVersion: id.kubeletVersion,
      operatingSystem: 'linux',
      architecture: id.instanceType.architecture ?? 'amd64',
    },
  };
}

export function nodeObject(id: NodeIdentity, now: number): KubeObject {
  const spec: Record<string, unknown> = { providerID: `aws:///${id.zone}/${id.instanceId}` };
  if (id.taints && id.taints.length > 0) spec.taints = id.taints.map((t) => ({ ...t }));
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: {
      name: id.nodeName,
      labels: nodeLabels(id),
      annotations: {
        'alpha.kubernetes.io/provided-node-ip': id.nodeIP,
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec,
    status: nodeStatus(id, now),
  };
}
