/**
 * Helpers for kubelet tests: waiting on a condition with a deadline (STYLE.md §9: no fixed
 * sleeps), and a fetch of a URL on a loopback address.
 */
import { request } from 'node:http';

export { waitFor, type WaitOptions } from '../../test/support/wait-for.ts';

export function httpGet(url: string): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'GET', timeout: 5000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8'), headers: res.headers }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end();
  });
}
