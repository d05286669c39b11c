// mode gate end to end when GitHub misbehaves: a transient 500 is retried, anything else fails
// closed with an `error` status that says what to fix, and never leaves `success` behind.
import { describe, expect, it } from 'vitest';
import {
  accessLabels,
  errorsAt,
  gate,
  statesOfHead,
  grant,
  grantsFile,
  headOf,
  latestStatus,
  lineOf,
  openRequest,
  POLICY,
  POLICY_PATH,
  pushTo,
  TEST_TIMEOUT,
} from './gate-helpers.js';

const REQUEST = grantsFile(grant({ id: 'kim-pay-read' }));
const REVIEWS = '/repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const STATUS = 'POST /repos/{owner}/{repo}/statuses/{sha}';

describe.concurrent('mode gate: failing closed', { timeout: TEST_TIMEOUT }, () => {
  it('retries a 500 and decides as usual when the retry succeeds', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const fault = request.gh.fail({ method: 'GET', path: REVIEWS, status: 500 });

    const run = await gate(request);

    expect(fault.hits).toBe(1);
    expect(
      run.requests.filter((r) => r.operation === `GET ${REVIEWS}`).map((r) => r.status),
    ).toEqual([500, 200]);
    expect(run.code).toBe(0);
    expect(statesOfHead(request)).toEqual(['pending']);
  });

  it('fails closed with an error status when GitHub keeps answering 500', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    request.gh.fail({ method: 'GET', path: REVIEWS, status: 500, times: Infinity });

    const run = await gate(request);

    expect(run.code).toBe(1);
    // The first attempt and three retries.
    expect(run.requests.filter((r) => r.operation === `GET ${REVIEWS}`)).toHaveLength(4);
    expect(statesOfHead(request)).toEqual(['error']);
    expect(latestStatus(request, headOf(request))?.description).toMatch(
      /^error: GitHub kept failing after retries: re-run the job \(HTTP 500 on GET \/repos\/acme\/access\/pulls\/1\/reviews/,
    );
    expect(run.writes).toEqual([STATUS]);
    expect(run.stdout).toMatch(/^::error::GitHub kept failing after retries/m);
  });

  it('replaces an earlier success with an error when the pull request itself cannot be read', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    request.gh.state.addReview(request.number, { user: 'dana', state: 'APPROVED' });
    expect((await gate(request)).outputs['decision']).toBe('approved');
    request.gh.fail({
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls/{pull_number}',
      status: 403,
      times: Infinity,
    });

    const run = await gate(request, { action: 'edited' });

    expect(run.code).toBe(1);
    expect(statesOfHead(request)).toEqual(['success', 'error']);
    expect(latestStatus(request, headOf(request))?.description).toMatch(
      /^error: the token cannot read this: give the job permissions contents: read and pull-requests: read/,
    );
    expect(run.writes).toEqual([STATUS]);
  });

  it('fails closed, naming the fix, when the token may not read team membership', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    request.gh.state.addReview(request.number, { user: 'erin', state: 'APPROVED' });
    request.gh.fail({
      method: 'GET',
      path: '/orgs/{org}/teams/{team_slug}/members',
      status: 403,
      times: Infinity,
      body: {
        message: 'Resource not accessible by integration',
        documentation_url: 'https://docs.github.com/rest/teams/members',
      },
    });

    const run = await gate(request);

    expect(run.code).toBe(1);
    expect(statesOfHead(request)).toEqual(['error']);
    const description = latestStatus(request, headOf(request))?.description ?? '';
    expect(description).toContain('cannot read team @acme/prod-owners (HTTP 403)');
    expect(description).toContain('organization Members: read, such as a GitHub App token');
    expect(run.stdout).toMatch(/^::error::cannot read team @acme\/prod-owners/m);
    expect(run.writes).toEqual([STATUS]);
    expect(request.gh.state.commentsOf(request.number)).toEqual([]);
  });

  it('fails closed on a response body cut short, rather than reading it as an empty list', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    request.gh.state.addReview(request.number, { user: 'dana', state: 'CHANGES_REQUESTED' });
    request.gh.fail({ method: 'GET', path: REVIEWS, truncate: true });

    const run = await gate(request);

    expect(run.code).toBe(1);
    expect(statesOfHead(request)).toEqual(['error']);
    expect(latestStatus(request, headOf(request))?.description).toBe(
      `error: GitHub answered GET /repos/acme/access/pulls/${request.number}/reviews with a body that is not valid JSON: re-run the job`,
    );
  });

  it('fails closed on an invalid base policy, naming its file and line', async (t) => {
    const policy = POLICY.replace(
      '  - pattern: aws/prod/\n',
      '  - pattern: aws/prod/\n    approver: dana\n',
    );
    const request = await openRequest(t, {
      base: { [POLICY_PATH]: policy },
      changes: { 'grants/kim.yaml': REQUEST },
    });

    const run = await gate(request);

    const line = lineOf(policy, 'approver');
    expect(run.code).toBe(1);
    expect(statesOfHead(request)).toEqual(['error']);
    expect(latestStatus(request, headOf(request))?.description).toMatch(
      new RegExp(`^error: the base policy is invalid: ${POLICY_PATH}:${line}: `),
    );
    expect(errorsAt(run, POLICY_PATH, line)).toHaveLength(1);
    expect(run.writes).toEqual([STATUS]);
  });

  it('fails closed when the base branch has no policy, whatever the pull request adds', async (t) => {
    const request = await openRequest(t, {
      base: { [POLICY_PATH]: null },
      changes: { [POLICY_PATH]: POLICY, 'grants/kim.yaml': REQUEST },
    });

    const run = await gate(request);

    expect(run.code).toBe(1);
    expect(statesOfHead(request)).toEqual(['error']);
    expect(latestStatus(request, headOf(request))?.description).toBe(
      `error: the policy ${POLICY_PATH} does not exist on the base branch main`,
    );
    expect(run.writes).toEqual([STATUS]);
  });

  it('fails closed with the permissions to grant when the token may not comment', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    request.gh.fail({
      method: 'POST',
      path: '/repos/{owner}/{repo}/issues/{issue_number}/comments',
      status: 403,
      body: { message: 'Resource not accessible by integration' },
    });

    const run = await gate(request);

    expect(run.code).toBe(1);
    expect(statesOfHead(request)).toEqual(['error']);
    expect(latestStatus(request, headOf(request))?.description).toMatch(
      /^error: the token may not write this: give the job permissions statuses: write, pull-requests: write and issues: write/,
    );
    expect(run.stdout).toMatch(
      /^::error::the token may not write this.*so use pull_request_target \(HTTP 403 on POST \/repos\/acme\/access\/issues\/1\/comments: Resource not accessible by integration\)$/m,
    );
    expect(accessLabels(request)).toEqual([]);
  });

  it('writes nothing when the head moves while it is being evaluated, leaving the decision to the run for the new head', async (t) => {
    const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
    const evaluated = headOf(request);
    // The changed files are listed only after the push below, so they belong to the new head.
    request.gh.fail({
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls/{pull_number}/files',
      delayMs: 1000,
    });
    const running = gate(request);
    await until(() =>
      request.gh.requests.some(
        (r) => r.operation === 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files',
      ),
    );
    pushTo(request, {
      'grants/kim.yaml': grantsFile(
        grant({ id: 'kim-pay-read' }),
        grant({ id: 'kim-pay-write', access: 'write' }),
      ),
    });

    const run = await running;

    expect(run.code).toBe(0);
    expect(run.annotations).toContainEqual(
      expect.stringContaining(`moved from ${evaluated} to ${headOf(request)}`),
    );
    expect(run.writes).toEqual([]);
    expect(run.outputs['decision']).toBeUndefined();
  });
});

async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}
