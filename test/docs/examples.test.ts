// The documentation cannot rot: every example in docs/*.md, README.md, CONTRIBUTING.md and
// CHANGELOG.md that is a grants file, a policy, a policy test, a workflow or a command is run
// through the real engine or the built CLI, and the reference pages are checked against the
// code they describe (commands and options, problem codes, fields, inputs, patterns, links).
// The marking conventions are described in CONTRIBUTING.md ("Examples in the documentation").
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { GATE_EVENTS } from '../../src/action/gate.js';
import { grantSchema } from '../../src/core/grant-schema.js';
import { parseGrantsFile } from '../../src/core/grants-file.js';
import { compilePattern } from '../../src/core/pattern.js';
import {
  DEFAULT_ACCESS_LEVELS,
  delegationSchema,
  emergencySchema,
  escalationSchema,
  policySchema,
  ruleSchema,
} from '../../src/core/policy-schema.js';
import { runPolicyTests } from '../../src/core/policy-test.js';
import { loadPolicy, type Policy } from '../../src/core/policy.js';
import { PROBLEM_CODES, WARNING_CODES } from '../../src/core/problems.js';
import {
  codeSpans,
  fencedBlocks,
  headings,
  links,
  read,
  section,
  tableRows,
  where,
  type Block,
} from './markdown.js';
import { commandLines, hasOperator, shellWords, simpleCommands } from './shell.js';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = join(ROOT, 'dist', 'cli.js');
const EXAMPLE = join(ROOT, 'examples', 'access-request');

/** The Markdown files whose examples are exercised. */
const DOC_FILES = [
  'README.md',
  'CONTRIBUTING.md',
  'CHANGELOG.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .sort()
    .map((f) => `docs/${f}`),
];
const BLOCKS: Block[] = DOC_FILES.flatMap((f) => fencedBlocks(f, read(join(ROOT, f))));
const doc = (file: string) => read(join(ROOT, file));

// ------------------------------------------------------------------------------------------------
// The built CLI and what its --help texts say
// ------------------------------------------------------------------------------------------------

function cli(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', GRANT_GATE_DEBUG: '' },
    timeout: 20_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const helpCache = new Map<string, string>();
function help(command?: string): string {
  const key = command ?? '';
  if (!helpCache.has(key)) {
    const r = cli(command ? [command, '--help'] : ['--help'], ROOT);
    if (r.status !== 0) throw new Error(`grant-gate ${key} --help exited ${r.status}: ${r.stderr}`);
    helpCache.set(key, r.stdout);
  }
  return helpCache.get(key)!;
}

/** The commands `grant-gate --help` lists. */
function commands(): string[] {
  const list = /Commands:\n([\s\S]*?)\n\n/.exec(help());
  if (!list) throw new Error('grant-gate --help lists no commands');
  return list[1]!
    .split('\n')
    .map((l) => /^\s+([a-z][a-z-]*)\s/.exec(l)?.[1])
    .filter((c): c is string => c !== undefined);
}

/** The options a command's --help names (its option list and its usage line), with --help. */
function options(command: string): Set<string> {
  return new Set([...help(command).matchAll(/--[a-z][a-z-]*/g)].map((m) => m[0]).concat('--help'));
}

/** Checks a `grant-gate …` command line against the CLI: the command exists and takes each option. */
function checkInvocation(words: string[], at: string): void {
  const [, command, ...rest] = words;
  if (command === '--help' || command === '-h' || command === undefined) return;
  expect(commands(), `${at}: grant-gate ${command} is not a command`).toContain(command);
  const known = options(command);
  for (const w of rest.filter((w) => w.startsWith('--'))) {
    const name = w.split('=')[0]!;
    expect(known.has(name), `${at}: grant-gate ${command} has no option ${name}`).toBe(true);
  }
}

// ------------------------------------------------------------------------------------------------
// Fixtures the transcripts run in
// ------------------------------------------------------------------------------------------------

const temporary: string[] = [];
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'grant-gate-docs-'));
  temporary.push(dir);
  return dir;
}

function git(cwd: string, args: string[]): void {
  execFileSync(
    'git',
    [
      '-c',
      'user.name=Docs Test',
      '-c',
      'user.email=docs@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    {
      cwd,
      stdio: 'ignore',
    },
  );
}

