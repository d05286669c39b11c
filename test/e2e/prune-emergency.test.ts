// mode: prune opens one post-approval review issue per emergency grant on the default branch,
// addressed to the owners the break-glass path bypassed and naming the review that approved it.
import { describe, expect } from 'vitest';
import type { FakeGitHub, ReviewRecord } from './fake-github/index.js';
import { failure, FILES, pushToMain, runPrune, test, writesSince } from './prune-helpers.js';

const LABEL = 'access:emergency-review';
const HOURS_72 = 72 * 3_600_000;

function emergencyGrant(id: string, identity: string, incident: string): string {
  return [
    `  - id: ${id}`,
    `    identity: ${identity}`,
    '    identity_type: user',
    '    resource: aws/prod/payments-db',
    '    access: admin',
    `    requester: ${identity}`,
    '    purpose: Restore the payments database after the failed migration',
    '    expires: 2026-12-03T06:00:00Z',
    '    emergency:',
    '      rationale: Payments are down and no owner can be reached tonight',
    `      incident: ${incident}`,
    '',
  ].join('\n');
}

const OPS_READ = `  - id: ops-read-logs
    identity: ops
    identity_type: user
    resource: aws/prod/logs
    access: read
    requester: ops
    purpose: Follow the payments incident in the logs
    expires: 2026-12-05
`;

/** What `seed` built: the emergency pull requests, the approving review and the direct push. */
interface Seeded {
  gh: FakeGitHub;
  approved: { number: number; review: ReviewRecord; mergedAt: string };
  stale: { number: number; mergedAt: string };
  directCommit: string;
}

/** Asks for an emergency grant in a file through a pull request of two commits; returns its number. */
function requestThroughPull(gh: FakeGitHub, branch: string, file: string, grant: string): number {
  const { state } = gh;
  const login = branch.split('/')[1]!;
  state.setBranch(
    branch,
    state.commit({
      base: state.branch('main')!,
      files: { [file]: `grants:\n${grant}` },
      author: { login },
    }),
  );
  const number = state.openPull({
    head: branch,
    user: login,
    title: `Break-glass access for ${login}`,
  });
  // pat approves the first version; the second commit makes that approval stale.
  state.addReview(number, { user: 'pat', state: 'APPROVED', submittedAt: '2026-12-02T21:00:00Z' });
  state.setBranch(
    branch,
    state.commit({
      base: state.branch(branch)!,
      files: { [`notes/${login}.md`]: 'Incident notes.\n' },
      author: { login },
    }),
  );
  return number;
}

/** Three emergency grants on main: approved on the final head, approved only on a stale commit, pushed without a pull request. */
async function seed(
  repo: (files?: Record<string, string>) => Promise<FakeGitHub>,
): Promise<Seeded> {
  // Nothing to prune: these runs are about the review issues alone.
  const gh = await repo({
    ...FILES,
    'grants/payments.yaml': 'grants: []\n',
    'grants/legacy.yml': 'grants: []\n',
  });
  const { state } = gh;
  const breakglass = emergencyGrant('pay-db-breakglass', 'olga', 'INC-7781');
  const approvedPull = requestThroughPull(gh, 'access/olga', 'grants/incidents.yaml', breakglass);
  const review = state.addReview(approvedPull, {
    user: 'oscar',
    state: 'APPROVED',
    submittedAt: '2026-12-02T22:00:00Z',
  });
  state.addReview(approvedPull, { user: 'ci-bot[bot]', state: 'APPROVED' });
  state.addReview(approvedPull, { user: 'quinn', state: 'COMMENTED' });
  state.mergePull(approvedPull, 'oscar');
  // A later commit changes the same file without touching the grant: the search passes over it.
  pushToMain(gh, { 'grants/incidents.yaml': `grants:\n${breakglass}${OPS_READ}` });
  const stalePull = requestThroughPull(
    gh,
    'access/sven',
    'grants/stale.yaml',
    emergencyGrant('pay-db-stale', 'sven', 'INC-7783'),
  );
  state.mergePull(stalePull, 'sven');
  const directCommit = pushToMain(
    gh,
    { 'grants/direct.yaml': `grants:\n${emergencyGrant('pay-db-direct', 'omar', 'INC-7782')}` },
    'omar',
  );
  const mergedAt = (n: number) => state.pull(n).pull.mergedAt!;
  return {
    gh,
    approved: { number: approvedPull, review, mergedAt: mergedAt(approvedPull) },
    stale: { number: stalePull, mergedAt: mergedAt(stalePull) },
    directCommit,
  };
}

