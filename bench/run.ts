// npm run bench: measures grant-gate against the floor (parsing the same YAML and nothing
// else) and against peer matchers, and prints a Markdown table of ratios.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { resources, rulePatterns, writeRepo } from './generate.js';
import { compareMatchers } from './matchers.js';
import { measureProcesses, type Command } from './processes.js';

/** The request counts the end-to-end budget tests print, gate and prune. */
function requestBudgets(): string[] {
  const r = spawnSync(
    process.execPath,
    [
      'node_modules/vitest/vitest.mjs',
      'run',
      'test/e2e/gate-idempotence.test.ts',
      'test/e2e/prune-budget.test.ts',
      '-t',
      '200 grants files|request budget',
    ],
    { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' } },
  );
  const lines = `${r.stdout}\n${r.stderr}`
    .split('\n')
    // eslint-disable-next-line no-control-regex -- strips terminal colour codes vitest may print
    .map((l) => l.replace(/\u001b\[[0-9;]*m/g, '').trim())
    .filter((l) => l.startsWith('budget: '))
    .map((l) => l.slice('budget: '.length));
  return r.status === 0 && lines.length === 2
    ? lines
    : [`not measured: the budget tests did not report (exit ${r.status})`];
}

const { values } = parseArgs({
  options: {
    grants: { type: 'string', default: '20000' },
    files: { type: 'string', default: '20' },
    rules: { type: 'string', default: '2000' },
    'match-rules': { type: 'string', default: '5000' },
    resources: { type: 'string', default: '100000' },
    runs: { type: 'string', default: '3' },
  },
});
const size = {
  grants: Number(values.grants),
  files: Number(values.files),
  rules: Number(values.rules),
};
const runs = Number(values.runs);
const cli = resolve('dist/cli.js');
const floor = resolve('bench/floor.mjs');
const now = '2027-01-01T00:00:00Z';

const dir = mkdtempSync(join(tmpdir(), 'grant-gate-bench-'));
try {
  const { base, head } = writeRepo(dir, size, new Date(now));
  // check compares the work tree with a commit: make head a repository whose HEAD is base.
  const git = (...args: string[]) =>
    execFileSync('git', ['-C', head, ...args], { stdio: 'ignore' });
  git('init', '-q');
  git(
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.invalid',
    'commit',
    '-q',
    '--allow-empty',
    '-m',
    'empty',
  );
  for (const f of ['policies']) git('add', f);
  git(
    '-c',
    'user.name=bench',
    '-c',
    'user.email=bench@example.invalid',
    'commit',
    '-q',
    '-m',
    'policy',
  );

  const FLOOR = 'floor: parse the same files with yaml';
  const commands: Command[] = [
    { name: FLOOR, args: [floor, head], ok: [0] },
    {
      name: 'evaluate (adds every grant)',
      args: [
        cli,
        'evaluate',
        '--base',
        base,
        '--head',
        head,
        '--author',
        'kim',
        '--now',
        now,
        '--format',
        'json',
      ],
      ok: [1],
    },
    {
      name: 'check (working tree vs HEAD)',
      args: [cli, 'check', '--base', 'HEAD', '--author', 'kim', '--now', now, '--format', 'json'],
      cwd: head,
      ok: [0, 1],
    },
    {
      name: 'prune --dry-run',
      args: [cli, 'prune', '--dir', head, '--now', now, '--dry-run', '--format', 'json'],
      ok: [0],
    },
  ];
  const stats = measureProcesses(commands, runs);
  const floorStats = stats.get(FLOOR)!;
  const rows = commands.slice(1).map((c) => [c.name, stats.get(c.name)!] as const);

  const out: string[] = [];
  out.push(
    `grant-gate benchmark: ${size.grants} grants in ${size.files} files, ${size.rules} rules; median of ${runs} runs; node ${process.version}, ${cpus()[0]?.model ?? 'unknown CPU'} x${cpus().length}`,
  );
  out.push(
    '',
    '| run | time (ms) | × floor | peak RSS (MiB) | × floor |',
    '|---|---:|---:|---:|---:|',
  );
  out.push(
    `| ${FLOOR} | ${floorStats.ms.toFixed(0)} | 1.00 | ${(floorStats.rssKb / 1024).toFixed(0)} | 1.00 |`,
  );
  for (const [name, s] of rows) {
    out.push(
      `| ${name} | ${s.ms.toFixed(0)} | ${(s.ms / floorStats.ms).toFixed(2)} | ${(s.rssKb / 1024).toFixed(0)} | ${(s.rssKb / floorStats.rssKb).toFixed(2)} |`,
    );
  }

  const patterns = rulePatterns(Number(values['match-rules']));
  const matchers = compareMatchers(
    patterns,
    resources(Number(values.resources), patterns.length, 11),
    runs,
  );
  const linear = matchers.find((m) => m.name.startsWith('linear'))!;
  out.push(
    '',
    `Authority resolution: ${values.resources} resources under ${patterns.length} rules (each matcher timed on a sample of about half a second's work, after a warm-up)`,
    '',
  );
  out.push('| matcher | resources | resources/s | × linear scan |', '|---|---:|---:|---:|');
  for (const m of matchers)
    out.push(
      `| ${m.name} | ${m.sampled} | ${m.perSecond.toFixed(0)} | ${(m.perSecond / linear.perSecond).toFixed(2)} |`,
    );
  out.push('', 'GitHub requests, from the end-to-end tests against the fake GitHub API:', '');
  for (const line of requestBudgets()) out.push(`- ${line}`);
  process.stdout.write(`${out.join('\n')}\n`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
