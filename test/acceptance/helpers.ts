// Acceptance-suite helpers. Everything here is black-box: trees are written to a temporary
// directory, the BUILT CLI (`node dist/cli.js evaluate ...`) is run with spawnSync, and its JSON
// document is parsed. Expected values live in the test files and come from the spec (SPEC.md).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const CLI = join(ROOT, 'dist', 'cli.js');

/** `now` used by every scenario unless it says otherwise. */
export const NOW = '2027-01-01T00:00:00Z';
export const HEAD_SHA = 'b'.repeat(40);
export const OLD_SHA = 'a'.repeat(40);
export const POLICY_FILE = 'policies/authority.yaml';

// ---------------------------------------------------------------------------------------------
// The default authority policy. Line numbers matter: tests assert `rule.line` against them.
// ---------------------------------------------------------------------------------------------
export const DEFAULT_POLICY = `version: 1
access_levels: [read, write, admin]
defaults: { max_access: write, max_duration: 30d, approvals: 1 }
rules:
  - pattern: "*"
    owners: ["@acme/security"]
  - pattern: aws/prod/
    owners: ["@acme/prod-owners", dana]
    max_access: read
    max_duration: 7d
    escalation:
      owners: ["@acme/security-leads"]
      max_access: write
      max_duration: 30d
  - pattern: aws/prod/vault
    owners: ["@acme/vault-keepers"]
    max_access: read
    max_duration: 2d
    approvals: 2
delegations:
  - to: [carol]
    granted_by: "@acme/prod-owners"
    pattern: aws/prod/payments-*
    max_access: read
    max_duration: 3d
    expires: 2027-03-01
  - to: [erin]
    granted_by: "@acme/prod-owners"
    pattern: aws/prod/orders
    max_access: read
    max_duration: 7d
    expires: 2026-06-01
  - to: [frank]
    granted_by: "@acme/security"
    pattern: aws/prod/ledger
    max_access: read
    max_duration: 7d
    expires: 2027-06-01
  - to: [gina]
    granted_by: "@DANA"
    pattern: aws/prod/ledger
    max_access: read
    max_duration: 7d
    expires: 2027-06-01
emergency:
  owners: ["@acme/oncall"]
  max_access: admin
  max_duration: 8h
  post_review: 72h
`;
/** Lines of the default policy's rules (the `- pattern:` item line). */
export const RULE_STAR = { pattern: '*', line: 5 };
export const RULE_AWS_PROD = { pattern: 'aws/prod/', line: 7 };
export const RULE_VAULT = { pattern: 'aws/prod/vault', line: 15 };

export const DEFAULT_TEAMS: Record<string, string[]> = {
  'acme/security': ['sam'],
  'acme/prod-owners': ['pat', 'quinn'],
  'acme/security-leads': ['lee', 'lou'],
  'acme/vault-keepers': ['vic', 'val', 'vera'],
  'acme/oncall': ['ops1', 'ops2'],
};

// ---------------------------------------------------------------------------------------------
// Grants YAML builders
// ---------------------------------------------------------------------------------------------
/** Raw YAML scalars (inserted verbatim, so the caller controls quoting). `null` omits the key. */
export interface GrantFields {
  identity?: string | null;
  identity_type?: string | null;
  owner?: string | null;
  resource?: string | null;
  access?: string | null;
  requester?: string | null;
  purpose?: string | null;
  ticket?: string | null;
  expires?: string | null;
  /** rationale of an `exception:` block (raw scalar); omitted when null/undefined */
  exception?: string | null;
  /** rationale of an `emergency:` block (raw scalar), with `incident: INC-42` */
  emergency?: string | null;
  /** raw lines appended to the grant, already indented by four spaces */
  extra?: string[];
}

export const DEFAULT_PURPOSE = 'Investigate slow queries on the orders database';

const FIELD_ORDER = [
  'identity',
  'identity_type',
  'owner',
  'resource',
  'access',
  'requester',
  'purpose',
  'ticket',
  'expires',
] as const;