/**
 * The working directory a transcript runs in (`<!-- docs-test: fixture=NAME -->`):
 * - `repo` (default): the repository root; such commands must not write files;
 * - `example`: examples/access-request;
 * - `example-copy`: a temporary copy of examples/access-request, free to change;
 * - `example-git`: a temporary git repository: its `main` branch holds the example's base tree
 *   (and teams.yaml), the checked-out branch `access/kim` has the head tree's grants, uncommitted.
 */
function fixture(name: string): string {
  switch (name) {
    case 'repo':
      return ROOT;
    case 'example':
      return EXAMPLE;
    case 'example-copy': {
      const dir = tempDir();
      cpSync(EXAMPLE, dir, { recursive: true });
      return dir;
    }
    case 'example-git': {
      const dir = tempDir();
      cpSync(join(EXAMPLE, 'base'), dir, { recursive: true });
      cpSync(join(EXAMPLE, 'teams.yaml'), join(dir, 'teams.yaml'));
      git(dir, ['init', '-q', '-b', 'main']);
      git(dir, ['add', '-A']);
      git(dir, ['commit', '-q', '-m', 'base']);
      git(dir, ['checkout', '-q', '-b', 'access/kim']);
      cpSync(join(EXAMPLE, 'head', 'grants'), join(dir, 'grants'), { recursive: true });
      return dir;
    }
    default:
      throw new Error(`unknown docs-test fixture ${name}`);
  }
}

// ------------------------------------------------------------------------------------------------
// Transcripts: `$ grant-gate …` followed by the output it prints
// ------------------------------------------------------------------------------------------------

interface Step {
  command: string;
  /** expected output lines; `...` stands for any number of lines */
  output: string[];
}

function transcript(text: string): Step[] {
  const steps: Step[] = [];
  const lines = text.replace(/\n$/, '').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('$ ')) {
      let command = line.slice(2);
      while (command.endsWith('\\') && i + 1 < lines.length)
        command = `${command.slice(0, -1)} ${lines[++i]!.trim()}`;
      steps.push({ command: command.trim(), output: [] });
    } else if (steps.length === 0) {
      throw new Error(`console block text before the first $ command: ${line}`);
    } else steps[steps.length - 1]!.output.push(line);
  }
  return steps;
}

/** True when `actual` matches `expected`, where an expected line `...` matches any run of lines. */
function linesMatch(expected: readonly string[], actual: readonly string[]): boolean {
  const e = expected.map((l) => l.trimEnd());
  const a = actual.map((l) => l.trimEnd());
  const memo = new Map<string, boolean>();
  const go = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (memo.has(key)) return memo.get(key)!;
    let r: boolean;
    if (i === e.length) r = j === a.length;
    else if (e[i] === '...') r = go(i + 1, j) || (j < a.length && go(i, j + 1));
    else r = j < a.length && e[i] === a[j] && go(i + 1, j + 1);
    memo.set(key, r);
    return r;
  };
  return go(0, 0);
}

function trimBlankEnd(lines: string[]): string[] {
  const out = [...lines];
  while (out.length && out[out.length - 1]!.trim() === '') out.pop();
  return out;
}

// ------------------------------------------------------------------------------------------------
// The blocks, by kind
// ------------------------------------------------------------------------------------------------

/** `it.each`, or a skipped placeholder when there is nothing to run (an empty `each` fails its suite). */
const eachOf = (list: readonly unknown[]): typeof it.each =>
  list.length
    ? it.each.bind(it)
    : ((() => (name: string) => it.skip(name.replace('%s', '(none)'), () => {})) as never);

const firstLine = (b: Block) => b.text.split('\n')[0]!.trim();
const yamlBlocks = BLOCKS.filter((b) => b.lang === 'yaml' || b.lang === 'yml');
const GRANTS_MARK = /^# grants(?: \(problems: ([a-z, -]+)\))?$/;
const POLICY_MARK = /^# policy(?: \(invalid: lines? ([\d, ]+)\))?$/;
const POLICY_TEST_MARK = /^# policy test$/;
const WORKFLOW_MARK = /^# \.github\/workflows\/[\w.-]+\.ya?ml$/;
const EXCERPT_MARK = /^# excerpt\b/;

const starterPolicy = (): Policy => {
  const r = loadPolicy('policies/authority.yaml', read(join(ROOT, 'policies/authority.yaml')));
  if (!r.ok) throw new Error(`the starter policy is invalid: ${JSON.stringify(r.errors)}`);
  return r.policy;
};

