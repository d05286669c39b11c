// Hardening, end to end: approvals that must not count. Membership is read live on every run,
// never taken from author_association; people who could have written the grant, the identity
// that gets the access, bots and second accounts never approve; an approval belongs to one
// commit, so rewriting history takes it away; and one head SHA in pull requests into two bases
// gets one status per base, each judged by its own base's policy.
import { describe, expect, it } from 'vitest';
import {
  accessLabels,
  gate,
  grant,
  grantsFile,
  headOf,
  latestStatus,
  openRequest,
  openRequestInto,
  POLICY,
  POLICY_PATH,
  pushCommit,
  reviewEvent,
  statesOf,
  statesOfHead,
  TEST_TIMEOUT,
  type GrantFields,
  type Request,
} from './gate-helpers.js';

const REQUEST = grantsFile(grant({ id: 'kim-pay-read' }));
const PENDING =
  'pending: 1 grant(s) need approval; kim-pay-read needs 1 more from @acme/prod-owners, dana';
const APPROVED = 'approved: 1 grant change(s) approved';

const STATUS = 'POST /repos/{owner}/{repo}/statuses/{sha}';
const ASK = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers';
const COMMENT = 'POST /repos/{owner}/{repo}/issues/{issue_number}/comments';
const EDIT_COMMENT = 'PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}';
const LABEL = 'POST /repos/{owner}/{repo}/issues/{issue_number}/labels';
const UNLABEL = 'DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}';
const TEAM_MEMBERS = 'GET /orgs/{org}/teams/{team_slug}/members';

/** The review objects GitHub serves for the pull request, read as any client would. */
async function servedReviews(request: Request): Promise<Array<Record<string, unknown>>> {
  const { gh, number } = request;
  const response = await fetch(`${gh.url}/repos/${gh.state.fullName}/pulls/${number}/reviews`, {
    headers: { authorization: 'token test-token' },
  });
  return (await response.json()) as Array<Record<string, unknown>>;
}

interface NeverCounts {
  /** who approves, for the test name */
  who: string;
  /** the approver's login */
  approver: string;
  /** the grant asked for; default kim-pay-read */
  grant?: GrantFields;
  /** prepares the pull request before the approval */
  setup: (request: Request) => void;
  /** the pending status GitHub must receive */
  pending: string;
  /** the people and teams asked for a review */
  asked: [string[], string[]];
}

/** Each approver below would count if not for who they are; the team prod-owners is erin and frank. */
const NEVER_COUNTS: NeverCounts[] = [
  {
    who: 'an owner who authored a commit',
    approver: 'erin',
    setup: (request) => {
      pushCommit(
        request,
        { 'grants/kim.yaml': REQUEST.replace('last night', 'yesterday') },
        { author: 'erin' },
      );
    },
    pending: PENDING,
    asked: [['dana'], ['prod-owners']],
  },
  {
    // A commit kim wrote and dana committed (a rebase, a cherry-pick, a suggestion applied).
    who: 'an owner who committed a commit',
    approver: 'dana',
    setup: (request) => {
      pushCommit(
        request,
        { 'grants/kim.yaml': REQUEST.replace('last night', 'yesterday') },
        { author: 'kim', committer: 'dana' },
      );
    },
    // dana is no longer among the approvers, so she is not asked either.
    pending: 'pending: 1 grant(s) need approval; kim-pay-read needs 1 more from @acme/prod-owners',
    asked: [[], ['prod-owners']],
  },
  {
    // A grant's requester must be the pull request's author, so this is the author approving
    // their own request (which GitHub itself refuses; the fake records it anyway).
    who: 'the requester, a team member',
    approver: 'kim',
    setup: (request) => {
      request.gh.state.setTeam('acme', 'prod-owners', ['erin', 'frank', 'kim']);
      request.gh.state.setUser('kim', { association: 'OWNER' });
    },
    pending: PENDING,
    asked: [['dana'], ['prod-owners']],
  },
  {
    who: 'the identity, a team member',
    approver: 'frank',
    grant: { id: 'kim-pay-read', identity: 'frank' },
    setup: () => {},
    pending: PENDING,
    asked: [['dana'], ['prod-owners']],
  },
  {
    who: 'an app in the team (Bot, x[bot])',
    approver: 'deploy-app[bot]',
    setup: (request) => {
      request.gh.state.setTeam('acme', 'prod-owners', ['erin', 'frank', 'deploy-app[bot]']);
      request.gh.state.setUser('deploy-app[bot]', { type: 'Bot', association: 'MEMBER' });
    },
    pending: PENDING,
    asked: [['dana'], ['prod-owners']],
  },
  {
    // A machine account whose login does not end in [bot]: only user.type says what it is.
    who: 'a bot in the team (type Bot)',
    approver: 'renovate',
    setup: (request) => {
      request.gh.state.setTeam('acme', 'prod-owners', ['erin', 'frank', 'renovate']);
      request.gh.state.setUser('renovate', { type: 'Bot', association: 'MEMBER' });
    },
    pending: PENDING,
    asked: [['dana'], ['prod-owners']],
  },
  {
    // author_association OWNER: an organisation owner, yet no owner of the resource.
    who: "the author's second account",
    approver: 'kim-alt',
    setup: (request) => {
      request.gh.state.setUser('kim-alt', { association: 'OWNER' });
    },
    pending: PENDING,
    asked: [['dana'], ['prod-owners']],
  },
];

