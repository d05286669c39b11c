// mode: prune when GitHub fails: a run stopped halfway leaves what the next run completes, and a
// create that GitHub performed but answered with an error never yields a second pull request.
import { describe, expect } from 'vitest';
import {
  failure,
  FILES,
  LEGACY_PRUNED,
  openPulls,
  PAYMENTS_PRUNED,
  PRUNE_BRANCH,
  runPrune,
  test,
  writesSince,
} from './prune-helpers.js';

const PRUNED = {
  ...FILES,
  'grants/payments.yaml': PAYMENTS_PRUNED,
  'grants/legacy.yml': LEGACY_PRUNED,
};
const PULLS = '/repos/{owner}/{repo}/pulls';

describe.concurrent('a prune run that GitHub fails', () => {
  test('fails when opening the pull request keeps failing, and the next run opens it on the branch already written', async ({
    repo,
  }) => {
    const gh = await repo();
    gh.fail({ method: 'POST', path: PULLS, status: 502, times: 4 });

    const broken = await runPrune(gh);
    const between = gh.requests.length;
    const branch = gh.state.branch(PRUNE_BRANCH);
    const repaired = await runPrune(gh);

    expect(broken.code).toBe(1);
    const error = broken.annotations.find((a) => a.startsWith('::error::'));
    expect(error).toContain('HTTP 502');
    expect(error).toContain('POST /repos/acme/access/pulls');
    expect(branch).toBeDefined();
    expect(repaired.code, failure(repaired)).toBe(0);
    // The branch was complete: the re-run only opens the pull request and labels it.
    expect(writesSince(gh, between)).toEqual([
      'POST /repos/{owner}/{repo}/pulls',
      'POST /repos/{owner}/{repo}/issues/{issue_number}/labels',
    ]);
    expect(gh.state.branch(PRUNE_BRANCH)).toBe(branch);
    expect(gh.state.files(PRUNE_BRANCH)).toEqual(PRUNED);
    expect(openPulls(gh)).toHaveLength(1);
    expect(gh.state.pull(openPulls(gh)[0]!).labels).toEqual(['access:prune']);
  }, 60_000);

  test('opens one pull request when POST /pulls answers 502 although GitHub opened it', async ({
    repo,
  }) => {
    const gh = await repo();
    gh.fail({ method: 'POST', path: PULLS, status: 502, afterEffect: true });

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    expect(gh.count('POST', PULLS)).toBe(1);
    expect([...gh.state.issues.values()].filter((i) => i.pull)).toHaveLength(1);
    const [number] = openPulls(gh);
    expect(run.outputs['prune-pr']).toBe(String(number));
    expect(gh.state.pull(number!).labels).toEqual(['access:prune']);
  });

  test('keeps one branch when creating it answers 502 although GitHub created it', async ({
    repo,
  }) => {
    const gh = await repo();
    gh.fail({
      method: 'POST',
      path: '/repos/{owner}/{repo}/git/refs',
      status: 502,
      afterEffect: true,
    });

    const run = await runPrune(gh);

    expect(run.code, failure(run)).toBe(0);
    // The client retried the create, GitHub answered that the ref exists, and the job moved it instead.
    expect(gh.matching('*', /\/git\/refs/).map((r) => `${r.method} ${r.status}`)).toEqual([
      'POST 502',
      'POST 422',
      'PATCH 200',
    ]);
    expect(gh.state.files(PRUNE_BRANCH)).toEqual(PRUNED);
    expect(openPulls(gh)).toHaveLength(1);
  });
});