/** One grant as a YAML sequence item (two-space indented, `- id:` first). */
export function grant(id: string, fields: GrantFields = {}): string {
  const given: Record<string, string | null | undefined> = {};
  for (const key of FIELD_ORDER) if (key in fields) given[key] = fields[key];
  const values: Record<string, string | null | undefined> = {
    identity: 'alice',
    identity_type: 'user',
    owner: null,
    resource: 'aws/prod/db',
    access: 'read',
    requester: 'alice',
    purpose: DEFAULT_PURPOSE,
    ticket: null,
    expires: '2027-01-05',
    ...given,
  };
  const lines = [`  - id: ${id}`];
  for (const key of FIELD_ORDER) {
    const v = values[key];
    if (v !== null && v !== undefined) lines.push(`    ${key}: ${v}`);
  }
  if (fields.exception !== null && fields.exception !== undefined) {
    lines.push('    exception:', `      rationale: ${fields.exception}`);
  }
  if (fields.emergency !== null && fields.emergency !== undefined) {
    lines.push('    emergency:', `      rationale: ${fields.emergency}`, '      incident: INC-42');
  }
  if (fields.extra) lines.push(...fields.extra);
  return lines.join('\n');
}

/** A grants file holding the given grants. */
export function grantsFile(...grants: string[]): string {
  if (grants.length === 0) return 'grants: []\n';
  return `grants:\n${grants.join('\n\n')}\n`;
}

/** 1-based line of the `- id: <id>` item in `text`. */
export function grantLine(text: string, id: string, occurrence = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (let i = 0; i < lines.length; i++) {
    if (new RegExp(`^\\s*- id: ${escapeRe(id)}\\s*$`).test(lines[i]!)) {
      seen++;
      if (seen === occurrence) return i + 1;
    }
  }
  throw new Error(`grant ${id} not found in text`);
}

/** 1-based line of `key:` inside the grant `id` (first occurrence after the grant's item line). */
export function keyLine(text: string, id: string, key: string): number {
  const start = grantLine(text, id);
  const lines = text.split('\n');
  for (let i = start - 1; i < lines.length; i++) {
    if (i > start - 1 && /^\s*- /.test(lines[i]!)) break;
    if (new RegExp(`^\\s*(- )?${escapeRe(key)}:`).test(lines[i]!)) return i + 1;
  }
  throw new Error(`key ${key} not found in grant ${id}`);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------
// Reviews and commits in GitHub's REST shapes
// ---------------------------------------------------------------------------------------------
export type ReviewState = 'APPROVED' | 'CHANGES_REQUESTED' | 'DISMISSED' | 'COMMENTED' | 'PENDING';
let reviewId = 1000;
/** A review object as GitHub's "list reviews for a pull request" returns it. `minute` orders them. */
export function review(
  login: string,
  state: ReviewState,
  opts: { sha?: string; minute?: number; type?: 'User' | 'Bot' } = {},
): Record<string, unknown> {
  const minute = opts.minute ?? 0;
  const submitted = new Date(Date.UTC(2026, 11, 31, 12, 0, 0) + minute * 60_000).toISOString();
  return {
    id: reviewId++,
    user: { login, type: opts.type ?? 'User' },
    state,
    commit_id: opts.sha ?? HEAD_SHA,
    submitted_at: submitted.replace('.000Z', 'Z'),
    body: '',
  };
}

/** A commit object as GitHub's "list commits on a pull request" returns it. */
export function commit(authorLogin: string | null, committerLogin: string | null, sha = HEAD_SHA) {
  return {
    sha,
    commit: {
      author: {
        name: authorLogin ?? 'someone',
        email: 'a@example.com',
        date: '2026-12-31T10:00:00Z',
      },
      committer: {
        name: committerLogin ?? 'someone',
        email: 'c@example.com',
        date: '2026-12-31T10:00:00Z',
      },
      message: 'request access',
    },
    author: authorLogin === null ? null : { login: authorLogin, type: 'User' },
    committer: committerLogin === null ? null : { login: committerLogin, type: 'User' },
    parents: [],
  };
}

// ---------------------------------------------------------------------------------------------
// Running the CLI
// ---------------------------------------------------------------------------------------------
export type Tree = Record<string, string | Buffer>;

export interface RunOptions {
  /** grants files (and anything else) of the base tree, paths relative to the tree root */
  base?: Tree;
  /** grants files of the head tree */
  head?: Tree;
  /** base policy text (written to policies/authority.yaml); `null` writes none */
  policy?: string | null;
  /** head policy text; defaults to the base policy (the tool must ignore it anyway) */
  headPolicy?: string | null;
  author?: string | null;
  headSha?: string | null;
  reviews?: unknown[] | string | null;
  /** teams mapping, or raw file text; `null` passes no --teams */
  teams?: Record<string, string[]> | string | null;
  commits?: unknown[] | null;
  now?: string | null;
  extraArgs?: string[];
  /** --format (default json) */
  format?: 'json' | 'text';
  /** replace all arguments after `evaluate` (for bad-usage tests); trees are still written */
  rawArgs?: (paths: { base: string; head: string; dir: string }) => string[];
}

export interface Problem {
  code: string;
  message: string;
  file: string;
  line: number;
}
export interface GrantReport {
  id: string;
  file: string;
  line: number;
  change: string;
  decision: string;
  authority: string;
  rule: { pattern: string; file: string; line: number } | null;
  approvals_required: number;
  approvers: string[];
  approved_by: string[];
  problems: Problem[];
  warnings: unknown[];
}
export interface Report {
  decision: string;
  now: string;
  grants: GrantReport[];
  problems: Problem[];
  warnings: unknown[];
}
export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
  report: Report | undefined;
  args: string[];
}