describe('YAML examples', () => {
  it('there are examples to check', () => {
    expect(yamlBlocks.filter((b) => GRANTS_MARK.test(firstLine(b))).length).toBeGreaterThan(3);
    expect(yamlBlocks.filter((b) => POLICY_MARK.test(firstLine(b))).length).toBeGreaterThan(3);
    expect(yamlBlocks.filter((b) => WORKFLOW_MARK.test(firstLine(b))).length).toBeGreaterThan(1);
  });

  eachOf(yamlBlocks)(yamlBlocks.map((b) => [where(b), b] as const))(
    '%s is marked as a grants file, a policy, a policy test, a workflow or an excerpt',
    (_at, b) => {
      const mark = firstLine(b);
      const known = [GRANTS_MARK, POLICY_MARK, POLICY_TEST_MARK, WORKFLOW_MARK, EXCERPT_MARK];
      expect(
        known.some((re) => re.test(mark)),
        `${where(b)}: the first line of a yaml block must be a marker comment, not ${mark}`,
      ).toBe(true);
    },
  );

  const grants = yamlBlocks.filter((b) => GRANTS_MARK.test(firstLine(b)));
  eachOf(grants)(grants.map((b) => [where(b), b] as const))(
    'grants file %s parses with exactly the problems its marker states',
    (_at, b) => {
      const expected = (GRANTS_MARK.exec(firstLine(b))![1] ?? '')
        .split(',')
        .map((c) => c.trim())
        .filter(Boolean);
      for (const code of expected) expect(PROBLEM_CODES).toContain(code);
      const file = parseGrantsFile('grants/example.yaml', b.text, DEFAULT_ACCESS_LEVELS);
      const problems = [...file.problems, ...file.grants.flatMap((g) => g.problems)];
      const ids = file.grants.map((g) => g.id).filter(Boolean);
      const codes = new Set(problems.map((p) => p.code as string));
      if (new Set(ids).size !== ids.length) codes.add('duplicate-id');
      expect(
        [...codes].sort(),
        `${where(b)}: ${problems.map((p) => `${p.code} at line ${p.line}: ${p.message}`).join('; ')}`,
      ).toEqual([...new Set(expected)].sort());
    },
  );

  const policies = yamlBlocks.filter((b) => POLICY_MARK.test(firstLine(b)));
  eachOf(policies)(policies.map((b) => [where(b), b] as const))(
    'policy %s is valid, or invalid at exactly the lines its marker states',
    (_at, b) => {
      const lines = (POLICY_MARK.exec(firstLine(b))![1] ?? '')
        .split(',')
        .map((l) => l.trim())
        .filter(Boolean)
        .map(Number);
      const result = loadPolicy('policies/authority.yaml', b.text);
      if (lines.length === 0) {
        expect(result.ok, `${where(b)}: ${result.ok ? '' : JSON.stringify(result.errors)}`).toBe(
          true,
        );
      } else {
        expect(result.ok, `${where(b)} should be invalid`).toBe(false);
        if (!result.ok)
          expect([...new Set(result.errors.map((e) => e.line))].sort((x, y) => x - y)).toEqual(
            lines,
          );
      }
    },
  );

  const policyTests = yamlBlocks.filter((b) => POLICY_TEST_MARK.test(firstLine(b)));
  eachOf(policyTests)(policyTests.map((b) => [where(b), b] as const))(
    'policy test %s passes against policies/authority.yaml',
    (_at, b) => {
      const result = runPolicyTests(starterPolicy(), 'policies/tests/example.yaml', b.text, 0);
      if (!result.ok) throw new Error(`${where(b)}: ${result.line}: ${result.message}`);
      const failed = result.results.filter((r) => r.failures.length > 0);
      expect(failed, `${where(b)}: ${JSON.stringify(failed)}`).toEqual([]);
      expect(result.results.length).toBeGreaterThan(0);
    },
  );

  const excerpts = yamlBlocks.filter((b) => EXCERPT_MARK.test(firstLine(b)));
  eachOf(excerpts)(excerpts.map((b) => [where(b), b] as const))('excerpt %s is YAML', (_at, b) => {
    expect(() => parseYaml(b.text, { version: '1.2', schema: 'core' })).not.toThrow();
  });
});

