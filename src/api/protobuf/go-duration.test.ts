import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatGoDuration, parseGoDuration } from './go-duration.ts';

const S = 1_000_000_000n;

describe('formatGoDuration', () => {
  it('formats as Go time.Duration.String does', () => {
    const cases: [bigint, string][] = [
      [0n, '0s'], [1n, '1ns'], [999n, '999ns'], [1500n, '1.5µs'], [1_500_000n, '1.5ms'], [100_000_000n, '100ms'],
      [S, '1s'], [1_500_000_000n, '1.5s'], [90n * S, '1m30s'], [3600n * S, '1h0m0s'], [3723n * S + 4_005_006n, '1h2m3.004005006s'],
      [-90n * S, '-1m30s'], [(1n << 63n) - 1n, '2562047h47m16.854775807s'], [-(1n << 63n), '-2562047h47m16.854775808s'],
    ];
    for (const [ns, s] of cases) assert.equal(formatGoDuration(ns), s, `${ns}ns`);
  });
});

describe('parseGoDuration', () => {
  it('parses as Go time.ParseDuration does', () => {
    const cases: [string, bigint][] = [
      ['0', 0n], ['-0', 0n], ['1h', 3600n * S], ['1.5h', 5400n * S], ['1h30m', 5400n * S], ['.5s', S / 2n], ['1.s', S],
      ['300ms', 300_000_000n], ['-1.5h', -5400n * S], ['+5s', 5n * S], ['1us', 1000n], ['1µs', 1000n], ['1μs', 1000n], ['2ns', 2n],
      ['1.0000000009s', S], ['2562047h47m16.854775807s', (1n << 63n) - 1n],
    ];
    for (const [s, ns] of cases) assert.equal(parseGoDuration(s), ns, s);
  });

  it('rejects what Go rejects', () => {
    for (const s of ['', '1', 's', '.s', '1d', '1h x', '-', '2562047h47m16.854775808s', '1e3s']) assert.equal(parseGoDuration(s), undefined, s);
  });

  it('inverts formatGoDuration', () => {
    for (const ns of [0n, 7n, 12_345n, 9_999_999n, 61n * S + 1n, 100_000n * 3600n * S]) assert.equal(parseGoDuration(formatGoDuration(ns)), ns);
  });
});
