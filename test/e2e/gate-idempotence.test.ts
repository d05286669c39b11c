// mode gate end to end, run after run: one comment updated in place, no repeated review
// requests, nothing rewritten on an unchanged pull request, and the read budget with the base
// checked out in the workspace.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  gate,
  grant,
  grantsFile,
  headOf,
  latestStatus,
  openRequest,
  POLICY_PATH,
  reviewEvent,
  workspaceAt,
  TEST_TIMEOUT,
} from './gate-helpers.js';

const STATUS = 'POST /repos/{owner}/{repo}/statuses/{sha}';
const REVIEWS = 'POST /repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers';

describe.concurrent('mode gate: idempotent effects', { timeout: TEST_TIMEOUT }, () => {
  it('updates its one comment in place and never asks again someone already asked or who approved the head', async (t) => {
    // Production databases need two approvals, so one approval leaves the grant pending.
    const request = await openRequest(t, {
      changes: {
        'grants/kim.yaml': grantsFile(grant({ id: 'kim-orders-read', resource: 'db/prod/orders' })),
      },
    });
    const first = await gate(request, { action: 'opened' });
    const [created] = request.gh.state.commentsOf(request.number);
    expect(request.gh.state.pull(request.number).pull.requestedReviewers).toEqual(['dana', 'omar']);

    const review = request.gh.state.addReview(request.number, { user: 'dana', state: 'APPROVED' });
    const second = await gate(request, {
      eventName: 'pull_request_review',
      event: reviewEvent(request, review),
    });

    expect([first.outputs['decision'], second.outputs['decision']]).toEqual(['pending', 'pending']);
    expect(first.writes).toContain(REVIEWS);
    expect(second.writes).not.toContain(REVIEWS);
    expect(second.writes).toContain('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}');
    expect(second.writes).not.toContain(
      'POST /repos/{owner}/{repo}/issues/{issue_number}/comments',
    );
    const comments = request.gh.state.commentsOf(request.number);
    expect(comments.map((c) => c.id)).toEqual([created!.id]);
    expect(comments[0]!.body).toContain(`| dana on \`${headOf(request).slice(0, 7)}\` |`);
    expect(latestStatus(request, headOf(request))?.description).toMatch(
      /kim-orders-read needs 1 more from dana, omar/,
    );
  });

  it('writes nothing but the status when re-run on an unchanged pull request, even an hour later', async (t) => {
    const request = await openRequest(t, {
      changes: { 'grants/kim.yaml': grantsFile(grant({ id: 'kim-pay-read' })) },
    });
    const first = await gate(request);
    const comment = request.gh.state.commentsOf(request.number)[0]!.body;

    const again = await gate(request, { inputs: { now: '2027-01-01T13:00:00Z' } });

    expect(first.writes.length).toBeGreaterThan(1);
    expect(again.writes).toEqual([STATUS]);
    expect(request.gh.state.commentsOf(request.number).map((c) => c.body)).toEqual([comment]);
    expect(latestStatus(request, headOf(request))?.state).toBe('pending');
  });

  it('judges a change to one of 200 grants files within 8 reads plus one per team, with the base checked out', async (t) => {
    const base: Record<string, string> = {};
    for (let i = 0; i < 200; i++) {
      const n = String(i).padStart(3, '0');
      base[`grants/team-${n}.yaml`] = grantsFile(
        grant({
          id: `svc-${n}-read`,
          identity: `svc${n}`,
          requester: `owner${n}`,
          resource: `aws/prod/app-${n}`,
          expires: '2027-01-03',
        }),
      );
    }
    const changed = `${base['grants/team-100.yaml']!}${grant({ id: 'kim-pay-read' })}`;
    const request = await openRequest(t, { base, changes: { 'grants/team-100.yaml': changed } });
    const workspace = workspaceAt(t, request, request.gh.state.pull(request.number).pull.baseSha);

    const first = await gate(request, { workspace });
    const again = await gate(request, { workspace });

    const reads = (run: typeof first) => run.requests.filter((r) => r.method === 'GET');
    const teamsConsulted = reads(first).filter(
      (r) => r.operation === 'GET /orgs/{org}/teams/{team_slug}/members',
    ).length;
    console.info(
      `budget: first run ${reads(first).length} reads / ${first.writes.length} writes; re-run ${reads(again).length} reads / ${again.writes.length} writes`,
    );
    expect(first.report).toMatchObject({
      decision: 'pending',
      grants: [{ id: 'kim-pay-read', change: 'added' }],
    });
    expect(teamsConsulted).toBe(1);
    expect(reads(first).length).toBeLessThanOrEqual(8 + teamsConsulted);
    // Only the changed file's head blob: the base came from the checkout, not the API.
    expect(
      reads(first).filter(
        (r) =>
          r.operation?.startsWith('GET /repos/{owner}/{repo}/git/') ||
          r.operation?.startsWith('GET /repos/{owner}/{repo}/contents/'),
      ),
    ).toHaveLength(1);
    expect(first.writes).toHaveLength(4);
    expect(reads(again).length).toBeLessThanOrEqual(8 + teamsConsulted);
    expect(again.writes).toEqual([STATUS]);
  });

  it('reads the base from the checked-out commit, not from work-tree files an earlier step edited', async (t) => {
    const text = grantsFile(
      grant({
        id: 'kim-pay-admin',
        access: 'admin',
        exception: 'Migrate the payments schema during the freeze',
      }),
    );
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': text } });
    const workspace = workspaceAt(t, request, request.gh.state.pull(request.number).pull.baseSha);
    // An edited policy in the work tree that would let the owners approve admin access.
    writeFileSync(
      join(workspace, POLICY_PATH),
      'version: 1\nrules:\n  - pattern: "*"\n    owners: [dana]\n    max_access: admin\n    max_duration: 30d\n',
    );

    const run = await gate(request, { workspace });

    expect(run.outputs['decision']).toBe('blocked');
    expect(latestStatus(request, headOf(request))?.description).toBe(
      'blocked: kim-pay-admin: multi-hop',
    );
    expect(
      run.requests.some((r) => r.operation === 'GET /repos/{owner}/{repo}/contents/{path}'),
    ).toBe(false);
  });

  it('reads the base through the API when the workspace holds another commit than the base', async (t) => {
    const request = await openRequest(t, {
      changes: { 'grants/kim.yaml': grantsFile(grant({ id: 'kim-pay-read' })) },
    });
    const workspace = workspaceAt(t, request, headOf(request));

    const run = await gate(request, { workspace });

    expect(run.outputs['decision']).toBe('pending');
    expect(run.annotations).toContainEqual(
      expect.stringMatching(/^::notice::the workspace holds [0-9a-f]{40}, not the base commit/),
    );
    const baseSha = request.gh.state.pull(request.number).pull.baseSha;
    expect(
      run.requests.some(
        (r) =>
          r.operation === 'GET /repos/{owner}/{repo}/git/trees/{tree_sha}' &&
          r.path.endsWith(baseSha),
      ),
    ).toBe(true);
    expect(
      run.requests.some(
        (r) =>
          r.operation === 'GET /repos/{owner}/{repo}/contents/{path}' && r.query['ref'] === baseSha,
      ),
    ).toBe(true);
  });
});
