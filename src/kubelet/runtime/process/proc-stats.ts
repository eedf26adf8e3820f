/**
 * CPU and memory of a container's processes from /proc, standing in for the cgroup statistics
 * cAdvisor reads on a real node: the container is the process group its main process leads
 * (the runtime spawns it detached), so usage is summed over every /proc/<pid>/stat whose pgrp is
 * that pid. CPU is utime+stime (+ cutime+cstime of reaped children), memory the resident set.
 * Linux only; elsewhere the sample is undefined.
 */
import { readFile, readdir } from 'node:fs/promises';

/** USER_HZ on Linux (sysconf(_SC_CLK_TCK)). */
const CLK_TCK = 100;
const PAGE_SIZE = 4096;

export interface ProcSample {
  /** Cumulative CPU time in nanoseconds. */
  readonly cpuNanos: number;
  readonly rssBytes: number;
}

function parseStat(text: string): { pgrp: number; cpuTicks: number; childTicks: number; rssPages: number } | undefined {
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const f = text.slice(close + 2).split(' ');
  // f[0] is field 3 (state) of proc(5); field n is f[n - 3]
  const n = (field: number) => Number(f[field - 3]);
  return { pgrp: n(5), cpuTicks: n(14) + n(15), childTicks: n(16) + n(17), rssPages: n(24) };
}

/** Usage of the process group led by `pgid`, or undefined when it has no process left. */
export async function sampleProcessGroup(pgid: number): Promise<ProcSample | undefined> {
  let entries: string[];
  try { entries = await readdir('/proc'); } catch { return undefined; }
  let ticks = 0;
  let pages = 0;
  let found = false;
  await Promise.all(entries.filter((e) => /^\d+$/.test(e)).map(async (pid) => {
    let text: string;
    try { text = await readFile(`/proc/${pid}/stat`, 'utf8'); } catch { return; }
    const s = parseStat(text);
    if (!s || s.pgrp !== pgid) return;
    found = true;
    ticks += s.cpuTicks + (Number(pid) === pgid ? s.childTicks : 0);
    pages += s.rssPages;
  }));
  if (!found) return undefined;
  return { cpuNanos: (ticks * 1e9) / CLK_TCK, rssBytes: pages * PAGE_SIZE };
}
