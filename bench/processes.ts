// Runs a command several times as a separate process and keeps the median time and peak memory.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface ProcessStats {
  ms: number;
  rssKb: number;
}

const PRELOAD = resolve('bench/rss-preload.mjs');

/** Median wall time and peak RSS of `runs` runs of `node ARGS`, after one warm-up run; `ok` lists the accepted exit codes. */
export function measureProcess(
  args: string[],
  runs: number,
  cwd?: string,
  ok: readonly number[] = [0],
): ProcessStats {
  const samples: ProcessStats[] = [];
  for (let i = 0; i <= runs; i++) {
    const start = process.hrtime.bigint();
    const r = spawnSync(process.execPath, ['--import', PRELOAD, ...args], {
      cwd,
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    if (!ok.includes(r.status ?? -1) || !/BENCH_MAXRSS_KB/.test(r.stderr))
      throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
    const rss = /BENCH_MAXRSS_KB (\d+)/.exec(r.stderr);
    if (i > 0) samples.push({ ms, rssKb: rss ? Number(rss[1]) : NaN });
  }
  return { ms: median(samples.map((s) => s.ms)), rssKb: median(samples.map((s) => s.rssKb)) };
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