describe.concurrent('hardening: approvals that do not count', { timeout: TEST_TIMEOUT }, () => {
  it('stops counting the approval of someone removed from the owning team before a re-run, whatever author_association says', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const { state } = request.gh;
    state.setUser('erin', { association: 'OWNER' });
    const review = state.addReview(request.number, { user: 'erin', state: 'APPROVED' });
    const first = await gate(request, {
      eventName: 'pull_request_review',
      event: reviewEvent(request, review),
    });
    expect(first.outputs['decision']).toBe('approved');
    expect(latestStatus(request, headOf(request))?.description).toBe(APPROVED);
    state.setTeam('acme', 'prod-owners', ['frank']);

    // Neither a review nor a push: the pull request's title was edited.
    const run = await gate(request, { action: 'edited' });

    expect(run.code).toBe(0);
    expect(run.outputs['decision']).toBe('pending');
    expect(statesOfHead(request)).toEqual(['success', 'pending']);
    expect(latestStatus(request, headOf(request))?.description).toBe(PENDING);
    expect(run.report).toMatchObject({
      grants: [{ id: 'kim-pay-read', decision: 'pending', approved_by: [] }],
    });
    // The membership was read again on this run, not remembered from the first.
    expect(run.requests.filter((r) => r.operation === TEAM_MEMBERS).map((r) => r.path)).toEqual([
      '/orgs/acme/teams/prod-owners/members',
    ]);
    // GitHub still calls erin an OWNER on her review; the gate ignores it.
    expect((await servedReviews(request)).map((r) => r['author_association'])).toEqual(['OWNER']);
    expect(run.writes).toEqual([ASK, EDIT_COMMENT, LABEL, UNLABEL, STATUS]);
    const pull = state.pull(request.number).pull;
    expect([pull.requestedReviewers, pull.requestedTeams]).toEqual([['dana'], ['prod-owners']]);
    expect(accessLabels(request)).toEqual(['access:pending']);
    expect(state.commentsOf(request.number)[0]!.body).not.toContain('#### Evidence');
  });

  it.for(NEVER_COUNTS)(
    'never counts an approval of the head by $who: pending, never success',
    async (c, t) => {
      const text = grantsFile(grant(c.grant ?? { id: 'kim-pay-read' }));
      const request = await openRequest(t, { changes: { 'grants/kim.yaml': text } });
      c.setup(request);
      const review = request.gh.state.addReview(request.number, {
        user: c.approver,
        state: 'APPROVED',
      });

      const run = await gate(request, {
        eventName: 'pull_request_review',
        event: reviewEvent(request, review),
      });

      expect(review.commitId).toBe(headOf(request));
      expect(run.code).toBe(0);
      expect(run.outputs['decision']).toBe('pending');
      expect(statesOfHead(request)).toEqual(['pending']);
      expect(latestStatus(request, headOf(request))?.description).toBe(c.pending);
      expect(run.report).toMatchObject({
        grants: [{ id: 'kim-pay-read', decision: 'pending', approved_by: [] }],
      });
      expect(run.writes).toEqual([ASK, COMMENT, LABEL, STATUS]);
      const pull = request.gh.state.pull(request.number).pull;
      expect([pull.requestedReviewers, pull.requestedTeams]).toEqual(c.asked);
      expect(accessLabels(request)).toEqual(['access:pending']);
      expect(request.gh.state.commentsOf(request.number)[0]!.body).not.toContain('#### Evidence');
    },
  );

  it('takes an approval away when a force-push rewrites history, even to identical files', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const { state } = request.gh;
    const approved = headOf(request);
    const review = state.addReview(request.number, { user: 'dana', state: 'APPROVED' });
    await gate(request, { eventName: 'pull_request_review', event: reviewEvent(request, review) });
    expect(statesOf(request, approved)).toEqual(['success']);
    // The rewritten commit sits on the base, not on the approved head, and holds the same files.
    const baseSha = state.pull(request.number).pull.baseSha;
    const rewritten = pushCommit(
      request,
      { 'grants/kim.yaml': REQUEST },
      { onto: baseSha, message: 'Access for kim (reworded)' },
    );

    const run = await gate(request, { action: 'synchronize' });

    expect(rewritten).not.toBe(approved);
    expect(state.git.commits.get(rewritten)?.parents).toEqual([baseSha]);
    expect(state.git.isAncestor(approved, rewritten)).toBe(false);
    expect(state.files(rewritten)).toEqual(state.files(approved));
    expect(run.code).toBe(0);
    expect(run.outputs['decision']).toBe('pending');
    expect(statesOf(request, rewritten)).toEqual(['pending']);
    expect(latestStatus(request, rewritten)?.description).toBe(PENDING);
    // The old commit keeps its own status; only the new head matters to branch protection.
    expect(statesOf(request, approved)).toEqual(['success']);
    // dana approved another commit, so she is asked again, with the team.
    expect(run.writes).toEqual([ASK, EDIT_COMMENT, LABEL, UNLABEL, STATUS]);
    const pull = state.pull(request.number).pull;
    expect([pull.requestedReviewers, pull.requestedTeams]).toEqual([['dana'], ['prod-owners']]);
  });

  it('sets grant-gate and grant-gate/release on one head SHA in pull requests into main and release, and main is not success', async (t) => {
    // release lets pat, a friend of kim's, approve production access; main does not.
    const lax = POLICY.replace('owners: ["@acme/prod-owners", dana]', 'owners: [pat]');
    const intoMain = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const { state } = intoMain.gh;
    state.setBranch(
      'release',
      state.commit({ base: state.branch('main')!, files: { [POLICY_PATH]: lax } }),
    );
    const intoRelease = openRequestInto(intoMain, 'release');
    const head = headOf(intoMain);
    const approvals = [intoRelease, intoMain].map((r) =>
      state.addReview(r.number, { user: 'pat', state: 'APPROVED' }),
    );

    const release = await gate(intoRelease, {
      eventName: 'pull_request_review',
      event: reviewEvent(intoRelease, approvals[0]!),
    });
    const main = await gate(intoMain, {
      eventName: 'pull_request_review',
      event: reviewEvent(intoMain, approvals[1]!),
    });
    const releaseAgain = await gate(intoRelease, { action: 'edited' });

    expect(headOf(intoRelease)).toBe(head);
    expect(approvals.map((a) => a.commitId)).toEqual([head, head]);
    expect([release, main, releaseAgain].map((r) => r.outputs['decision'])).toEqual([
      'approved',
      'pending',
      'approved',
    ]);
    expect(statesOf(intoMain, head, 'grant-gate')).toEqual(['pending']);
    expect(statesOf(intoMain, head, 'grant-gate/release')).toEqual(['success', 'success']);
    expect(latestStatus(intoMain, head, 'grant-gate')?.description).toBe(PENDING);
    expect(latestStatus(intoMain, head, 'grant-gate/release')?.description).toBe(APPROVED);
    expect(state.statusesOf(head).map((s) => s.context)).toEqual([
      'grant-gate/release',
      'grant-gate',
      'grant-gate/release',
    ]);
    // Each pull request has its own comment, marked with its own context.
    expect(state.commentsOf(intoMain.number).map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- grant-gate:report context="grant-gate" -->',
    ]);
    expect(state.commentsOf(intoRelease.number).map((c) => c.body.split('\n')[0])).toEqual([
      '<!-- grant-gate:report context="grant-gate/release" -->',
    ]);
    const pull = state.pull(intoMain.number).pull;
    expect([pull.requestedReviewers, pull.requestedTeams]).toEqual([['dana'], ['prod-owners']]);
  });
});
