// mode gate end to end, by event: which events it acts on, the status context of a pull request
// into another branch, the base policy over an edited one, and reviews across pages.
import { describe, expect, it } from 'vitest';
import {
  accessLabels,
  gate,
  grant,
  grantsFile,
  headOf,
  latestStatus,
  openRequest,
  POLICY_PATH,
  pullEvent,
  TEST_TIMEOUT,
} from './gate-helpers.js';

const REQUEST = grantsFile(grant({ id: 'kim-pay-read' }));

describe.concurrent('mode gate: events', { timeout: TEST_TIMEOUT }, () => {
  it('ignores an event it does not gate with a notice, sending no request at all', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });

    const run = await gate(request, {
      eventName: 'push',
      event: { ref: 'refs/heads/main', repository: { full_name: 'acme/access' } },
    });

    expect(run.code).toBe(0);
    expect(run.annotations).toEqual([
      '::notice::grant-gate gates pull_request, pull_request_target and pull_request_review events, not push: nothing to do',
    ]);
    expect(run.requests).toEqual([]);
  });

  it('ignores a pull request activity that cannot change the decision, sending no request at all', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });

    const run = await gate(request, { action: 'labeled' });

    expect(run.code).toBe(0);
    expect(run.annotations).toEqual([
      '::notice::the pull_request activity labeled cannot change a decision: nothing to do',
    ]);
    expect(run.requests).toEqual([]);
  });

  it('gates a pull_request_target event as it gates pull_request', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });

    const run = await gate(request, { eventName: 'pull_request_target', action: 'reopened' });

    expect(run.outputs['decision']).toBe('pending');
    expect(latestStatus(request, headOf(request))?.state).toBe('pending');
    expect(request.gh.state.pull(request.number).pull.requestedReviewers).toEqual(['dana']);
    expect(accessLabels(request)).toEqual(['access:pending']);
  });

  it('writes nothing for a pull request closed since the event fired', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const event = pullEvent(request, 'edited');
    request.gh.state.close(request.gh.state.issue(request.number));

    const run = await gate(request, { event });

    expect(run.code).toBe(0);
    expect(run.annotations).toContainEqual(
      `::notice::pull request #${request.number} is closed: nothing to gate`,
    );
    expect(run.writes).toEqual([]);
  });

  it('sets the status context grant-gate/<base> for a pull request into a branch other than the default', async (t) => {
    const request = await openRequest(t, {
      baseBranch: 'release-1',
      changes: { 'grants/kim.yaml': REQUEST },
    });

    const run = await gate(request, { action: 'opened' });

    expect(run.outputs['decision']).toBe('pending');
    expect(request.gh.state.statusesOf(headOf(request)).map((s) => s.context)).toEqual([
      'grant-gate/release-1',
    ]);
    expect(request.gh.state.commentsOf(request.number)[0]!.body).toMatch(
      /^<!-- grant-gate:report context="grant-gate\/release-1" -->/,
    );
  });

  it('judges a pull request that edits the policy by the base policy, and says so', async (t) => {
    // The head raises the owners' limit to admin for 30 days, which would make the request routine.
    const edited = `version: 1\nrules:\n  - pattern: aws/prod/\n    owners: [dana]\n    max_access: admin\n    max_duration: 30d\n`;
    const text = grantsFile(
      grant({
        id: 'kim-pay-admin',
        access: 'admin',
        expires: '2027-01-20',
        exception: 'Migrate the payments schema during the freeze',
      }),
    );
    const request = await openRequest(t, {
      changes: { [POLICY_PATH]: edited, 'grants/kim.yaml': text },
    });

    const run = await gate(request);

    expect(run.outputs['decision']).toBe('blocked');
    expect(run.report).toMatchObject({
      grants: [{ id: 'kim-pay-admin', problems: [{ code: 'multi-hop' }] }],
    });
    expect(latestStatus(request, headOf(request))?.description).toBe(
      'blocked: kim-pay-admin: multi-hop',
    );
    expect(request.gh.state.commentsOf(request.number)[0]!.body).toContain(
      `This pull request changes \`${POLICY_PATH}\`. It is judged by the base branch's policy`,
    );
  });

  it('reads every page of more than 100 reviews, so a later approval clears an earlier change request', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const { state } = request.gh;
    state.addReview(request.number, {
      user: 'frank',
      state: 'CHANGES_REQUESTED',
      submittedAt: '2027-01-01T09:00:00Z',
    });
    for (let i = 0; i < 120; i++)
      state.addReview(request.number, {
        user: `bystander${i}`,
        state: 'COMMENTED',
        submittedAt: '2027-01-01T10:00:00Z',
      });
    const approval = state.addReview(request.number, {
      user: 'frank',
      state: 'APPROVED',
      submittedAt: '2027-01-01T11:00:00Z',
    });

    const run = await gate(request);

    expect(
      run.requests
        .filter((r) => r.operation === 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews')
        .map((r) => r.query['page']),
    ).toEqual([undefined, '2']);
    expect(run.outputs['decision']).toBe('approved');
    expect(latestStatus(request, headOf(request))?.state).toBe('success');
    expect(run.report).toMatchObject({ grants: [{ approved_by: ['frank'] }] });
    expect(request.gh.state.commentsOf(request.number)[0]!.body).toContain(
      `| \`kim-pay-read\` | frank | ${approval.id} |`,
    );
  });
});
