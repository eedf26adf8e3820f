/**
 * EC2 instance types as EKS nodes see them: the VPC CNI's ENI limits (generated from the reference
 * CSV by scripts/gen-instance-types.ts), the max-pods formula of aws/amazon-vpc-cni-k8s
 * `misc/eni-max-pods.txt`, and node capacity/allocatable after the EKS AMI's reservation rules.
 */
import { Quantity } from '../api/quantity.ts';
import generated from './generated/instance-types.json' with { type: 'json' };
import { type Architecture, instanceSpec } from './instance-specs.ts';

export interface InstanceType {
  readonly name: string;
  readonly maxEnis: number;
  readonly ipv4PerEni: number;
  /** "nitro", "xen" or "unknown" (as the CSV has it). */
  readonly hypervisor: string;
  readonly bareMetal: boolean;
  /** ENIs × (IPv4 per ENI − 1) + 2: the +2 are the host-network pods (aws-node, kube-proxy). */
  readonly maxPods: number;
  /** Addresses the VPC CNI can give pods: ENIs × (IPv4 per ENI − 1), the first IP of each ENI being the ENI's own. */
  readonly podIpLimit: number;
  /** From src/network/instance-specs.ts; undefined for types that table does not list. */
  readonly vcpu?: number;
  readonly memoryMiB?: number;
  readonly architecture?: Architecture;
}

const TABLE = (generated as unknown as { types: Record<string, [number, number, string, boolean]> }).types;

/** As `misc/eni-max-pods.txt`: `# of ENI * (# of IPv4 per ENI - 1) + 2`. */
export function maxPodsFor(maxEnis: number, ipv4PerEni: number): number {
  return maxEnis * (ipv4PerEni - 1) + 2;
}

/**
 * Max pods with VPC CNI prefix delegation, as awslabs/amazon-eks-ami `max-pods-calculator.sh`:
 * each secondary slot holds a /28 (16 addresses); the recommended value is capped at 110 for
 * instance types with at most 30 vCPUs and 250 above.
 */
export function prefixDelegationMaxPods(type: InstanceType): number {
  const raw = type.maxEnis * ((type.ipv4PerEni - 1) * 16) + 2;
  const cap = (type.vcpu ?? 0) > 30 ? 250 : 110;
  return Math.min(raw, cap);
}

export function instanceType(name: string): InstanceType | undefined {
  const row = TABLE[name];
  if (!row) return undefined;
  const [maxEnis, ipv4PerEni, hypervisor, bareMetal] = row;
  const spec = instanceSpec(name);
  return {
    name, maxEnis, ipv4PerEni, hypervisor, bareMetal,
    maxPods: maxPodsFor(maxEnis, ipv4PerEni),
    podIpLimit: maxEnis * (ipv4PerEni - 1),
    vcpu: spec?.vcpu, memoryMiB: spec?.memoryMiB, architecture: spec?.architecture,
  };
}

export function listInstanceTypes(): string[] {
  return Object.keys(TABLE);
}

/**
 * CPU the EKS AMI reserves for the kubelet and runtime (kube-reserved), in millicores: 6% of the
 * first core, 1% of the second, 0.5% of the third and fourth, 0.25% of the rest — integer
 * millicores per range, as amazon-eks-ami's bootstrap `get_cpu_millicores_to_reserve`.
 */
export function kubeReservedCpuMillis(vcpu: number): number {
  const total = vcpu * 1000;
  const bounds = [0, 1000, 2000, 4000, Math.max(total, 4000)];
  const basisPoints = [600, 100, 50, 25];
  let reserved = 0;
  for (let i = 0; i < basisPoints.length; i++) {
    if (total > bounds[i]) reserved += Math.floor(((Math.min(total, bounds[i + 1]) - bounds[i]) * basisPoints[i]) / 10_000);
  }
  return reserved;
}

/** Memory the EKS AMI reserves (kube-reserved): 255 MiB + 11 MiB per pod the node may run. */
export function kubeReservedMemoryMiB(maxPods: number): number {
  return 255 + 11 * maxPods;
}

/** The EKS AMI's eviction-hard `memory.available<100Mi`. */
export const EVICTION_HARD_MEMORY_MIB = 100;
/** The EKS AMI's kube-reserved `ephemeral-storage: 1Gi`. */
export const KUBE_RESERVED_EPHEMERAL_GIB = 1;
/** The EKS AMI's eviction-hard `nodefs.available<10%`. */
export const EVICTION_HARD_NODEFS_PERCENT = 10;

export interface NodeResourceOptions {
  /** Overrides the ENI-derived max pods (a node group's kubelet `maxPods`). */
  readonly maxPods?: number;
  /** Root volume size. @default 20, a managed node group's default diskSize */
  readonly diskGiB?: number;
}

export interface NodeResources {
  readonly capacity: Readonly<Record<string, string>>;
  readonly allocatable: Readonly<Record<string, string>>;
}

const MI = 1024n * 1024n;

/**
 * status.capacity and status.allocatable of a node of this type, as its kubelet reports them:
 * allocatable = capacity − kube-reserved − eviction-hard (kubelet's
 * `GetNodeAllocatableReservation`), with the reservations of the EKS AMI.
 * Throws when the type's vCPU/memory are not in src/network/instance-specs.ts.
 */
export function nodeResources(type: InstanceType, options: NodeResourceOptions = {}): NodeResources {
  if (type.vcpu === undefined || type.memoryMiB === undefined) {
    throw new Error(`instance type ${type.name} has no vCPU/memory in ekslite's table (src/network/instance-specs.ts)`);
  }
  const maxPods = options.maxPods ?? type.maxPods;
  const diskBytes = BigInt(options.diskGiB ?? 20) * 1024n * MI;
  const memBytes = BigInt(type.memoryMiB) * MI;
  const allocMem = memBytes - BigInt(kubeReservedMemoryMiB(maxPods) + EVICTION_HARD_MEMORY_MIB) * MI;
  const allocDisk = diskBytes - BigInt(KUBE_RESERVED_EPHEMERAL_GIB) * 1024n * MI - (diskBytes * BigInt(EVICTION_HARD_NODEFS_PERCENT)) / 100n;
  const allocCpu = type.vcpu * 1000 - kubeReservedCpuMillis(type.vcpu);
  const common = { 'hugepages-1Gi': '0', 'hugepages-2Mi': '0', pods: String(maxPods) };
  return {
    capacity: {
      cpu: String(type.vcpu),
      'ephemeral-storage': Quantity.of(diskBytes, 'BinarySI').toString(),
      ...common,
      memory: Quantity.of(memBytes, 'BinarySI').toString(),
    },
    allocatable: {
      cpu: Quantity.ofMilli(allocCpu, 'DecimalSI').toString(),
      // as kubelet: ephemeral-storage allocatable is a plain byte count (DecimalSI)
      'ephemeral-storage': Quantity.of(allocDisk, 'DecimalSI').toString(),
      ...common,
      memory: Quantity.of(allocMem, 'BinarySI').toString(),
    },
  };
}
