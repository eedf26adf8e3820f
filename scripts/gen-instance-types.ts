/**
 * Generates src/network/generated/instance-types.json, the VPC CNI's per-instance-type ENI limits,
 * from the reference CSV exported from aws/amazon-vpc-cni-k8s (`pkg/vpc/vpc_ip_resource_limit.go`,
 * queried from the EC2 DescribeInstanceTypes API over every commercial region).
 *
 * Output contract (read by src/network/instance-types.ts):
 *   { "source": "<csv file name>",
 *     "types": { "<instance type>": [maxEnis, ipv4PerEni, hypervisor, bareMetal], ... } }
 * - keys sorted, one line per type, so diffs of a refresh stay readable;
 * - nothing derived: max pods is computed by the reader (and checked against eni-max-pods.txt
 *   by src/network/instance-types.test.ts).
 *
 * Usage: node --import tsx scripts/gen-instance-types.ts [input.csv] [output.json]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEFAULT_INPUT = '/work/shared/reference/aws/vpc-cni/instance-eni-limits.csv';
const DEFAULT_OUTPUT = fileURLToPath(new URL('../src/network/generated/instance-types.json', import.meta.url));

export type GeneratedLimit = [maxEnis: number, ipv4PerEni: number, hypervisor: string, bareMetal: boolean];

/** Parses the CSV (header `instance_type,max_enis,ipv4_per_eni,hypervisor,bare_metal`). */
export function parseEniLimits(csv: string): Map<string, GeneratedLimit> {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = lines.shift()?.split(',') ?? [];
  const col = (name: string): number => {
    const i = header.indexOf(name);
    if (i < 0) throw new Error(`column ${name} missing from the CSV header`);
    return i;
  };
  const [type, enis, ips, hv, metal] = ['instance_type', 'max_enis', 'ipv4_per_eni', 'hypervisor', 'bare_metal'].map(col);
  const out = new Map<string, GeneratedLimit>();
  for (const line of lines) {
    const f = line.split(',');
    const maxEnis = Number(f[enis]);
    const ipv4PerEni = Number(f[ips]);
    if (!Number.isInteger(maxEnis) || !Number.isInteger(ipv4PerEni)) throw new Error(`bad row: ${line}`);
    out.set(f[type], [maxEnis, ipv4PerEni, f[hv], f[metal] === 'true']);
  }
  return out;
}

export function renderInstanceTypes(limits: Map<string, GeneratedLimit>, source: string): string {
  const names = [...limits.keys()].sort();
  const rows = names.map((n) => `    ${JSON.stringify(n)}: ${JSON.stringify(limits.get(n))}`);
  return `{\n  "source": ${JSON.stringify(source)},\n  "types": {\n${rows.join(',\n')}\n  }\n}\n`;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const input = process.argv[2] ?? DEFAULT_INPUT;
  const output = process.argv[3] ?? DEFAULT_OUTPUT;
  const limits = parseEniLimits(readFileSync(input, 'utf8'));
  writeFileSync(output, renderInstanceTypes(limits, basename(input)));
  console.log(`wrote ${limits.size} instance types to ${output}`);
}
