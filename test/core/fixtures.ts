// Shared builders for the core tests: inline YAML in, typed records out. Every expected value in
// the tests comes from the spec; these helpers only lay out text and locate lines in that text.
import { DEFAULT_ACCESS_LEVELS } from '../../src/core/policy-schema.js';
import { parseGrantsFile, type GrantRecord, type GrantsFile } from '../../src/core/grants-file.js';
import { loadPolicy, type Policy } from '../../src/core/policy.js';
import type { PullCommit, PullRequestData, Review } from '../../src/core/pull-request.js';

/** Joins lines, each ended by `\n`, so that line numbers in a table are easy to count. */
export const lines = (...text: string[]): string => text.map((line) => `${line}\n`).join('');

/** A YAML double-quoted scalar holding exactly `text` (JSON strings are valid YAML). */
export const q = (text: string): string => JSON.stringify(text);

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** `now` of the spec's example report. */
export const NOW = Date.UTC(2026, 11, 3);
/** An ISO date `days` after NOW (00:00 UTC). */
export const inDays = (days: number): string =>
  new Date(NOW + days * DAY).toISOString().slice(0, 10);
/** An RFC 3339 timestamp `ms` after NOW. */
export const after = (ms: number): string => new Date(NOW + ms).toISOString();

export const HEAD_SHA = '2222222222222222222222222222222222222222';
export const OLD_SHA = '1111111111111111111111111111111111111111';

/** The spec's example policy, verbatim (the rule `aws/prod/` is on line 7). */
export const SPEC_POLICY = lines(
  'version: 1',
  'access_levels: [read, write, admin]      # optional; lowest first; this is the default',
  'defaults: { max_access: write, max_duration: 30d, approvals: 1 }',
  'rules:                                   # CODEOWNERS semantics: the LAST matching rule wins',
  '  - pattern: "*"',
  '    owners: ["@acme/security"]',
  '  - pattern: aws/prod/',
  '    owners: ["@acme/prod-owners", dana]',
  '    max_access: read',
  '    max_duration: 7d',
  "    escalation:                          # one hop up, used only past this rule's boundary",
  '      owners: ["@acme/security-leads"]',
  '      max_access: admin',
  '      max_duration: 30d',
  'delegations:                             # narrow authority; cannot be re-delegated',
  '  - to: [carol]',
  '    granted_by: "@acme/prod-owners"',
  '    pattern: aws/prod/payments-*',
  '    max_access: read',
  '    max_duration: 3d',
  '    expires: 2027-03-01',
  'emergency:                               # break-glass authority, separate from the routine chain',
  '  owners: ["@acme/oncall"]',
  '  max_access: admin',
  '  max_duration: 8h',
  '  post_review: 72h',
);

/** Teams of the spec's example policy, with known members. */
export const SPEC_TEAMS: Record<string, string[]> = {
  'acme/security': ['sec-sally'],
  'acme/prod-owners': ['erin', 'frank'],
  'acme/security-leads': ['leo'],
  'acme/oncall': ['otto'],
};

/** Loads a policy that must be valid. */
export function policyOf(text: string, file = 'policies/authority.yaml'): Policy {
  const result = loadPolicy(file, text);
  if (!result.ok) throw new Error(`expected a valid policy, got ${JSON.stringify(result.errors)}`);
  return result.policy;
}

/**
 * Fields of a grant as raw YAML: a string is written after `key: `, a list of strings is written
 * as an indented block under `key:`, undefined leaves the key out.
 */
export type GrantFields = Record<string, string | readonly string[] | undefined>;

/** The spec's example grant. */
export const EXAMPLE_GRANT: GrantFields = {
  id: 'pay-db-read-invoice-exporter',
  identity: 'svc-invoice-exporter',
  identity_type: 'service-account',
  owner: '"@acme/payments"',
  resource: 'aws/prod/payments-db',
  access: 'read',
  requester: 'alice',
  purpose: 'Nightly export of invoices to the finance warehouse',
  ticket: 'OPS-1234',
  expires: '2026-12-08',
};

/** The lines of one grant: the example's keys in order with `overrides` applied, new keys last. */
export function grantBody(
  overrides: GrantFields = {},
  base: GrantFields = EXAMPLE_GRANT,
): string[] {
  const merged: GrantFields = { ...base, ...overrides };
  const out: string[] = [];
  for (const [key, value] of Object.entries(merged)) {
    if (value === undefined) continue;
    if (typeof value === 'string') out.push(`${key}: ${value}`);
    else out.push(`${key}:`, ...value.map((line) => `  ${line}`));
  }
  return out;
}

