/**
 * vCPU, memory and architecture of the EC2 instance types ekslite nodes commonly use. These are AWS
 * facts, committed as a small table because the VPC CNI's CSV carries only network limits.
 *
 * Source: Amazon EC2 User Guide, "Instance types" specification tables (general purpose,
 * compute optimized, memory optimized, burstable), as `aws ec2 describe-instance-types` reports
 * `VCpuInfo.DefaultVCpus` and `MemoryInfo.SizeInMiB`. Within the m/c/r families AWS keeps a fixed
 * GiB-per-vCPU ratio (m 4, c 2, r 8) and a fixed vCPU count per size name (medium 1, large 2,
 * xlarge 4, Nxlarge 4×N); the table below lists which sizes each family has and its `.metal` size.
 */

export type Architecture = 'amd64' | 'arm64';

export interface InstanceSpec {
  readonly vcpu: number;
  readonly memoryMiB: number;
  readonly architecture: Architecture;
}

/** Burstable families: no fixed ratio, so listed size by size. [vcpu, memory GiB]. */
const BURSTABLE: Readonly<Record<string, readonly [number, number]>> = {
  nano: [2, 0.5], micro: [2, 1], small: [2, 2], medium: [2, 4], large: [2, 8], xlarge: [4, 16], '2xlarge': [8, 32],
};
const T2: Readonly<Record<string, readonly [number, number]>> = {
  nano: [1, 0.5], micro: [1, 1], small: [1, 2], medium: [2, 4], large: [2, 8], xlarge: [4, 16], '2xlarge': [8, 32],
};

interface Family {
  readonly ratioGiB: number;
  readonly sizes: readonly string[];
  /** vCPUs of the `.metal` size, when the family has one. */
  readonly metalVcpu?: number;
  readonly architecture: Architecture;
}

const X86 = 'amd64';
const ARM = 'arm64';
const S_M5 = ['large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge', '24xlarge'];
const S_M6I = [...S_M5, '32xlarge'];
const S_M6A = [...S_M6I, '48xlarge'];
const S_GRAVITON = ['medium', 'large', 'xlarge', '2xlarge', '4xlarge', '8xlarge', '12xlarge', '16xlarge'];
const S_C5 = ['large', 'xlarge', '2xlarge', '4xlarge', '9xlarge', '12xlarge', '18xlarge', '24xlarge'];
const S_M7I = [...S_M5, '48xlarge'];
const S_C7I = [...S_M6A];

const FAMILIES: Readonly<Record<string, Family>> = {
  m5: { ratioGiB: 4, sizes: S_M5, metalVcpu: 96, architecture: X86 },
  m5a: { ratioGiB: 4, sizes: S_M5, architecture: X86 },
  m6i: { ratioGiB: 4, sizes: S_M6I, metalVcpu: 128, architecture: X86 },
  m6a: { ratioGiB: 4, sizes: S_M6A, metalVcpu: 192, architecture: X86 },
  m7i: { ratioGiB: 4, sizes: S_M7I, architecture: X86 },
  m6g: { ratioGiB: 4, sizes: S_GRAVITON, metalVcpu: 64, architecture: ARM },
  m7g: { ratioGiB: 4, sizes: S_GRAVITON, metalVcpu: 64, architecture: ARM },
  c5: { ratioGiB: 2, sizes: S_C5, metalVcpu: 96, architecture: X86 },
  c5a: { ratioGiB: 2, sizes: S_M5, metalVcpu: 96, architecture: X86 },
  c6i: { ratioGiB: 2, sizes: S_M6I, metalVcpu: 128, architecture: X86 },
  c6a: { ratioGiB: 2, sizes: S_M6A, metalVcpu: 192, architecture: X86 },
  c7i: { ratioGiB: 2, sizes: S_C7I, architecture: X86 },
  c6g: { ratioGiB: 2, sizes: S_GRAVITON, metalVcpu: 64, architecture: ARM },
  c7g: { ratioGiB: 2, sizes: S_GRAVITON, metalVcpu: 64, architecture: ARM },
  r5: { ratioGiB: 8, sizes: S_M5, metalVcpu: 96, architecture: X86 },
  r5a: { ratioGiB: 8, sizes: S_M5, architecture: X86 },
  r6i: { ratioGiB: 8, sizes: S_M6I, metalVcpu: 128, architecture: X86 },
  r6a: { ratioGiB: 8, sizes: S_M6A, metalVcpu: 192, architecture: X86 },
  r7i: { ratioGiB: 8, sizes: S_M7I, architecture: X86 },
  r6g: { ratioGiB: 8, sizes: S_GRAVITON, metalVcpu: 64, architecture: ARM },
  r7g: { ratioGiB: 8, sizes: S_GRAVITON, metalVcpu: 64, architecture: ARM },
};

function sizeVcpu(size: string): number | undefined {
  if (size === 'medium') return 1;
  if (size === 'large') return 2;
  if (size === 'xlarge') return 4;
  const m = /^(\d+)xlarge$/.exec(size);
  return m ? 4 * Number(m[1]) : undefined;
}

/** The spec of an instance type from the table, or undefined when the table does not list it. */
export function instanceSpec(instanceType: string): InstanceSpec | undefined {
  const dot = instanceType.indexOf('.');
  if (dot < 0) return undefined;
  const family = instanceType.slice(0, dot);
  const size = instanceType.slice(dot + 1);
  if (family === 't3' || family === 't3a' || family === 't4g' || family === 't2') {
    const row = (family === 't2' ? T2 : BURSTABLE)[size];
    return row ? { vcpu: row[0], memoryMiB: row[1] * 1024, architecture: family === 't4g' ? ARM : X86 } : undefined;
  }
  const f = FAMILIES[family];
  if (!f) return undefined;
  const vcpu = size === 'metal' ? f.metalVcpu : f.sizes.includes(size) ? sizeVcpu(size) : undefined;
  if (vcpu === undefined) return undefined;
  return { vcpu, memoryMiB: vcpu * f.ratioGiB * 1024, architecture: f.architecture };
}

/** Every instance type the table describes (for tests and listings). */
export function listedInstanceSpecs(): string[] {
  const out: string[] = [];
  for (const fam of ['t2', 't3', 't3a', 't4g']) for (const s of Object.keys(fam === 't2' ? T2 : BURSTABLE)) out.push(`${fam}.${s}`);
  for (const [fam, f] of Object.entries(FAMILIES)) {
    for (const s of f.sizes) out.push(`${fam}.${s}`);
    if (f.metalVcpu) out.push(`${fam}.metal`);
  }
  return out;
}
