// Hardening, end to end: long lists are read to the end. The author of a commit on the second
// page of commits still cannot approve; a pull request with more commits than GitHub lists (250)
// fails closed, since some authors would stay unknown; a grants file listed after the first 100
// changed files is still evaluated.
import { describe, expect, it } from 'vitest';
import {
  gate,
  grant,
  grantsFile,
  headOf,
  latestStatus,
  openRequest,
  pushCommit,
  reviewEvent,
  statesOfHead,
  TEST_TIMEOUT,
  type Request,
} from './gate-helpers.js';

const REQUEST = grantsFile(grant({ id: 'kim-pay-read' }));
const PENDING =
  'pending: 1 grant(s) need approval; kim-pay-read needs 1 more from @acme/prod-owners, dana';
const COMMITS = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/commits';
const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files';
const STATUS = 'POST /repos/{owner}/{repo}/statuses/{sha}';

/**
 * Grows the request to `total` commits (the first is the grant) by pushing notes, each written
 * by kim except commit `by.position`, written by `by.login`; returns that commit's sha.
 */
function growTo(request: Request, total: number, by: { position: number; login: string }): string {
  let marked = '';
  for (let position = 2; position <= total; position++) {
    const sha = pushCommit(
      request,
      { 'notes/investigation.md': `step ${position}\n` },
      { author: position === by.position ? by.login : 'kim', message: `Step ${position}` },
    );
    if (position === by.position) marked = sha;
  }
  return marked;
}

/** The pages of a listing the run read, by their `page` query (undefined for the first). */
function pagesRead(
  run: { requests: Array<{ operation?: string | undefined; query: Record<string, string> }> },
  operation: string,
) {
  return run.requests.filter((r) => r.operation === operation).map((r) => r.query['page']);
}

describe.concurrent('hardening: long lists', { timeout: TEST_TIMEOUT }, () => {
  it('never counts the approval of the author of commit 150 of 160, read from the second page of commits', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const { state } = request.gh;
    const erins = growTo(request, 160, { position: 150, login: 'erin' });
    const commits = state.git.commitsBetween(
      state.pull(request.number).pull.baseSha,
      headOf(request),
    );
    expect(commits).toHaveLength(160);
    expect(commits.indexOf(erins)).toBe(149);
    const review = state.addReview(request.number, { user: 'erin', state: 'APPROVED' });

    const run = await gate(request, {
      eventName: 'pull_request_review',
      event: reviewEvent(request, review),
    });

    expect(pagesRead(run, COMMITS)).toEqual([undefined, '2']);
    expect(run.code).toBe(0);
    expect(run.outputs['decision']).toBe('pending');
    expect(statesOfHead(request)).toEqual(['pending']);
    expect(latestStatus(request, headOf(request))?.description).toBe(PENDING);
    expect(run.report).toMatchObject({ grants: [{ id: 'kim-pay-read', approved_by: [] }] });

    // frank wrote none of the 160 commits: his approval counts.
    const franks = state.addReview(request.number, { user: 'frank', state: 'APPROVED' });
    const approved = await gate(request, {
      eventName: 'pull_request_review',
      event: reviewEvent(request, franks),
    });
    expect(approved.outputs['decision']).toBe('approved');
    expect(statesOfHead(request)).toEqual(['pending', 'success']);
  });

  it('fails closed when the pull request has more commits than GitHub lists, so an author of commit 255 of 260 cannot slip through', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const { state } = request.gh;
    growTo(request, 260, { position: 255, login: 'erin' });
    const review = state.addReview(request.number, { user: 'erin', state: 'APPROVED' });

    const run = await gate(request, {
      eventName: 'pull_request_review',
      event: reviewEvent(request, review),
    });

    // GitHub lists 250 commits of a pull request, on three pages of 100.
    expect(pagesRead(run, COMMITS)).toEqual([undefined, '2', '3']);
    expect(run.code).toBe(1);
    expect(statesOfHead(request)).toEqual(['error']);
    expect(latestStatus(request, headOf(request))?.description).toBe(
      'error: squash or split this pull request: it has 260 commits, GitHub lists only 250, and every commit author must be known',
    );
    expect(run.writes).toEqual([STATUS]);
  });

  it('evaluates a grants file listed 121st of the changed files, on the second page', async (t) => {
    const docs: Record<string, string> = {};
    for (let i = 0; i < 120; i++)
      docs[`docs/runbook-${String(i).padStart(3, '0')}.md`] = `Runbook ${i}\n`;
    const request = await openRequest(t, {
      changes: { ...docs, 'grants/kim.yaml': REQUEST },
    });
    const { gh } = request;
    const page2 = (await (
      await fetch(`${gh.url}/repos/acme/access/pulls/${request.number}/files?per_page=100&page=2`, {
        headers: { authorization: 'token test-token' },
      })
    ).json()) as Array<{ filename: string }>;
    expect(page2.map((f) => f.filename).indexOf('grants/kim.yaml')).toBe(20);

    const run = await gate(request);

    expect(pagesRead(run, FILES)).toEqual([undefined, '2']);
    expect(run.code).toBe(0);
    // Read from the first page alone, the pull request would change no grant and be approved.
    expect(run.outputs['decision']).toBe('pending');
    expect(statesOfHead(request)).toEqual(['pending']);
    expect(latestStatus(request, headOf(request))?.description).toBe(PENDING);
    expect(run.report).toMatchObject({
      grants: [{ id: 'kim-pay-read', file: 'grants/kim.yaml', change: 'added' }],
    });
    const pull = gh.state.pull(request.number).pull;
    expect([pull.requestedReviewers, pull.requestedTeams]).toEqual([['dana'], ['prod-owners']]);
  });
});