/** A grants file in block style: `grants:` on line 1, the first grant's first key on line 2. */
export function grantsYaml(...grants: readonly string[][]): string {
  if (grants.length === 0) return 'grants: []\n';
  return lines(
    'grants:',
    ...grants.flatMap((g) => g.map((line, i) => (i === 0 ? `  - ${line}` : `    ${line}`))),
  );
}

/** A grants file holding one grant: the example with `overrides`. */
export function grantFile(overrides: GrantFields = {}): string {
  return grantsYaml(grantBody(overrides));
}

/** The 1-based line on which `key:` is written (its n-th occurrence), found in the text itself. */
export function lineOfKey(text: string, key: string, occurrence = 1): number {
  let seen = 0;
  const all = text.split(/\r?\n/);
  for (let i = 0; i < all.length; i++) {
    const bare = all[i]!.replace(/^[\s-]*/, '');
    if (bare.startsWith(`${key}:`)) {
      seen += 1;
      if (seen === occurrence) return i + 1;
    }
  }
  throw new Error(`no ${key}: in\n${text}`);
}

export const GRANTS_PATH = 'grants/payments.yaml';

/** Parses a grants file with the default access levels. */
export function grantsFileOf(
  text: string,
  levels: readonly string[] = DEFAULT_ACCESS_LEVELS,
  path = GRANTS_PATH,
): GrantsFile {
  return parseGrantsFile(path, text, levels);
}

/** The single grant of a file that must read without file-level problems. */
export function onlyRecord(
  text: string,
  levels: readonly string[] = DEFAULT_ACCESS_LEVELS,
  path = GRANTS_PATH,
): GrantRecord {
  const file = parseGrantsFile(path, text, levels);
  if (file.problems.length)
    throw new Error(`file-level problems: ${JSON.stringify(file.problems)}`);
  if (file.grants.length !== 1) throw new Error(`expected one grant, got ${file.grants.length}`);
  return file.grants[0]!;
}

/** The example grant with `overrides`, parsed; it must be schema-valid. */
export function validRecord(overrides: GrantFields = {}, levels?: readonly string[]): GrantRecord {
  const record = onlyRecord(grantFile(overrides), levels);
  if (!record.grant)
    throw new Error(`expected a valid grant, got ${JSON.stringify(record.problems)}`);
  return record;
}

/** Every grant record of the files (path → text), in order. */
export function recordsOf(
  files: Record<string, string>,
  levels: readonly string[] = DEFAULT_ACCESS_LEVELS,
): GrantRecord[] {
  return Object.entries(files).flatMap(
    ([path, text]) => parseGrantsFile(path, text, levels).grants,
  );
}

/** A review as GitHub returns it. */
export function review(
  login: string,
  state: string,
  commit: string = HEAD_SHA,
  submittedAt = '2026-12-02T10:00:00Z',
  type?: string,
): Review {
  return {
    user: type === undefined ? { login } : { login, type },
    state,
    commit_id: commit,
    submitted_at: submittedAt,
  };
}

/** A commit as GitHub's "list commits on a pull request" returns it. */
export function commit(author: string | null, committer: string | null = author): PullCommit {
  return {
    sha: HEAD_SHA,
    author: author === null ? null : { login: author },
    committer: committer === null ? null : { login: committer },
  };
}

export interface PullRequestInput {
  base?: Record<string, string>;
  head?: Record<string, string>;
  author?: string | undefined;
  headSha?: string | undefined;
  reviews?: Review[];
  commits?: PullCommit[] | undefined;
  teams?: Record<string, string[]>;
}

/** A pull request: base and head trees (path → text), author `alice`, head commit HEAD_SHA. */
export function pullRequest(input: PullRequestInput = {}): PullRequestData {
  return {
    author: 'author' in input ? input.author : 'alice',
    headSha: 'headSha' in input ? input.headSha : HEAD_SHA,
    baseFiles: Object.entries(input.base ?? {}).map(([path, text]) => ({ path, text })),
    headFiles: Object.entries(input.head ?? {}).map(([path, text]) => ({ path, text })),
    reviews: input.reviews ?? [],
    commits: input.commits,
    teams: new Map(Object.entries(input.teams ?? SPEC_TEAMS)),
  };
}

/** The 1-based line of the first line of `text` that contains `fragment`. */
export function lineWith(text: string, fragment: string): number {
  const index = text.split(/\r?\n/).findIndex((line) => line.includes(fragment));
  if (index < 0) throw new Error(`no line holds ${fragment}`);
  return index + 1;
}
