// Hardening, end to end: rate limits and network failures. A rate limit is waited out as long
// as GitHub asks (the reset time, or retry-after) and the run then decides as usual; a limit that
// outlasts the retries, or resets later than the job will wait, and a connection that keeps
// dropping, end in an `error` status that says so, never in `success`.
//
// A request that hangs is abandoned after 30 s and retried; a GitHub that hangs every time fails
// the run only after about two minutes (four attempts), too slow for this suite, so a connection
// that keeps dropping stands in for it. A runner behind a proxy reaches GitHub through it.
import { describe, expect, it, type TestContext } from 'vitest';
import type { FakeGitHub, FaultSpec, RecordedRequest } from './fake-github/index.js';
import {
  gate,
  grant,
  grantsFile,
  headOf,
  latestStatus,
  openRequest,
  statesOfHead,
  TEST_TIMEOUT,
  type Request,
} from './gate-helpers.js';
import { startProxy } from './proxy.js';

const REQUEST = grantsFile(grant({ id: 'kim-pay-read' }));
const APPROVED = 'approved: 1 grant change(s) approved';
const REVIEWS = '/repos/{owner}/{repo}/pulls/{pull_number}/reviews';
const STATUS = 'POST /repos/{owner}/{repo}/statuses/{sha}';

/** GitHub's answer body when the primary rate limit is used up. */
const PRIMARY = {
  message: 'API rate limit exceeded for installation ID 4242.',
  documentation_url:
    'https://docs.github.com/rest/overview/resources-in-the-rest-api#rate-limiting',
};
/** GitHub's answer body for a secondary rate limit. */
const SECONDARY = {
  message:
    'You have exceeded a secondary rate limit. Please wait a few minutes before you try again.',
  documentation_url:
    'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
};

/** A request dana approved: once the reviews are read, it is approved. */
async function approvedRequest(t: TestContext): Promise<Request> {
  const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
  request.gh.state.addReview(request.number, { user: 'dana', state: 'APPROVED' });
  return request;
}

/** Makes every read of the reviews list that the fault hits fail as `spec` says. */
function failReviews(gh: FakeGitHub, spec: Omit<FaultSpec, 'path'>): void {
  gh.fail({ method: 'GET', path: REVIEWS, ...spec });
}

/** A primary rate limit that resets `seconds` after each answer; `resets` collects the times sent. */
function primaryLimit(seconds: number, resets: number[]): () => Record<string, string> {
  return () => {
    const reset = Math.floor(Date.now() / 1000) + seconds;
    resets.push(reset);
    return { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(reset) };
  };
}

function reviewReads(run: { requests: RecordedRequest[] }): RecordedRequest[] {
  return run.requests.filter((r) => r.operation === `GET ${REVIEWS}`);
}

