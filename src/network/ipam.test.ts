import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IpamExhaustedError, NodeBlockAllocator, PodIpam, ipToInt, nodeBlock } from './ipam.ts';

test('node blocks are /22s of 127.64.0.0/10 and the node IP ends in .1', () => {
  assert.deepEqual(nodeBlock(0), { index: 0, base: '127.64.0.0', nodeIP: '127.64.0.1' });
  assert.deepEqual(nodeBlock(1), { index: 1, base: '127.64.4.0', nodeIP: '127.64.4.1' });
  assert.equal(nodeBlock(4095).base, '127.127.252.0');
  assert.throws(() => nodeBlock(4096));
});

test('the block allocator hands out the lowest free block and never 127.0.0.0/16', () => {
  const a = new NodeBlockAllocator();
  const b0 = a.allocate();
  const b1 = a.allocate();
  assert.deepEqual([b0.index, b1.index], [0, 1]);
  a.release(b0);
  assert.equal(a.allocate().index, 0);
  assert.throws(() => a.claim(1), /in use/);
  assert.ok(ipToInt(b0.nodeIP) > ipToInt('127.0.255.255'));
});

test('pod addresses stay in the node block, skip .0/.255 and the node IP, and are stable per pod', () => {
  const ipam = new PodIpam({ block: nodeBlock(2), limit: 1000 });
  const seen = new Set<string>();
  for (let i = 0; i < 1000; i++) {
    const ip = ipam.allocate(`pod-${i}`);
    assert.ok(!seen.has(ip));
    seen.add(ip);
    const n = ipToInt(ip);
    assert.ok(n >= ipToInt('127.64.8.0') && n < ipToInt('127.64.12.0'), ip);
    assert.ok(!ip.endsWith('.0') && !ip.endsWith('.255') && ip !== '127.64.8.1', ip);
  }
  assert.equal(ipam.allocate('pod-7'), ipam.addressOf('pod-7'));
});

test('the VPC CNI limit is enforced; a released address frees a slot and is reused last', () => {
  const ipam = new PodIpam({ block: nodeBlock(0), limit: 15 });
  const ips = Array.from({ length: 15 }, (_, i) => ipam.allocate(`p${i}`));
  assert.throws(() => ipam.allocate('p15'), (e: unknown) => e instanceof IpamExhaustedError && /failed to assign an IP address/.test(e.message));
  ipam.release('p3');
  const next = ipam.allocate('p15');
  assert.notEqual(next, ips[3]);
  assert.equal(ipam.assigned, 15);
  assert.equal(ipam.addressOf('p3'), undefined);
});

test('node blocks are claimed host-wide: two allocators sharing a claim dir never hand out the same block', async () => {
  const { mkdtempSync, writeFileSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const dir = mkdtempSync(join(tmpdir(), 'ekslite-claims-'));
  try {
    const first = new NodeBlockAllocator(dir);
    const second = new NodeBlockAllocator(dir);
    const a = first.allocate();
    const b = second.allocate();
    assert.notEqual(a.index, b.index);
    first.release(a);
    assert.equal(second.allocate().index, a.index, 'a released block is free again');
    // A claim left by a process that no longer exists is stale and taken over.
    writeFileSync(join(dir, '7'), '999999999');
    assert.equal(new NodeBlockAllocator(dir).claim(7).index, 7);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