function reviewIssues(gh: FakeGitHub) {
  return [...gh.state.issues.values()].filter((i) => !i.pull && i.labels.includes(LABEL));
}

function issueFor(gh: FakeGitHub, id: string) {
  const found = reviewIssues(gh).filter(
    (i) => i.title === `Post-approval review: emergency grant ${id}`,
  );
  expect(found).toHaveLength(1);
  return found[0]!;
}

const dueAfter = (mergedAt: string) => new Date(Date.parse(mergedAt) + HOURS_72).toISOString();

describe.concurrent('post-approval review of emergency grants', () => {
  test('opens an issue to the bypassed owners with the grant, the incident and the approving review on the final head, due 72h after the merge', async ({
    repo,
  }) => {
    const { gh, approved } = await seed(repo);

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    const body = issueFor(gh, 'pay-db-breakglass').body ?? '';
    const { number } = approved;
    const pull = gh.state.pull(number).pull;
    expect(body).toContain(
      '<!-- grant-gate:emergency-review id="pay-db-breakglass" expires="2026-12-03T06:00:00.000Z" -->',
    );
    expect(body).toContain(
      '@acme/prod-owners, @dana: this break-glass grant went through the emergency authority, bypassing you, the owners of rule `aws/prod/` (policies/authority.yaml line 7).',
    );
    expect(body).toContain(
      `Please review it by **${dueAfter(approved.mergedAt)}** (3d after pull request #${number} was merged).`,
    );
    expect(body).toContain('| incident | INC-7781 |');
    expect(body).toContain('| rationale | Payments are down and no owner can be reached tonight |');
    expect(body).toContain('| file | `grants/incidents.yaml:2` |');
    expect(body).toContain(
      `Pull request [#${number}](https://github.com/acme/access/pull/${number}) added the grant in commit \`${pull.mergeCommitSha}\``,
    );
    // Only oscar's approval counts: pat's is on an earlier commit, the bot's never counts, quinn only commented.
    expect(body).toContain(
      `| @oscar | [${approved.review.id}](https://github.com/acme/access/pull/${number}#pullrequestreview-${approved.review.id}) | \`${pull.headSha}\` | 2026-12-02T22:00:00Z |`,
    );
    expect(body).not.toMatch(/@pat|ci-bot|@quinn/);
  });

  test('says plainly when no approving review exists, counting the due date from the merge or else from the run', async ({
    repo,
  }) => {
    const { gh, stale, directCommit } = await seed(repo);

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    const stalePull = gh.state.pull(stale.number).pull;
    const staleBody = issueFor(gh, 'pay-db-stale').body ?? '';
    expect(staleBody).toContain(
      `**No approving review was found**: pull request #${stale.number} added it in commit ${stalePull.mergeCommitSha} and was merged without an approving review on its final head ${stalePull.headSha}.`,
    );
    expect(staleBody).toContain(
      `Please review it by **${dueAfter(stale.mergedAt)}** (3d after pull request #${stale.number} was merged).`,
    );
    const directBody = issueFor(gh, 'pay-db-direct').body ?? '';
    expect(directBody).toContain(
      `**No approving review was found**: commit ${directCommit} added it, and no merged pull request into main holds that commit: it was pushed without one.`,
    );
    expect(directBody).toContain(
      'Please review it by **2026-12-06T00:00:00.000Z** (3d after this issue was opened: the merge that approved the grant is not known).',
    );
  });

  test('opens each issue once: a re-run finds them by their marker and neither searches nor writes', async ({
    repo,
  }) => {
    const { gh } = await seed(repo);
    await runPrune(gh);
    const before = gh.requests.length;

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    expect(reviewIssues(gh)).toHaveLength(3);
    expect(writesSince(gh, before)).toEqual([]);
    expect(gh.requests.slice(before).filter((r) => r.path.includes('/commits'))).toEqual([]);
  });

  test('opens one issue when POST /issues answers 502 although GitHub opened it', async ({
    repo,
  }) => {
    const { gh } = await seed(repo);
    gh.fail({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues',
      status: 502,
      afterEffect: true,
    });

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    expect(
      reviewIssues(gh)
        .map((i) => i.title)
        .sort(),
    ).toEqual([
      'Post-approval review: emergency grant pay-db-breakglass',
      'Post-approval review: emergency grant pay-db-direct',
      'Post-approval review: emergency grant pay-db-stale',
    ]);
  });
});
