// mode gate end to end, one decision at a time: what GitHub receives for a pending, approved,
// dismissed, emergency, stale, returned and blocked request.
import { describe, expect, it } from 'vitest';
import {
  accessLabels,
  errorsAt,
  gate,
  grant,
  grantsFile,
  headOf,
  latestStatus,
  lineOf,
  NOW,
  openRequest,
  pushTo,
  reviewEvent,
  statesOfHead,
  TEST_TIMEOUT,
} from './gate-helpers.js';

const REQUEST = grantsFile(grant({ id: 'kim-pay-read' }));
const REVIEWS = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers';

describe.concurrent('mode gate: decisions', { timeout: TEST_TIMEOUT }, () => {
  it('asks exactly the owners for a review and sets a pending status saying who must approve', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });

    const run = await gate(request);

    expect(run.code).toBe(0);
    expect(run.outputs['decision']).toBe('pending');
    expect(run.report).toMatchObject({
      decision: 'pending',
      grants: [{ id: 'kim-pay-read', approvers: ['@acme/prod-owners', 'dana'] }],
    });
    const status = latestStatus(request, headOf(request));
    expect(status?.state).toBe('pending');
    expect(status?.description).toMatch(/kim-pay-read needs 1 more from @acme\/prod-owners, dana/);
    const pull = request.gh.state.pull(request.number).pull;
    expect(pull.requestedReviewers).toEqual(['dana']);
    expect(pull.requestedTeams).toEqual(['prod-owners']);
    expect(accessLabels(request)).toEqual(['access:pending']);
    const comments = request.gh.state.commentsOf(request.number);
    expect(comments).toHaveLength(1);
    expect(comments[0]!.body).toMatch(
      /\| `kim-pay-read` \| added \| owner \(`aws\/prod\/`\) \| 1 of `@acme\/prod-owners`, `dana` \| — \| ⏳ pending \|/,
    );
    // The summary carries the evaluation time; the comment does not, so it changes only with the decision.
    expect(run.summary).toContain(`Evaluated at ${new Date(NOW).toISOString()}.`);
    expect(comments[0]!.body).not.toContain(new Date(NOW).toISOString());
  });

  it('approves the request when a team member approves the head, on the pull_request_review event, with the evidence', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const review = request.gh.state.addReview(request.number, { user: 'erin', state: 'APPROVED' });

    const run = await gate(request, {
      eventName: 'pull_request_review',
      event: reviewEvent(request, review),
    });

    expect(run.code).toBe(0);
    expect(run.outputs['decision']).toBe('approved');
    expect(latestStatus(request, headOf(request))?.state).toBe('success');
    expect(accessLabels(request)).toEqual(['access:approved']);
    expect(run.writes).not.toContain(REVIEWS);
    const [comment] = request.gh.state.commentsOf(request.number);
    // Evidence: approver, review id, commit, time.
    expect(comment!.body).toContain(
      `| \`kim-pay-read\` | erin | ${review.id} | \`${headOf(request).slice(0, 12)}\` | ${review.submittedAt} |`,
    );
  });

  it('takes an approval back when its review is dismissed, on the pull_request_review event', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const review = request.gh.state.addReview(request.number, { user: 'dana', state: 'APPROVED' });
    expect(
      (
        await gate(request, {
          eventName: 'pull_request_review',
          event: reviewEvent(request, review),
        })
      ).outputs['decision'],
    ).toBe('approved');
    // GitHub turns a dismissed review's state into DISMISSED.
    review.state = 'DISMISSED';

    const run = await gate(request, {
      eventName: 'pull_request_review',
      event: reviewEvent(request, review, 'dismissed'),
    });

    expect(run.outputs['decision']).toBe('pending');
    expect(statesOfHead(request)).toEqual(['success', 'pending']);
    expect(accessLabels(request)).toEqual(['access:pending']);
    expect(request.gh.state.commentsOf(request.number)).toHaveLength(1);
    expect(request.gh.state.commentsOf(request.number)[0]!.body).not.toContain('#### Evidence');
  });

  it('labels a break-glass request access:emergency and routes it to the on-call team only', async (t) => {
    const text = grantsFile(
      grant({
        id: 'kim-pay-emergency',
        access: 'admin',
        expires: '2027-01-01T18:00:00Z',
        emergency: 'Payments are down and the fix needs a schema change',
      }),
    );
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': text } });

    const run = await gate(request);

    expect(run.report).toMatchObject({
      decision: 'pending',
      grants: [{ id: 'kim-pay-emergency', authority: 'emergency', approvers: ['@acme/oncall'] }],
    });
    expect(accessLabels(request)).toEqual(['access:emergency', 'access:pending']);
    const pull = request.gh.state.pull(request.number).pull;
    expect([pull.requestedReviewers, pull.requestedTeams]).toEqual([[], ['oncall']]);
  });

  it('holds a request whose approval is for an earlier commit as pending, and asks the approver again', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const stale = headOf(request);
    request.gh.state.addReview(request.number, {
      user: 'dana',
      state: 'APPROVED',
      commitId: stale,
    });
    pushTo(request, {
      'grants/kim.yaml': grantsFile(grant({ id: 'kim-pay-read', expires: '2027-01-06' })),
    });

    const run = await gate(request);

    expect(headOf(request)).not.toBe(stale);
    expect(run.outputs['decision']).toBe('pending');
    expect(latestStatus(request, headOf(request))?.state).toBe('pending');
    expect(request.gh.state.statusesOf(stale)).toEqual([]);
    expect(request.gh.state.pull(request.number).pull.requestedReviewers).toEqual(['dana']);
    expect(request.gh.state.commentsOf(request.number)[0]!.body).not.toContain('#### Evidence');
  });

  it('returns an incomplete request to its author: failure, an annotation at the line, no review requested', async (t) => {
    const text = grantsFile(grant({ id: 'kim-pay-read', purpose: 'tbd' }));
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': text } });

    const run = await gate(request);

    const line = lineOf(text, 'purpose');
    expect(run.code).toBe(0);
    expect(run.outputs['decision']).toBe('returned');
    const status = latestStatus(request, headOf(request));
    expect(status?.state).toBe('failure');
    expect(status?.description).toBe(`returned: fix invalid-field at grants/kim.yaml:${line}`);
    expect(errorsAt(run, 'grants/kim.yaml', line)).toEqual([
      expect.stringContaining('invalid-field'),
    ]);
    expect(run.writes).not.toContain(REVIEWS);
    expect(request.gh.state.pull(request.number).pull.requestedReviewers).toEqual([]);
    expect(accessLabels(request)).toEqual(['access:returned']);
    expect(request.gh.state.commentsOf(request.number)[0]!.body).toMatch(
      /#### What to change[\s\S]*`grants\/kim.yaml:\d+` \*\*invalid-field\*\*/,
    );
  });

  it('blocks a request that would need a second hop of escalation, routing it to no one', async (t) => {
    const text = grantsFile(
      grant({
        id: 'kim-pay-admin',
        access: 'admin',
        exception: 'Migrate the payments schema during the freeze',
      }),
    );
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': text } });

    const run = await gate(request);

    expect(run.outputs['decision']).toBe('blocked');
    const status = latestStatus(request, headOf(request));
    expect(status?.state).toBe('failure');
    expect(status?.description).toBe('blocked: kim-pay-admin: multi-hop');
    expect(errorsAt(run, 'grants/kim.yaml', lineOf(text, 'access'))).toEqual([
      expect.stringContaining('multi-hop'),
    ]);
    expect(run.writes).not.toContain(REVIEWS);
    expect(accessLabels(request)).toEqual(['access:blocked']);
  });
});