function writeTree(root: string, tree: Tree): void {
  for (const [rel, content] of Object.entries(tree)) {
    const p = join(root, rel);
    mkdirSync(dirname(p), { recursive: true });
    writeFileSync(p, content);
  }
}

export function assertBuilt(): void {
  if (!existsSync(CLI)) {
    throw new Error(`${CLI} is missing: run \`npm run build\` before the acceptance suite`);
  }
}

/** Runs `node dist/cli.js evaluate ...` on temporary trees; the temp dir is removed afterwards. */
export function evaluate(opts: RunOptions = {}): RunResult {
  assertBuilt();
  const dir = mkdtempSync(join(tmpdir(), 'grant-gate-acceptance-'));
  try {
    const base = join(dir, 'base');
    const head = join(dir, 'head');
    mkdirSync(base, { recursive: true });
    mkdirSync(head, { recursive: true });
    const policy = opts.policy === undefined ? DEFAULT_POLICY : opts.policy;
    const headPolicy = opts.headPolicy === undefined ? policy : opts.headPolicy;
    if (policy !== null) writeTree(base, { [POLICY_FILE]: policy });
    if (headPolicy !== null) writeTree(head, { [POLICY_FILE]: headPolicy });
    writeTree(base, opts.base ?? {});
    writeTree(head, opts.head ?? {});

    let args: string[];
    if (opts.rawArgs) {
      args = opts.rawArgs({ base, head, dir });
    } else {
      args = ['--base', base, '--head', head];
      const author = opts.author === undefined ? 'alice' : opts.author;
      if (author !== null) args.push('--author', author);
      const sha = opts.headSha === undefined ? HEAD_SHA : opts.headSha;
      if (sha !== null) args.push('--head-sha', sha);
      const reviews = opts.reviews === undefined ? [] : opts.reviews;
      if (reviews !== null) {
        const f = join(dir, 'reviews.json');
        writeFileSync(f, typeof reviews === 'string' ? reviews : JSON.stringify(reviews, null, 2));
        args.push('--reviews', f);
      }
      const teams = opts.teams === undefined ? DEFAULT_TEAMS : opts.teams;
      if (teams !== null) {
        const f = join(dir, typeof teams === 'string' ? 'teams.yaml' : 'teams.json');
        writeFileSync(f, typeof teams === 'string' ? teams : JSON.stringify(teams, null, 2));
        args.push('--teams', f);
      }
      if (opts.commits) {
        const f = join(dir, 'commits.json');
        writeFileSync(f, JSON.stringify(opts.commits, null, 2));
        args.push('--commits', f);
      }
      const now = opts.now === undefined ? NOW : opts.now;
      if (now !== null) args.push('--now', now);
      args.push('--format', opts.format ?? 'json', ...(opts.extraArgs ?? []));
    }
    return runCli(['evaluate', ...args]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function runCli(args: string[], cwd = ROOT): RunResult {
  assertBuilt();
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 20_000,
    env: { ...process.env, NO_COLOR: '1', GITHUB_ACTIONS: '' },
  });
  let report: Report | undefined;
  try {
    report = JSON.parse(r.stdout) as Report;
  } catch {
    report = undefined;
  }
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, report, args };
}

