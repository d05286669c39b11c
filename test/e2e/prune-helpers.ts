// Shared setup of the prune end-to-end tests: a repository whose default branch holds grants
// files written by hand (comments, quoting, blank lines), and runs of the built action in
// `mode: prune` as a scheduled workflow would start it.
import { expect, test as base } from 'vitest';
import { startFakeGitHub, type FakeGitHub, type RecordedRequest } from './fake-github/index.js';
import { runAction, type ActionRun } from './run-action.js';

/** The run's instant: `pay-export` and the whole of `grants/legacy.yaml` have expired. */
export const NOW = '2026-12-03T00:00:00Z';
export const PRUNE_BRANCH = 'grant-gate/prune-expired';
export const POLICY_PATH = 'policies/authority.yaml';

export const POLICY = `version: 1
access_levels: [read, write, admin]
defaults: { max_access: write, max_duration: 30d, approvals: 1 }
rules:
  - pattern: "*"
    owners: ["@acme/security"]
  - pattern: aws/prod/
    owners: ["@acme/prod-owners", dana]
    max_access: read
    max_duration: 7d
emergency:
  owners: ["@acme/oncall"]
  max_access: admin
  max_duration: 8h
  post_review: 72h
`;

/** Two grants, the first expired; the comment above the second and the trailing one stay. */
export const PAYMENTS = `# Payments grants. Reviewed quarterly.
grants:
  - id: pay-export
    identity: svc-invoice-exporter
    identity_type: service-account
    owner: "@acme/payments"
    resource: aws/prod/payments-db
    access: read
    requester: alice
    purpose: Nightly export of invoices to the finance warehouse
    ticket: OPS-1234
    expires: 2026-12-01   # end of the migration

  # Bob keeps read access to the ledger until the audit ends.
  - id: ledger-read-bob
    identity: bob
    identity_type: user
    resource: 'aws/prod/ledger'
    access: read
    requester: bob
    purpose: "Quarterly audit of the ledger tables"
    expires: 2026-12-20
# end of payments
`;
export const PAYMENTS_PRUNED = `# Payments grants. Reviewed quarterly.
grants:
  # Bob keeps read access to the ledger until the audit ends.
  - id: ledger-read-bob
    identity: bob
    identity_type: user
    resource: 'aws/prod/ledger'
    access: read
    requester: bob
    purpose: "Quarterly audit of the ledger tables"
    expires: 2026-12-20
# end of payments
`;

/** Every grant of this file has expired: it becomes `grants: []`, its comments kept, CRLF line ends too. */
export const LEGACY = [
  '# Legacy access, being wound down.',
  'grants:',
  '  - id: legacy-admin',
  '    identity: carol',
  '    identity_type: user',
  '    resource: gcp/legacy/admin-console',
  '    access: admin',
  '    requester: carol',
  '    purpose: Shut down the legacy console after the move',
  '    expires: 2026-11-30T18:00:00+01:00',
  '',
].join('\r\n');
export const LEGACY_PRUNED = '# Legacy access, being wound down.\r\ngrants: []\r\n';

/** Nothing in it expires soon enough to be pruned in these tests: it must never be written. */
export const PLATFORM = `grants: [{ id: k8s-view, identity: dev-team-bot, identity_type: bot, owner: "@acme/platform", resource: k8s/prod/view, access: read, requester: erin, purpose: "Dashboards for the on-call rotation", expires: "2027-03-01" }]
`;

export const FILES: Record<string, string> = {
  [POLICY_PATH]: POLICY,
  'README.md': '# access\n',
  'grants/payments.yaml': PAYMENTS,
  'grants/legacy.yml': LEGACY,
  'grants/platform.yaml': PLATFORM,
};

/**
 * A test with a `repo(files)` fixture: it starts a fake GitHub serving `files` on `main`, and
 * when the test ends closes it and checks that GitHub would have accepted every request. The
 * runs mostly wait on the client's spacing of writes, so the tests of a file run concurrently.
 */
export const test = base.extend<{ repo: (files?: Record<string, string>) => Promise<FakeGitHub> }>({
  // eslint-disable-next-line no-empty-pattern -- vitest reads the fixtures a fixture needs from this pattern
  repo: async ({}, use) => {
    const started: FakeGitHub[] = [];
    await use(async (files = FILES) => {
      const gh = await startFakeGitHub({ files, defaultBranch: 'main' });
      started.push(gh);
      return gh;
    });
    for (const gh of started) await gh.close();
    for (const gh of started) expect(gh.violations).toEqual([]);
  },
});

export interface PruneOptions {
  now?: string;
  inputs?: Record<string, string>;
  workspace?: string;
}

/** One scheduled run of the action in `mode: prune`. */
export function runPrune(gh: FakeGitHub, options: PruneOptions = {}): Promise<ActionRun> {
  return runAction({
    apiUrl: gh.url,
    eventName: 'schedule',
    event: { schedule: '0 6 * * *', repository: { default_branch: 'main' } },
    inputs: { mode: 'prune', now: options.now ?? NOW, ...options.inputs },
    ...(options.workspace ? { workspace: options.workspace } : {}),
  });
}

/** Commits these changes on top of `main` as `author` and moves `main` there; returns the sha. */
export function pushToMain(
  gh: FakeGitHub,
  files: Record<string, string | null>,
  author = 'octocat',
): string {
  const sha = gh.state.commit({ base: gh.state.branch('main')!, files, author: { login: author } });
  gh.state.setBranch('main', sha);
  return sha;
}

/** Requests made since `from` (an index into `gh.requests`), as `METHOD template` lines. */
export function operationsSince(gh: FakeGitHub, from: number): string[] {
  return gh.requests
    .slice(from)
    .map((r: RecordedRequest) => `${r.method} ${r.operation?.split(' ')[1] ?? r.path}`);
}

/** Writes (not GET) made since `from`. */
export function writesSince(gh: FakeGitHub, from: number): string[] {
  return operationsSince(gh, from).filter((op) => !op.startsWith('GET '));
}

/** The open pull requests, as numbers. */
export function openPulls(gh: FakeGitHub): number[] {
  return [...gh.state.issues.values()]
    .filter((i) => i.pull && i.state === 'open')
    .map((i) => i.number);
}

/** What a run printed about its failure, as the message of an assertion on its exit code. */
export function failure(run: ActionRun): string {
  return `exit ${run.code}\n${run.annotations.join('\n')}\n${run.stderr}`;
}
