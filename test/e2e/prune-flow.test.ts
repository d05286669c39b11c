// mode: prune across runs: one branch and one pull request, opened, left alone, updated,
// rebuilt and closed as the default branch changes.
import { describe, expect } from 'vitest';
import type { FakeGitHub } from './fake-github/index.js';
import {
  FILES,
  LEGACY_PRUNED,
  openPulls,
  PAYMENTS,
  PAYMENTS_PRUNED,
  PRUNE_BRANCH,
  pushToMain,
  runPrune,
  test,
  writesSince,
  failure,
} from './prune-helpers.js';

/** The prune branch's single commit: its parent, message and files. */
function pruneCommit(gh: FakeGitHub) {
  const sha = gh.state.branch(PRUNE_BRANCH)!;
  const commit = gh.state.git.commits.get(sha)!;
  return { sha, parents: commit.parents, message: commit.message, files: gh.state.files(sha) };
}

describe.concurrent('the first prune run', () => {
  test('puts the pruned files on one commit over main and opens one labelled pull request saying what it removes', async ({
    repo,
  }) => {
    const gh = await repo();
    const main = gh.state.branch('main')!;

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    const commit = pruneCommit(gh);
    expect(commit.parents).toEqual([main]);
    // Byte for byte: the two pruned files change, every other file is main's.
    expect(commit.files).toEqual({
      ...FILES,
      'grants/payments.yaml': PAYMENTS_PRUNED,
      'grants/legacy.yml': LEGACY_PRUNED,
    });
    expect(commit.message).toBe(
      'Remove 2 expired grant(s)\n\n- legacy-admin (expired 2026-11-30T18:00:00+01:00)\n- pay-export (expired 2026-12-01)',
    );
    expect(openPulls(gh)).toHaveLength(1);
    const pr = gh.state.pull(openPulls(gh)[0]!);
    expect(pr.pull).toMatchObject({ headRef: PRUNE_BRANCH, baseRef: 'main', headSha: commit.sha });
    expect(pr.title).toBe('Remove 2 expired grants');
    expect(pr.labels).toEqual(['access:prune']);
    expect(pr.body).toContain('| id | identity | resource | access | requester | expired | file |');
    expect(pr.body).toContain(
      '| `legacy-admin` | carol | gcp/legacy/admin-console | admin | carol | 2026-11-30T18:00:00+01:00 | `grants/legacy.yml:3` |',
    );
    expect(pr.body).toContain(
      '| `pay-export` | svc-invoice-exporter | aws/prod/payments-db | read | alice | 2026-12-01 | `grants/payments.yaml:3` |',
    );
    expect(run.outputs).toMatchObject({
      'prune-pr': String(pr.number),
      removed: '["legacy-admin","pay-export"]',
    });
  });
  test('prunes the other files when a grants file on main cannot be parsed, then fails the run naming it', async ({
    repo,
  }) => {
    const broken = 'grants:\n  - id: x\n    expires: [unclosed\n';
    const gh = await repo({ ...FILES, 'grants/broken.yaml': broken });

    const run = await runPrune(gh);

    expect(run.code).toBe(1);
    expect(run.annotations).toContainEqual(
      expect.stringMatching(/^::warning file=grants\/broken\.yaml,line=3::left unchanged: /),
    );
    expect(run.annotations).toContainEqual(
      expect.stringMatching(/^::error::1 grants file\(s\) could not be read or cut safely/),
    );
    expect(gh.state.files(PRUNE_BRANCH)).toEqual({
      ...FILES,
      'grants/broken.yaml': broken,
      'grants/payments.yaml': PAYMENTS_PRUNED,
      'grants/legacy.yml': LEGACY_PRUNED,
    });
    expect(openPulls(gh)).toHaveLength(1);
  });
});