// ---------------------------------------------------------------------------------------------
// Expectations
// ---------------------------------------------------------------------------------------------
export interface ProblemExp {
  code: string;
  line?: number;
  file?: string;
}
export interface GrantExp {
  change?: string;
  decision?: string;
  authority?: string;
  /** compared as a set (order-insensitive), exact strings "as the policy writes them" */
  approvers?: string[];
  /** compared as a set of lower-cased logins */
  approved_by?: string[];
  approvals_required?: number;
  /** `null` means the report must say `rule: null` */
  rule?: { pattern: string; line?: number } | null;
  /** the grant's problems: exactly these codes (multiset), and each listed line/file */
  problems?: ProblemExp[];
  /** at least these problems (others allowed) */
  problemsInclude?: ProblemExp[];
  /** 'some' = at least one warning, 'none' = no warning */
  warnings?: 'some' | 'none';
  file?: string;
  line?: number;
}
export interface Expectation {
  exit: number;
  decision?: string;
  /** expected grants by id; by default the listed ids must be exactly these */
  grants?: Record<string, GrantExp>;
  /** when false, other grants may be listed too */
  onlyThese?: boolean;
  problems?: ProblemExp[];
  problemsInclude?: ProblemExp[];
  warnings?: 'some' | 'none';
}

function describeRun(r: RunResult): string {
  return `exit ${r.status}\n--- stdout\n${r.stdout.slice(0, 6000)}\n--- stderr\n${r.stderr.slice(0, 3000)}`;
}

/** Asserts that the run produced a JSON document and returns it. */
export function reportOf(r: RunResult): Report {
  if (!r.report) throw new Error(`no JSON document on stdout\n${describeRun(r)}`);
  return r.report;
}

/** The single listed grant entry with that id. */
export function grantOf(r: RunResult, id: string): GrantReport {
  const rep = reportOf(r);
  const found = rep.grants.filter((g) => g.id === id);
  expect(found.length, `grant ${id} listed once\n${describeRun(r)}`).toBe(1);
  return found[0]!;
}

function checkProblems(
  actual: Problem[],
  exact: ProblemExp[] | undefined,
  include: ProblemExp[] | undefined,
  where: string,
) {
  const summary = JSON.stringify(actual.map((p) => ({ code: p.code, file: p.file, line: p.line })));
  if (exact) {
    // The set of codes must be exactly the expected one. How many problems one offending key
    // yields (e.g. a tab in `identity` is both whitespace and a control character) is not
    // specified, so the codes are compared as a set, and every expected line must be present.
    const distinct = (xs: string[]) => [...new Set(xs)].sort();
    expect(distinct(actual.map((p) => p.code)), `${where}: problem codes; got ${summary}`).toEqual(
      distinct(exact.map((p) => p.code)),
    );
  }
  for (const e of [...(exact ?? []), ...(include ?? [])]) {
    const match = actual.find(
      (p) =>
        p.code === e.code &&
        (e.line === undefined || p.line === e.line) &&
        (e.file === undefined || p.file === e.file),
    );
    expect(match, `${where}: expected problem ${JSON.stringify(e)}; got ${summary}`).toBeDefined();
  }
}

function sortedLower(xs: string[]): string[] {
  return xs.map((x) => x.toLowerCase()).sort();
}

