// What mode: prune costs in requests: at most 10 plus one per changed file. With a checkout of
// the default branch's head in the workspace the grants are read from disk for free.
import { rmSync } from 'node:fs';
import { describe, expect } from 'vitest';
import { failure, operationsSince, runPrune, test } from './prune-helpers.js';
import { checkoutWorkspace } from './workspace.js';

const CHANGED_FILES = 2;
const BUDGET = 10 + CHANGED_FILES;

const FIRST_RUN = [
  'GET /repos/{owner}/{repo}/branches/{branch}',
  'GET /repos/{owner}/{repo}/branches/{branch}',
  'POST /repos/{owner}/{repo}/git/trees',
  'POST /repos/{owner}/{repo}/git/commits',
  'POST /repos/{owner}/{repo}/git/refs',
  'GET /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/pulls',
  'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
];
const QUIET_RUN = [
  'GET /repos/{owner}/{repo}/branches/{branch}',
  'GET /repos/{owner}/{repo}/branches/{branch}',
  'GET /repos/{owner}/{repo}/pulls',
];

describe.concurrent('the request budget of mode: prune', () => {
  test(`opens the pull request for ${CHANGED_FILES} changed files in ${FIRST_RUN.length} requests with the default branch checked out, and re-runs in ${QUIET_RUN.length}`, async ({
    repo,
    onTestFinished,
  }) => {
    const gh = await repo();
    const workspace = checkoutWorkspace(gh.state, gh.state.branch('main')!);
    onTestFinished(() => rmSync(workspace, { recursive: true, force: true }));

    const first = await runPrune(gh, { workspace });
    const between = gh.requests.length;
    const again = await runPrune(gh, { workspace });

    console.info(
      `budget: prune first run ${between} requests for ${CHANGED_FILES} changed files; re-run ${gh.requests.length - between} requests`,
    );
    expect(first.code, failure(first)).toBe(0);
    expect(again.code, failure(again)).toBe(0);
    expect(operationsSince(gh, 0).slice(0, between)).toEqual(FIRST_RUN);
    expect(FIRST_RUN.length).toBeLessThanOrEqual(BUDGET);
    expect(operationsSince(gh, between)).toEqual(QUIET_RUN);
  });

  test('reads the tree, one blob per grants file and the policy through the API when no checkout is in the workspace', async ({
    repo,
  }) => {
    const gh = await repo();

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    // Three grants files: the reads grow with the files read, not with the files changed.
    expect(operationsSince(gh, 0)).toEqual([
      'GET /repos/{owner}/{repo}/branches/{branch}',
      'GET /repos/{owner}/{repo}/git/trees/{tree_sha}',
      'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
      'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
      'GET /repos/{owner}/{repo}/git/blobs/{file_sha}',
      'GET /repos/{owner}/{repo}/contents/{path}',
      ...FIRST_RUN.slice(1),
    ]);
  });
});