// ------------------------------------------------------------------------------------------------
// Workflows
// ------------------------------------------------------------------------------------------------

interface ActionMetadata {
  inputs: Record<string, unknown>;
  outputs: Record<string, unknown>;
}
const ACTION = parseYaml(read(join(ROOT, 'action.yml'))) as ActionMetadata;

/** Commands of the CLI, from its own help text. */
const CLI_COMMANDS = new Set(
  [
    ...execFileSync(process.execPath, [resolve('dist/cli.js'), '--help'], {
      encoding: 'utf8',
    }).matchAll(/^ {2}([a-z-]+)\s{2,}/gm),
  ].map((m) => m[1]!),
);

interface WorkflowStep {
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, { types?: string[] } | null>;
  permissions?: Record<string, string>;
  jobs: Record<string, { permissions?: Record<string, string>; steps: WorkflowStep[] }>;
}

const GATE_PERMISSIONS = {
  contents: 'read',
  'pull-requests': 'write',
  statuses: 'write',
  issues: 'write',
};
const PRUNE_PERMISSIONS = { contents: 'write', 'pull-requests': 'write', issues: 'write' };

describe('workflow examples', () => {
  const workflows = yamlBlocks.filter((b) => WORKFLOW_MARK.test(firstLine(b)));
  eachOf(workflows)(workflows.map((b) => [where(b), b] as const))(
    'workflow %s uses real inputs, the events and the permissions its mode needs',
    (_at, b) => {
      const wf = parseYaml(b.text) as Workflow;
      expect(wf.on, `${where(b)}: no on:`).toBeTypeOf('object');
      let ours = 0;
      for (const [name, job] of Object.entries(wf.jobs)) {
        for (const step of job.steps) {
          // A step may run the CLI that ships in the action's dist/: its command must exist.
          const cli = /\bdist\/cli\.js ([a-z-]+)/.exec(step.run ?? '');
          if (cli) {
            ours++;
            expect([...CLI_COMMANDS], `${where(b)}: job ${name}: command ${cli[1]}`).toContain(
              cli[1],
            );
            continue;
          }
          if (!step.uses || !/\/grant-gate@v\d+$/.test(step.uses)) continue;
          ours++;
          const inputs = Object.keys(step.with ?? {});
          for (const input of inputs)
            expect(
              Object.keys(ACTION.inputs),
              `${where(b)}: job ${name}: input ${input}`,
            ).toContain(input);
          const mode = String(step.with?.['mode'] ?? 'gate');
          // With an App installation token the App's permissions matter, not the job's.
          const appToken = /steps\.[\w-]+\.outputs\.token/.test(String(step.with?.['token'] ?? ''));
          if (appToken)
            expect(
              job.steps.some((s) => s.uses?.startsWith('actions/create-github-app-token@')),
              `${where(b)}: job ${name} uses a step's token but mints none`,
            ).toBe(true);
          const permissions = job.permissions ?? wf.permissions ?? {};
          expect(
            permissions['contents'],
            `${where(b)}: job ${name} cannot read the repository`,
          ).toMatch(/^(read|write)$/);
          if (mode === 'gate') {
            if (!appToken)
              expect(permissions, `${where(b)}: job ${name}`).toMatchObject(GATE_PERMISSIONS);
            for (const [event, settings] of Object.entries(wf.on)) {
              if (event === 'workflow_dispatch') continue;
              expect(Object.keys(GATE_EVENTS), `${where(b)}: event ${event}`).toContain(event);
              for (const type of settings?.types ?? [])
                expect(GATE_EVENTS[event], `${where(b)}: ${event} type ${type}`).toContain(type);
            }
          } else {
            expect(mode).toBe('prune');
            if (!appToken)
              expect(permissions, `${where(b)}: job ${name}`).toMatchObject(PRUNE_PERMISSIONS);
            expect(Object.keys(wf.on)).toContain('schedule');
          }
        }
      }
      expect(ours, `${where(b)} runs no grant-gate step`).toBeGreaterThan(0);
    },
  );
});

// ------------------------------------------------------------------------------------------------
// Commands
// ------------------------------------------------------------------------------------------------

const SHELL_LANGS = new Set(['sh', 'bash', 'shell']);