export function expectOutcome(r: RunResult, exp: Expectation): void {
  const ctx = describeRun(r);
  expect(r.status, `exit status\n${ctx}`).toBe(exp.exit);
  const rep = reportOf(r);
  if (exp.decision) expect(rep.decision, `PR decision\n${ctx}`).toBe(exp.decision);
  checkProblems(rep.problems ?? [], exp.problems, exp.problemsInclude, 'top-level');
  if (exp.warnings === 'some')
    expect((rep.warnings ?? []).length, `top-level warnings\n${ctx}`).toBeGreaterThan(0);
  if (exp.warnings === 'none') expect(rep.warnings ?? [], `top-level warnings\n${ctx}`).toEqual([]);
  if (!exp.grants) return;
  if (exp.onlyThese !== false) {
    expect([...new Set(rep.grants.map((g) => g.id))].sort(), `listed grant ids\n${ctx}`).toEqual(
      Object.keys(exp.grants).sort(),
    );
  }
  for (const [id, ge] of Object.entries(exp.grants)) {
    const g = grantOf(r, id);
    const where = `grant ${id}`;
    const gctx = `${where}: ${JSON.stringify(g, null, 1)}`;
    if (ge.change !== undefined) expect(g.change, `${gctx}\n.change`).toBe(ge.change);
    if (ge.decision !== undefined) expect(g.decision, `${gctx}\n.decision`).toBe(ge.decision);
    if (ge.authority !== undefined) expect(g.authority, `${gctx}\n.authority`).toBe(ge.authority);
    if (ge.approvals_required !== undefined)
      expect(g.approvals_required, `${gctx}\n.approvals_required`).toBe(ge.approvals_required);
    if (ge.approvers !== undefined)
      expect([...g.approvers].sort(), `${gctx}\n.approvers`).toEqual([...ge.approvers].sort());
    if (ge.approved_by !== undefined)
      expect(sortedLower(g.approved_by), `${gctx}\n.approved_by`).toEqual(
        sortedLower(ge.approved_by),
      );
    if (ge.rule === null) expect(g.rule, `${gctx}\n.rule`).toBeNull();
    else if (ge.rule !== undefined) {
      expect(g.rule, `${gctx}\n.rule`).not.toBeNull();
      expect(g.rule!.pattern, `${gctx}\n.rule.pattern`).toBe(ge.rule.pattern);
      if (ge.rule.line !== undefined)
        expect(g.rule!.line, `${gctx}\n.rule.line`).toBe(ge.rule.line);
      expect(g.rule!.file, `${gctx}\n.rule.file`).toBe(POLICY_FILE);
    }
    if (ge.file !== undefined) expect(g.file, `${gctx}\n.file`).toBe(ge.file);
    if (ge.line !== undefined) expect(g.line, `${gctx}\n.line`).toBe(ge.line);
    checkProblems(g.problems ?? [], ge.problems, ge.problemsInclude, where);
    if (ge.warnings === 'some')
      expect((g.warnings ?? []).length, `${gctx}\n.warnings`).toBeGreaterThan(0);
    if (ge.warnings === 'none') expect(g.warnings ?? [], `${gctx}\n.warnings`).toEqual([]);
  }
}

/** The shape every `returned` grant must have (SPEC: returned requests are routed to nobody). */
export const RETURNED = {
  decision: 'returned',
  authority: 'none',
  rule: null,
  approvers: [] as string[],
  approved_by: [] as string[],
  approvals_required: 0,
} satisfies GrantExp;

/** The shape of a grant that needs no approval (removed, narrowed). */
export const NO_APPROVAL_NEEDED = {
  decision: 'approved',
  authority: 'none',
  approvers: [] as string[],
  approved_by: [] as string[],
  approvals_required: 0,
} satisfies GrantExp;

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------
export interface Row {
  name: string;
  /** Set ONLY when certain, per the spec, that the implementation is wrong. Runs as `it.fails`. */
  knownBug?: string;
}

/**
 * Registers a table of scenarios with `it.each`. Rows marked `knownBug` are registered with
 * `it.fails.each` so the suite stays runnable while the bug stays visible.
 */
export function scenarios<T extends Row>(rows: T[], fn: (row: T) => void): void {
  const ok = rows.filter((r) => !r.knownBug);
  const bugs = rows.filter((r) => r.knownBug);
  // Rows are passed as [title, row] so the title is printed in full (`$name` gets truncated).
  if (ok.length > 0) it.each(ok.map((r) => [r.name, r] as const))('%s', (_title, row) => fn(row));
  if (bugs.length > 0)
    it.fails.each(bugs.map((r) => [`${r.name} [implementation bug: ${r.knownBug}]`, r] as const))(
      '%s',
      (_title, row) => fn(row),
    );
}