/** GitHub's timestamp for a rate-limit reset time in epoch seconds. */
function resetTime(seconds: number): string {
  return new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

describe.concurrent(
  'hardening: rate limits and network failures',
  { timeout: TEST_TIMEOUT },
  () => {
    it('waits until an exhausted rate limit (403, x-ratelimit-remaining 0) resets, then decides as usual', async (t) => {
      const request = await approvedRequest(t);
      const resets: number[] = [];
      failReviews(request.gh, { status: 403, headers: primaryLimit(2, resets), body: PRIMARY });

      const run = await gate(request);

      const reads = reviewReads(run);
      expect(reads.map((r) => r.status)).toEqual([403, 200]);
      // Not before the announced reset: GitHub would only have refused again.
      expect(reads[1]!.receivedAt).toBeGreaterThanOrEqual(resets[0]! * 1000);
      expect(run.stdout).toMatch(
        /^rate limit on GET \S+\/pulls\/1\/reviews\S*: retrying after \ds$/m,
      );
      expect(run.code).toBe(0);
      expect(run.outputs['decision']).toBe('approved');
      expect(statesOfHead(request)).toEqual(['success']);
      expect(latestStatus(request, headOf(request))?.description).toBe(APPROVED);
    });

    it('retries a secondary rate limit (429, retry-after: 1) once, then decides as usual', async (t) => {
      const request = await approvedRequest(t);
      failReviews(request.gh, { status: 429, headers: { 'retry-after': '1' }, body: SECONDARY });

      const run = await gate(request);

      const reads = reviewReads(run);
      expect(reads.map((r) => r.status)).toEqual([429, 200]);
      expect(reads[1]!.receivedAt - reads[0]!.receivedAt).toBeGreaterThanOrEqual(1000);
      expect(run.code).toBe(0);
      expect(run.outputs['decision']).toBe('approved');
      expect(statesOfHead(request)).toEqual(['success']);
      expect(latestStatus(request, headOf(request))?.description).toBe(APPROVED);
    });

    it('waits as long as retry-after asks (3 s), not the 1 s of its own back-off, and asks again only once', async (t) => {
      const request = await approvedRequest(t);
      failReviews(request.gh, { status: 429, headers: { 'retry-after': '3' }, body: SECONDARY });

      const run = await gate(request);

      const reads = reviewReads(run);
      expect(reads.map((r) => r.status)).toEqual([429, 200]);
      expect(reads[1]!.receivedAt - reads[0]!.receivedAt).toBeGreaterThanOrEqual(3000);
      expect(run.stdout).toMatch(/^secondary rate limit on GET \S+: retrying after 3s$/m);
      expect(statesOfHead(request)).toEqual(['success']);
    });

    it('sets an error status, never success, when the rate limit outlasts the two retries', async (t) => {
      const request = await approvedRequest(t);
      const resets: number[] = [];
      failReviews(request.gh, {
        status: 403,
        headers: primaryLimit(1, resets),
        body: PRIMARY,
        times: Infinity,
      });

      const run = await gate(request);

      expect(reviewReads(run).map((r) => r.status)).toEqual([403, 403, 403]);
      expect(run.code).toBe(1);
      expect(statesOfHead(request)).toEqual(['error']);
      // The last answer's reset time; not a permission to grant, as for any other 403.
      expect(latestStatus(request, headOf(request))?.description).toBe(
        `error: the token's API rate limit is used up until ${resetTime(resets.at(-1)!)}: re-run the job then (HTTP 403 on GET …/pulls/1/reviews)`,
      );
      expect(run.stdout).toMatch(
        /^::error::the token's API rate limit is used up until .*: API rate limit exceeded for installation ID 4242\.\)$/m,
      );
      expect(run.writes).toEqual([STATUS]);
    });

    it('sets an error status, never success, when a secondary rate limit outlasts the two retries', async (t) => {
      const request = await approvedRequest(t);
      failReviews(request.gh, {
        status: 429,
        headers: { 'retry-after': '1' },
        body: SECONDARY,
        times: Infinity,
      });

      const run = await gate(request);

      expect(reviewReads(run).map((r) => r.status)).toEqual([429, 429, 429]);
      expect(run.code).toBe(1);
      expect(statesOfHead(request)).toEqual(['error']);
      expect(latestStatus(request, headOf(request))?.description).toBe(
        "error: GitHub's secondary rate limit stopped the job: re-run it in a few minutes (HTTP 429 on GET …/pulls/1/reviews)",
      );
      expect(run.writes).toEqual([STATUS]);
    });

    it('gives up at once, with an error status, when the rate limit resets later than the job will wait', async (t) => {
      const request = await approvedRequest(t);
      const resets: number[] = [];
      failReviews(request.gh, {
        status: 403,
        headers: primaryLimit(3600, resets),
        body: PRIMARY,
        times: Infinity,
      });

      const run = await gate(request);

      expect(reviewReads(run).map((r) => r.status)).toEqual([403]);
      expect(run.stdout).toMatch(/^rate limit on GET \S+\/pulls\/1\/reviews\S*: giving up$/m);
      expect(run.code).toBe(1);
      expect(statesOfHead(request)).toEqual(['error']);
      expect(latestStatus(request, headOf(request))?.description).toBe(
        `error: the token's API rate limit is used up until ${resetTime(resets[0]!)}: re-run the job then (HTTP 403 on GET …/pulls/1/reviews)`,
      );
      expect(run.writes).toEqual([STATUS]);
    });

    it('retries a request whose connection dropped before any answer, then decides as usual', async (t) => {
      const request = await approvedRequest(t);
      failReviews(request.gh, { drop: 'before-response' });

      const run = await gate(request);

      // 0: no status was ever sent for the dropped request.
      expect(reviewReads(run).map((r) => r.status)).toEqual([0, 200]);
      expect(run.code).toBe(0);
      expect(statesOfHead(request)).toEqual(['success']);
      expect(latestStatus(request, headOf(request))?.description).toBe(APPROVED);
    });

    it('sets an error status saying GitHub did not answer when the connection keeps dropping', async (t) => {
      const request = await approvedRequest(t);
      failReviews(request.gh, { drop: 'before-response', times: Infinity });

      const run = await gate(request);

      expect(reviewReads(run).map((r) => r.status)).toEqual([0, 0, 0, 0]);
      expect(run.code).toBe(1);
      expect(statesOfHead(request)).toEqual(['error']);
      expect(latestStatus(request, headOf(request))?.description).toBe(
        'error: GitHub did not answer, even after retries: re-run the job (no response to GET /repos/acme/access/pulls/1/reviews: other side closed)',
      );
      expect(run.stdout).toMatch(
        /^::error::GitHub did not answer, even after retries: re-run the job \(no response to GET \/repos\/acme\/access\/pulls\/1\/reviews: other side closed\)$/m,
      );
      expect(run.writes).toEqual([STATUS]);
    });

    it('sets an error status, rather than read half a list, when the connection drops mid-answer', async (t) => {
      const request = await approvedRequest(t);
      failReviews(request.gh, { drop: 'mid-response' });

      const run = await gate(request);

      expect(reviewReads(run).map((r) => r.status)).toEqual([200]);
      expect(run.code).toBe(1);
      expect(statesOfHead(request)).toEqual(['error']);
      expect(latestStatus(request, headOf(request))?.description).toBe(
        'error: GitHub answered GET /repos/acme/access/pulls/1/reviews with a body that is not valid JSON: re-run the job',
      );
      expect(run.writes).toEqual([STATUS]);
    });

    it(
      'abandons a request that hangs past 30 s, retries it, then decides as usual',
      { timeout: 120_000 },
      async (t) => {
        const request = await approvedRequest(t);
        failReviews(request.gh, { delayMs: 45_000 });

        const started = Date.now();
        const run = await gate(request);

        expect(Date.now() - started).toBeGreaterThanOrEqual(30_000);
        expect(reviewReads(run)).toHaveLength(2);
        expect(run.code).toBe(0);
        expect(statesOfHead(request)).toEqual(['success']);
        expect(latestStatus(request, headOf(request))?.description).toBe(APPROVED);
      },
    );

    it('reaches GitHub through the proxy the runner names in HTTPS_PROXY and HTTP_PROXY', async (t) => {
      const request = await approvedRequest(t);
      const proxy = await startProxy(Number(new URL(request.gh.url).port));
      t.onTestFinished(() => proxy.close());
      // A name that resolves nowhere: a request that bypassed the proxy would fail the run.
      const apiUrl = `http://api.github.invalid:${new URL(request.gh.url).port}`;

      const run = await gate(request, {
        apiUrl,
        env: { HTTPS_PROXY: proxy.url, HTTP_PROXY: proxy.url },
      });

      expect(run.code).toBe(0);
      expect(statesOfHead(request)).toEqual(['success']);
      expect(run.requests.length).toBeGreaterThan(0);
      expect(new Set(proxy.hosts)).toEqual(new Set([new URL(apiUrl).host]));
    });
  },
);
