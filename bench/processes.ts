// Runs commands as separate processes, interleaved round by round so that whatever else the
// machine is doing weighs on each of them alike, and keeps each one's median time and peak memory.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface ProcessStats {
  ms: number;
  rssKb: number;
}

export interface Command {
  name: string;
  args: string[];
  cwd?: string;
  /** exit codes that mean the command did its work */
  ok: readonly number[];
}

const PRELOAD = resolve('bench/rss-preload.mjs');

function once(command: Command): ProcessStats {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['--import', PRELOAD, ...command.args], {
    cwd: command.cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  const rss = /BENCH_MAXRSS_KB (\d+)/.exec(r.stderr);
  if (!command.ok.includes(r.status ?? -1) || !rss) {
    throw new Error(`${command.name} exited ${r.status}: ${r.stderr.slice(0, 2000)}`);
  }
  return { ms, rssKb: Number(rss[1]) };
}

/** Median time and peak RSS of each command over `runs` interleaved rounds, after one warm-up round. */
export function measureProcesses(
  commands: readonly Command[],
  runs: number,
): Map<string, ProcessStats> {
  const samples = new Map(commands.map((c) => [c.name, [] as ProcessStats[]]));
  for (let round = 0; round <= runs; round++) {
    for (const c of commands) {
      const s = once(c);
      if (round > 0) samples.get(c.name)!.push(s);
    }
  }
  return new Map(
    [...samples].map(([name, list]) => [
      name,
      { ms: median(list.map((s) => s.ms)), rssKb: median(list.map((s) => s.rssKb)) },
    ]),
  );
}

/** The median of a list of numbers. */
export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
