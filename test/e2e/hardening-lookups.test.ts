// Hardening, end to end: every lookup the decision rests on fails closed. When GitHub keeps
// answering 500 (retried with back-off, about 14 s) or answers 404 (not retried) on the reviews,
// the commits, the head's grants blob or the changed files, the head gets an `error` status
// naming the failed request, the job fails, and nothing else is written. (`it.for` is vitest's
// `it.each` that also hands over the test context, which `openRequest` needs.)
import { describe, expect, it } from 'vitest';
import type { PathPattern } from './fake-github/index.js';
import {
  blobAt,
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

const REQUEST = grantsFile(grant({ id: 'kim-pay-read' }));
const STATUS = 'POST /repos/{owner}/{repo}/statuses/{sha}';
const RETRY = 'GitHub kept failing after retries: re-run the job';
const CANNOT_READ =
  'the token cannot read this: give the job permissions contents: read and pull-requests: read';

interface Lookup {
  /** what the gate was reading */
  name: string;
  status: 500 | 404;
  /** the requests the fault hits */
  path: (request: Request) => PathPattern;
  /** the path as the job log names it */
  logged: (request: Request) => string;
  /** the exact status description: at most 139 characters, naming the request that failed */
  description: (request: Request) => string;
}

const headBlob = (r: Request) => blobAt(r, 'grants/kim.yaml', headOf(r));

const LOOKUPS: Lookup[] = [
  {
    name: 'the reviews list',
    status: 500,
    path: () => '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    logged: (r) => `/repos/acme/access/pulls/${r.number}/reviews`,
    description: (r) =>
      `error: ${RETRY} (HTTP 500 on GET /repos/acme/access/pulls/${r.number}/reviews: Internal Server Error)`,
  },
  {
    name: 'the commits list',
    status: 500,
    path: () => '/repos/{owner}/{repo}/pulls/{pull_number}/commits',
    logged: (r) => `/repos/acme/access/pulls/${r.number}/commits`,
    description: (r) =>
      `error: ${RETRY} (HTTP 500 on GET /repos/acme/access/pulls/${r.number}/commits: Internal Server Error)`,
  },
  {
    name: "the head's grants blob",
    status: 500,
    path: (r) => `/repos/acme/access/git/blobs/${headBlob(r)}`,
    logged: (r) => `/repos/acme/access/git/blobs/${headBlob(r)}`,
    // The full path would not fit: the repository is left out and the blob sha shortened.
    description: (r) =>
      `error: ${RETRY} (HTTP 500 on GET …/git/blobs/${headBlob(r).slice(0, 7)}: Internal Server Error)`,
  },
  {
    name: 'the changed files list',
    status: 500,
    path: () => '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    logged: (r) => `/repos/acme/access/pulls/${r.number}/files`,
    description: (r) =>
      `error: ${RETRY} (HTTP 500 on GET /repos/acme/access/pulls/${r.number}/files: Internal Server Error)`,
  },
  {
    name: 'the reviews list',
    status: 404,
    path: () => '/repos/{owner}/{repo}/pulls/{pull_number}/reviews',
    logged: (r) => `/repos/acme/access/pulls/${r.number}/reviews`,
    description: (r) => `error: ${CANNOT_READ} (HTTP 404 on GET …/pulls/${r.number}/reviews)`,
  },
  {
    name: 'the commits list',
    status: 404,
    path: () => '/repos/{owner}/{repo}/pulls/{pull_number}/commits',
    logged: (r) => `/repos/acme/access/pulls/${r.number}/commits`,
    description: (r) => `error: ${CANNOT_READ} (HTTP 404 on GET …/pulls/${r.number}/commits)`,
  },
  {
    name: "the head's grants blob",
    status: 404,
    path: (r) => `/repos/acme/access/git/blobs/${headBlob(r)}`,
    logged: (r) => `/repos/acme/access/git/blobs/${headBlob(r)}`,
    description: (r) =>
      `error: ${CANNOT_READ} (HTTP 404 on GET …/git/blobs/${headBlob(r).slice(0, 7)})`,
  },
  {
    name: 'the changed files list',
    status: 404,
    path: () => '/repos/{owner}/{repo}/pulls/{pull_number}/files',
    logged: (r) => `/repos/acme/access/pulls/${r.number}/files`,
    description: (r) => `error: ${CANNOT_READ} (HTTP 404 on GET …/pulls/${r.number}/files)`,
  },
];

describe.concurrent('hardening: failed lookups fail closed', { timeout: TEST_TIMEOUT }, () => {
  it.for(LOOKUPS)(
    'sets an error status naming the request, and fails the job, when $name keeps answering $status',
    async (lookup, t) => {
      const request = await openRequest(t, { changes: { 'grants/kim.yaml': REQUEST } });
      // An approval that would make the request approved, had every lookup worked.
      request.gh.state.addReview(request.number, { user: 'dana', state: 'APPROVED' });
      const fault = request.gh.fail({
        method: 'GET',
        path: lookup.path(request),
        status: lookup.status,
        times: Infinity,
      });

      const run = await gate(request);

      // A 500 is tried once and retried three times; a 404 is not retried.
      expect(fault.hits).toBe(lookup.status === 500 ? 4 : 1);
      expect(run.code).toBe(1);
      expect(statesOfHead(request)).toEqual(['error']);
      const description = latestStatus(request, headOf(request))?.description ?? '';
      expect(description).toBe(lookup.description(request));
      expect(description.length).toBeLessThanOrEqual(139);
      // The job log keeps the whole story: remedy, status, method and full path.
      expect(run.stdout).toMatch(
        new RegExp(
          `^::error::.*\\(HTTP ${lookup.status} on GET ${lookup.logged(request).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `,
          'm',
        ),
      );
      expect(run.outputs['decision']).toBeUndefined();
      // No comment, label or review request: only the error status.
      expect(run.writes).toEqual([STATUS]);
      expect(request.gh.state.pull(request.number).pull.requestedReviewers).toEqual([]);
    },
  );
});