describe.concurrent('a prune run after the first', () => {
  test('writes nothing when nothing new expired', async ({ repo }) => {
    const gh = await repo();
    await runPrune(gh);
    const before = {
      requests: gh.requests.length,
      branch: gh.state.branch(PRUNE_BRANCH),
      issues: gh.state.issues.size,
    };

    // A day later, with nothing new expired: the texts hold no clock, so they compare equal.
    const run = await runPrune(gh, { now: '2026-12-04T00:00:00Z' });

    expect(run.code, failure(run)).toBe(0);
    expect(writesSince(gh, before.requests)).toEqual([]);
    expect(gh.state.branch(PRUNE_BRANCH)).toBe(before.branch);
    expect(gh.state.issues.size).toBe(before.issues);
    expect(run.outputs['prune-pr']).toBe(String(openPulls(gh)[0]));
  });

  test('updates the same branch and pull request when another grant expires', async ({ repo }) => {
    const gh = await repo();
    await runPrune(gh);
    const [number] = openPulls(gh);
    const main = gh.state.branch('main')!;

    const run = await runPrune(gh, { now: '2026-12-20T00:00:00Z' });

    expect(run.code, failure(run)).toBe(0);
    expect(openPulls(gh)).toEqual([number]);
    const commit = pruneCommit(gh);
    expect(commit.parents).toEqual([main]);
    expect(commit.files?.['grants/payments.yaml']).toBe(
      '# Payments grants. Reviewed quarterly.\ngrants: []\n# end of payments\n',
    );
    expect(commit.files?.['grants/legacy.yml']).toBe(LEGACY_PRUNED);
    const pr = gh.state.pull(number!);
    expect(pr.pull.headSha).toBe(commit.sha);
    expect(pr.title).toBe('Remove 3 expired grants');
    expect(pr.body).toContain(
      '| `ledger-read-bob` | bob | aws/prod/ledger | read | bob | 2026-12-20 |',
    );
    expect(run.outputs['removed']).toBe('["legacy-admin","pay-export","ledger-read-bob"]');
  });

  test('rebuilds the branch on the new head of main when main moved, keeping what main changed', async ({
    repo,
  }) => {
    const gh = await repo();
    await runPrune(gh);
    const [number] = openPulls(gh);
    const moved = pushToMain(gh, {
      'README.md': '# access\n\nRequests go through pull requests.\n',
    });

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    const commit = pruneCommit(gh);
    expect(commit.parents).toEqual([moved]);
    expect(commit.files).toEqual({
      ...FILES,
      'README.md': '# access\n\nRequests go through pull requests.\n',
      'grants/payments.yaml': PAYMENTS_PRUNED,
      'grants/legacy.yml': LEGACY_PRUNED,
    });
    expect(openPulls(gh)).toEqual([number]);
    expect(gh.state.pull(number!).pull.headSha).toBe(commit.sha);
  });

  test('closes the open pull request with one comment once main holds nothing expired, then writes nothing', async ({
    repo,
  }) => {
    const gh = await repo();
    await runPrune(gh);
    const [number] = openPulls(gh);
    // The expired grants were renewed or deleted on main by other pull requests.
    pushToMain(gh, {
      'grants/payments.yaml': PAYMENTS.replace('2026-12-01', '2026-12-10'),
      'grants/legacy.yml': null,
    });

    const run = await runPrune(gh);
    const afterClose = gh.requests.length;
    const again = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    expect(gh.state.pull(number!).state).toBe('closed');
    expect(gh.state.commentsOf(number!).map((c) => c.body)).toEqual([
      expect.stringContaining('Nothing on the default branch has expired any more'),
    ]);
    expect(run.outputs).toMatchObject({ 'prune-pr': '', removed: '[]' });
    expect(again.code, failure(again)).toBe(0);
    expect(writesSince(gh, afterClose)).toEqual([]);
  });

  test('finds nothing to do once the prune pull request is merged', async ({ repo }) => {
    const gh = await repo();
    await runPrune(gh);
    gh.state.mergePull(openPulls(gh)[0]!);
    const merged = gh.requests.length;

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    expect(gh.state.files('main')).toMatchObject({
      'grants/payments.yaml': PAYMENTS_PRUNED,
      'grants/legacy.yml': LEGACY_PRUNED,
    });
    expect(writesSince(gh, merged)).toEqual([]);
    expect(run.outputs).toMatchObject({ 'prune-pr': '', removed: '[]' });
  });

  test('uses the branch named by the prune-branch input', async ({ repo }) => {
    const gh = await repo();

    const run = await runPrune(gh, { inputs: { 'prune-branch': 'bots/expired-access' } });

    expect(run.code, failure(run)).toBe(0);
    expect(gh.state.branch(PRUNE_BRANCH)).toBeUndefined();
    expect(gh.state.pull(openPulls(gh)[0]!).pull.headRef).toBe('bots/expired-access');
  });
});
