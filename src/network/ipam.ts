/**
 * Pod address management for the loopback network (ARCHITECTURE.md decision 5): every address is a
 * real 127/8 socket address, so pods answer on their own IP with no root and no NAT.
 *
 * Layout (chosen for ekslite, documented here once):
 * - 127.0.0.0/16 is left to the host (127.0.0.1, 127.0.0.53 of systemd-resolved…).
 * - Nodes get /22 blocks (1,024 addresses) from NODE_RANGE, 127.64.0.0/10: node block i is
 *   127.64.0.0 + i×1024, so 4,096 nodes fit. The node's InternalIP is the block's first address
 *   ending in .1 (127.64.0.1 for block 0); pods take the other addresses of the block, skipping
 *   those ending in .0 and .255 (valid on Linux loopback, but they read as network/broadcast
 *   addresses to people and some tools).
 * - A /22 holds up to 1,016 pod addresses, more than any instance type's VPC CNI limit (737).
 *
 * The VPC CNI limit is enforced as the real plugin does: a node hands out at most
 * ENIs × (IPv4 per ENI − 1) addresses (the first address of each ENI is the ENI's own). Together
 * with the two host-network pods (aws-node, kube-proxy) that is eni-max-pods.txt's max pods.
 * When the limit is reached, allocation fails with the aws-cni plugin's error and the pod's
 * sandbox cannot be created (kubelet reports FailedCreatePodSandBox).
 *
 * Addresses are handed out next-fit (continuing after the last one given), so a freed address is
 * reused as late as possible — the effect the VPC CNI gets from its 30 s IP cooldown.
 *
 * Limits: Linux only (other systems route only 127.0.0.1 to loopback); one ekslite process per
 * host, since the blocks are allocated per process.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const NODE_RANGE = { base: '127.64.0.0', prefix: 10 } as const;
export const NODE_BLOCK_SIZE = 1024;
const NODE_RANGE_BASE = ipToInt(NODE_RANGE.base);
const NODE_BLOCKS = 2 ** (32 - NODE_RANGE.prefix) / NODE_BLOCK_SIZE;

export function ipToInt(ip: string): number {
  const parts = ip.split('.').map(Number);
  if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new Error(`not an IPv4 address: ${ip}`);
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

export function intToIp(n: number): string {
  return [n >>> 24, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.');
}

/** One node's /22. */
export interface NodeBlock {
  readonly index: number;
  /** First address of the block, e.g. "127.64.4.0". */
  readonly base: string;
  /** The node's InternalIP (block base + 1). */
  readonly nodeIP: string;
}

export function nodeBlock(index: number): NodeBlock {
  if (!Number.isInteger(index) || index < 0 || index >= NODE_BLOCKS) throw new Error(`node block ${index} outside 0..${NODE_BLOCKS - 1}`);
  const base = NODE_RANGE_BASE + index * NODE_BLOCK_SIZE;
  return { index, base: intToIp(base), nodeIP: intToIp(base + 1) };
}

/**
 * Hands out node blocks, the lowest free index first. Loopback addresses belong to the whole
 * host, so with a `claimDir` a block is also claimed host-wide: a file `<index>` created
 * exclusively, holding the owner's pid; a claim whose pid is gone is stale and taken over. Two
 * ekslite processes on one machine (several clusters, concurrent tests) thus never share a
 * node address, a pod address or a kubelet port.
 */
export class NodeBlockAllocator {
  private readonly used = new Set<number>();

  constructor(private readonly claimDir?: string) {}

  allocate(): NodeBlock {
    for (let i = 0; i < NODE_BLOCKS; i++) {
      if (!this.used.has(i) && this.claimOnHost(i)) { this.used.add(i); return nodeBlock(i); }
    }
    throw new Error(`all ${NODE_BLOCKS} loopback node blocks are in use`);
  }

  /** Claims a given block (a node restarting with its old address). */
  claim(index: number): NodeBlock {
    if (this.used.has(index) || !this.claimOnHost(index)) throw new Error(`node block ${index} is already in use`);
    this.used.add(index);
    return nodeBlock(index);
  }

  release(block: NodeBlock): void {
    this.used.delete(block.index);
    if (this.claimDir) rmSync(join(this.claimDir, String(block.index)), { force: true });
  }

  private claimOnHost(index: number): boolean {
    if (!this.claimDir) return true;
    const file = join(this.claimDir, String(index));
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        mkdirSync(this.claimDir, { recursive: true });
        writeFileSync(file, String(process.pid), { flag: 'wx' });
        return true;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const owner = Number(readFileSync(file, 'utf8').trim());
        if (owner === process.pid || isAlive(owner)) return false;
        rmSync(file, { force: true }); // the owner died without releasing: take the block over
      }
    }
    return false;
  }
}

function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The blocks of this process, claimed host-wide under the temp dir. */
export const processNodeBlocks = new NodeBlockAllocator(join(tmpdir(), 'ekslite-node-blocks'));

/** Raised when a node has no address left under its VPC CNI limit. */
export class IpamExhaustedError extends Error {
  override name = 'IpamExhaustedError';
}

export interface PodIpamOptions {
  readonly block: NodeBlock;
  /** Most addresses handed out at once: the instance type's ENIs × (IPv4 per ENI − 1). */
  readonly limit: number;
}

/** A node's pod addresses: at most `limit` at a time, each tied to a pod uid. */
export class PodIpam {
  readonly nodeIP: string;
  private readonly byOwner = new Map<string, number>();
  private readonly owners = new Map<number, string>();
  private readonly first: number;
  private cursor: number;

  constructor(private readonly options: PodIpamOptions) {
    this.nodeIP = options.block.nodeIP;
    this.first = ipToInt(options.block.base);
    this.cursor = ipToInt(options.block.nodeIP);
  }

  get limit(): number { return this.options.limit; }
  get assigned(): number { return this.byOwner.size; }

  /**
   * The address of `owner` (a pod uid), assigning one if it has none. Throws IpamExhaustedError
   * with the aws-cni plugin's message when the node is at its limit.
   */
  allocate(owner: string): string {
    const have = this.byOwner.get(owner);
    if (have !== undefined) return intToIp(have);
    if (this.byOwner.size >= this.options.limit) {
      throw new IpamExhaustedError('add cmd: failed to assign an IP address to container');
    }
    for (let step = 0; step < NODE_BLOCK_SIZE; step++) {
      this.cursor = this.first + ((this.cursor - this.first + 1) % NODE_BLOCK_SIZE);
      const last = this.cursor & 255;
      if (last === 0 || last === 255 || intToIp(this.cursor) === this.nodeIP || this.owners.has(this.cursor)) continue;
      this.byOwner.set(owner, this.cursor);
      this.owners.set(this.cursor, owner);
      return intToIp(this.cursor);
    }
    throw new IpamExhaustedError('add cmd: failed to assign an IP address to container');
  }

  addressOf(owner: string): string | undefined {
    const n = this.byOwner.get(owner);
    return n === undefined ? undefined : intToIp(n);
  }

  release(owner: string): void {
    const n = this.byOwner.get(owner);
    if (n === undefined) return;
    this.byOwner.delete(owner);
    this.owners.delete(n);
  }
}
