// Runs the built CLI as a user would, in a child process.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

const CLI = resolve('dist/cli.js');

/** Runs `node dist/cli.js ARGS` in `cwd` and returns what it printed and its exit status. */
export function runCli(args: string[], cwd?: string, env: Record<string, string> = {}): CliRun {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 28,
    env: { ...process.env, NO_COLOR: '1', ...env },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}