describe('shell examples', () => {
  const scripts = (
    JSON.parse(read(join(ROOT, 'package.json'))) as { scripts: Record<string, string> }
  ).scripts;
  const shells = BLOCKS.filter((b) => SHELL_LANGS.has(b.lang));
  eachOf(shells)(shells.map((b) => [where(b), b] as const))(
    '%s names real commands, options, npm scripts and paths',
    (_at, b) => {
      for (const line of commandLines(b.text)) {
        for (const command of simpleCommands(line.text)) {
          const words = shellWords(command);
          const at = `${b.file}:${b.line + 1 + line.index}`;
          if (words[0] === 'grant-gate') checkInvocation(words, at);
          if (words[0] === 'node' && words[1] === 'dist/cli.js')
            checkInvocation(['grant-gate', ...words.slice(2)], at);
          if (words[0] === 'npm' && words[1] === 'run' && words[2])
            expect(Object.keys(scripts), `${at}: npm run ${words[2]}`).toContain(words[2]);
          if (words[0] === 'npm' && (words[1] === 'start' || words[1] === 'test'))
            expect(Object.keys(scripts), `${at}: npm ${words[1]}`).toContain(words[1]);
          if (words[0] === 'npx' && words[1] === 'vitest') {
            for (const path of words.slice(3).filter((w) => !w.startsWith('-')))
              expect(existsSync(join(ROOT, path)), `${at}: ${path} does not exist`).toBe(true);
          }
        }
      }
    },
  );

  const consoles = BLOCKS.filter((b) => b.lang === 'console');
  it('there are transcripts to run', () => expect(consoles.length).toBeGreaterThan(5));
  eachOf(consoles)(consoles.map((b) => [where(b), b] as const))(
    'transcript %s prints what it shows and exits as marked',
    (_at, b) => {
      const steps = transcript(b.text);
      expect(steps.length, `${where(b)} holds no $ command`).toBeGreaterThan(0);
      const exits = (b.settings['exit'] ?? '0').split(',').map(Number);
      const cwd = fixture(b.settings['fixture'] ?? 'repo');
      steps.forEach((step, i) => {
        expect(
          hasOperator(step.command),
          `${where(b)}: ${step.command} must be one plain command`,
        ).toBe(false);
        const words = shellWords(step.command);
        expect(words[0], `${where(b)}: transcripts run grant-gate only`).toBe('grant-gate');
        checkInvocation(words, where(b));
        const r = cli(words.slice(1), cwd);
        const printed = trimBlankEnd(`${r.stdout}${r.stderr}`.split('\n'));
        const expected = trimBlankEnd(step.output);
        const exit = exits[Math.min(i, exits.length - 1)];
        expect(r.status, `${where(b)}: ${step.command}\n${printed.join('\n')}`).toBe(exit);
        if (expected.length > 0) {
          expect(
            linesMatch(expected, printed),
            `${where(b)}: ${step.command} printed:\n${printed.join('\n')}`,
          ).toBe(true);
        }
      });
    },
  );

  eachOf(BLOCKS.filter((b) => b.lang === 'json'))(
    BLOCKS.filter((b) => b.lang === 'json').map((b) => [where(b), b] as const),
  )('JSON example %s parses', (_at, b) => {
    expect(() => JSON.parse(b.text)).not.toThrow();
  });
});

// ------------------------------------------------------------------------------------------------
// The reference pages cover what the code has, and name nothing it lacks
// ------------------------------------------------------------------------------------------------

describe('reference coverage', () => {
  it('docs/cli.md has a section for every command, naming each of its options and no other', () => {
    const text = doc('docs/cli.md');
    for (const command of commands()) {
      const body = section(text, (h) => h.replace(/`/g, '') === `grant-gate ${command}`);
      expect(body, `docs/cli.md has no heading "grant-gate ${command}"`).toBeDefined();
      const known = options(command);
      for (const option of known)
        if (option !== '--help')
          expect(body, `docs/cli.md: grant-gate ${command} does not mention ${option}`).toContain(
            option,
          );
      for (const m of body!.matchAll(/(?<![\w-])--[a-z][a-z-]*/g))
        expect(known.has(m[0]), `docs/cli.md: grant-gate ${command} has no option ${m[0]}`).toBe(
          true,
        );
    }
  });

  it("README.md's command table lists every command", () => {
    const table = section(doc('README.md'), (h) => h === 'Command line');
    for (const command of commands())
      expect(table, `README.md does not list grant-gate ${command}`).toContain(
        `grant-gate ${command}`,
      );
  });

  it('docs/decisions.md explains every problem and warning code, and no other', () => {
    const text = doc('docs/decisions.md');
    const problems = tableRows(text, ['code', 'decision', 'meaning', 'what the requester does']);
    const warnings = tableRows(text, ['code', 'meaning', 'what to do']);
    const codeOf = (row: string[]) => codeSpans(row[0]!)[0];
    expect(problems.map(codeOf).sort()).toEqual([...PROBLEM_CODES].sort());
    expect(warnings.map(codeOf).sort()).toEqual([...WARNING_CODES].sort());
    for (const row of problems) expect(['returned', 'blocked']).toContain(row[1]);
  });

  it('docs/grants.md describes every field of a grant', () => {
    const rows = tableRows(doc('docs/grants.md'), ['field', 'required', 'format and meaning']);
    const documented = rows.map((r) => codeSpans(r[0]!)[0]);
    const fields = [
      ...Object.keys(grantSchema().shape),
      'exception.rationale',
      'emergency.rationale',
      'emergency.incident',
    ];
    expect([...documented].sort()).toEqual([...fields].sort());
  });

  it('docs/policy.md describes every key of the policy', () => {
    const spans = new Set(codeSpans(doc('docs/policy.md')));
    const keys = [policySchema, ruleSchema, escalationSchema, delegationSchema, emergencySchema]
      .flatMap((s) => Object.keys(s.shape))
      .concat(Object.keys(policySchema.shape.defaults.unwrap().shape));
    for (const key of new Set(keys)) expect(spans, `docs/policy.md: ${key}`).toContain(key);
  });

  it("docs/policy.md's pattern table is what the matcher does", () => {
    const rows = tableRows(doc('docs/policy.md'), ['pattern', 'matches', 'does not match']);
    expect(rows.length).toBeGreaterThan(5);
    for (const [patternCell, yes, no] of rows) {
      const pattern = codeSpans(patternCell!)[0]!;
      const compiled = compilePattern(pattern);
      if (!compiled.ok) throw new Error(`pattern ${pattern}: ${compiled.reason}`);
      for (const r of codeSpans(yes!))
        expect(compiled.pattern.matches(r), `${pattern} should match ${r}`).toBe(true);
      for (const r of codeSpans(no!))
        expect(compiled.pattern.matches(r), `${pattern} should not match ${r}`).toBe(false);
    }
  });

  it('docs/deployment.md documents every input and output of action.yml, and no other', () => {
    const text = doc('docs/deployment.md');
    const inputs = tableRows(text, ['input', 'default', 'meaning']).map((r) => codeSpans(r[0]!)[0]);
    const outputs = tableRows(text, ['output', 'meaning']).map((r) => codeSpans(r[0]!)[0]);
    expect([...inputs].sort()).toEqual(Object.keys(ACTION.inputs).sort());
    expect([...outputs].sort()).toEqual(Object.keys(ACTION.outputs).sort());
  });

  it('.env.example sets an INPUT_ variable only for real inputs', () => {
    const names = [...read(join(ROOT, '.env.example')).matchAll(/^#?\s*INPUT_([A-Z-]+)=/gm)].map(
      (m) => m[1]!.toLowerCase(),
    );
    expect(names.length).toBeGreaterThan(3);
    for (const name of names) expect(Object.keys(ACTION.inputs)).toContain(name);
  });

  it.each(DOC_FILES)('the relative links of %s reach a file and a heading', (file) => {
    const text = doc(file);
    for (const link of links(text)) {
      if (/^[a-z][a-z+.-]*:/i.test(link.target)) continue; // https:, mailto:
      const [path, anchor] = link.target.split('#') as [string, string | undefined];
      const target = path ? resolve(dirname(join(ROOT, file)), decodeURI(path)) : join(ROOT, file);
      expect(existsSync(target), `${file}:${link.line}: ${link.target} does not exist`).toBe(true);
      if (anchor && target.endsWith('.md')) {
        const anchors = headings(read(target)).map((h) => h.anchor);
        expect(anchors, `${file}:${link.line}: no heading #${anchor} in ${path || file}`).toContain(
          anchor,
        );
      }
    }
  });
});
