import { getOctokit } from '@actions/github';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub, type FakeGitHub } from './fake-github/index.js';

type Octokit = ReturnType<typeof getOctokit>;

const repo = { owner: 'acme', repo: 'access' };

function statusOf(error: unknown): number | undefined {
  return (error as { status?: number }).status;
}

describe('fake GitHub REST API', () => {
  let gh: FakeGitHub;
  let octokit: Octokit;

  beforeEach(async () => {
    gh = await startFakeGitHub({
      files: { 'policies/prod.yaml': 'team: sre\n', 'README.md': '# access\n' },
    });
    octokit = getOctokit('test-token', { baseUrl: gh.url });
  });

  afterEach(async () => {
    await gh.close();
  });

  function seedPull(): number {
    const head = gh.state.commit({
      base: gh.state.branch('main'),
      files: { 'grants/kim.yaml': 'role: admin\n' },
      author: { login: 'kim' },
    });
    gh.state.setBranch('grant/kim', head);
    return gh.state.openPull({ head: 'grant/kim', user: 'kim', title: 'Grant kim admin' });
  }

  it('returns all 250 reviews through octokit.paginate, following Link headers page by page', async () => {
    const number = seedPull();
    for (let i = 0; i < 250; i++) {
      gh.state.addReview(number, { user: `reviewer-${i}`, state: 'APPROVED' });
    }

    const reviews = await octokit.paginate(octokit.rest.pulls.listReviews, {
      ...repo,
      pull_number: number,
      per_page: 100,
    });

    expect(reviews).toHaveLength(250);
    expect(new Set(reviews.map((r) => r.user?.login)).size).toBe(250);
    expect(reviews[0]).toMatchObject({ state: 'APPROVED', user: { type: 'User' } });
    expect(gh.count('GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews')).toBe(3);
    expect(gh.requests.map((r) => r.query.page)).toEqual([undefined, '2', '3']);
    expect(gh.violations).toEqual([]);
  });

  it('refuses a path missing from GitHub’s OpenAPI description and records it as a violation', async () => {
    const error: unknown = await octokit
      .request('GET /repos/{owner}/{repo}/not-a-real-endpoint', repo)
      .catch((e: unknown) => e);

    expect(statusOf(error)).toBe(404);
    expect(String(error)).toContain("not in GitHub's OpenAPI description");
    expect(gh.violations).toEqual([
      expect.objectContaining({
        kind: 'unknown-endpoint',
        method: 'GET',
        path: '/repos/acme/access/not-a-real-endpoint',
      }),
    ]);
  });

  it('records a body that breaks the operation’s schema as a violation and answers 422', async () => {
    const sha = gh.state.branch('main') as string;

    // A plain string route: Octokit's typings would not let these mistakes compile.
    const route: string = `POST /repos/{owner}/{repo}/statuses/${sha}`;
    const missing: unknown = await octokit
      .request(route, { ...repo, context: 'grant-gate' })
      .catch((e: unknown) => e);
    const outOfEnum: unknown = await octokit
      .request(route, { ...repo, state: 'green' })
      .catch((e: unknown) => e);

    expect(statusOf(missing)).toBe(422);
    expect(statusOf(outOfEnum)).toBe(422);
    expect(gh.violations.map((v) => [v.kind, v.message])).toEqual([
      ['invalid-request', expect.stringContaining('missing required body field "state"')],
      [
        'invalid-request',
        expect.stringContaining('"state" must be one of error, failure, pending, success'),
      ],
    ]);
    expect(gh.state.statusesOf(sha)).toEqual([]);
  });

  it('serves a file as base64 JSON, as raw text with the raw media type, and a directory as a listing', async () => {
    const json = await octokit.rest.repos.getContent({ ...repo, path: 'policies/prod.yaml' });
    const raw = await octokit.rest.repos.getContent({
      ...repo,
      path: 'policies/prod.yaml',
      mediaType: { format: 'raw' },
    });
    const rawJson = await octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      ...repo,
      path: 'policies/prod.yaml',
      headers: { accept: 'application/vnd.github.raw+json' },
    });
    const dir = await octokit.rest.repos.getContent({ ...repo, path: 'policies', ref: 'main' });
    const missing: unknown = await octokit.rest.repos
      .getContent({ ...repo, path: 'policies/nope.yaml' })
      .catch((e: unknown) => e);

    expect(json.data).toMatchObject({
      type: 'file',
      encoding: 'base64',
      path: 'policies/prod.yaml',
    });
    const content = (json.data as { content: string }).content;
    expect(Buffer.from(content, 'base64').toString('utf8')).toBe('team: sre\n');
    expect(raw.data).toBe('team: sre\n');
    expect(rawJson.data).toBe('team: sre\n');
    expect(dir.data).toEqual([expect.objectContaining({ type: 'file', name: 'prod.yaml' })]);
    expect(statusOf(missing)).toBe(404);
    expect(gh.violations).toEqual([]);
  });

  it('builds a branch with a commit through the git data API and opens one pull request from it', async () => {
    const { data: base } = await octokit.rest.git.getRef({ ...repo, ref: 'heads/main' });
    const { data: baseCommit } = await octokit.rest.git.getCommit({
      ...repo,
      commit_sha: base.object.sha,
    });
    const { data: blob } = await octokit.rest.git.createBlob({
      ...repo,
      content: Buffer.from('team: platform\n').toString('base64'),
      encoding: 'base64',
    });
    const { data: tree } = await octokit.rest.git.createTree({
      ...repo,
      base_tree: baseCommit.tree.sha,
      tree: [
        { path: 'policies/prod.yaml', mode: '100644', type: 'blob', sha: blob.sha },
        { path: 'README.md', mode: '100644', type: 'blob', sha: null },
        { path: 'grants/expired.md', mode: '100644', type: 'blob', content: 'pruned\n' },
      ],
    });
    const { data: commit } = await octokit.rest.git.createCommit({
      ...repo,
      message: 'Prune expired grants',
      tree: tree.sha,
      parents: [base.object.sha],
    });
    await octokit.rest.git.createRef({ ...repo, ref: 'refs/heads/prune', sha: commit.sha });
    const { data: pull } = await octokit.rest.pulls.create({
      ...repo,
      title: 'Prune expired grants',
      head: 'prune',
      base: 'main',
    });
    const duplicate: unknown = await octokit.rest.pulls
      .create({ ...repo, title: 'again', head: 'prune', base: 'main' })
      .catch((e: unknown) => e);
    const found = await octokit.rest.pulls.list({ ...repo, head: 'acme:prune', state: 'open' });
    const files = await octokit.paginate(octokit.rest.pulls.listFiles, {
      ...repo,
      pull_number: pull.number,
    });

    expect(pull).toMatchObject({
      state: 'open',
      head: { ref: 'prune', sha: commit.sha, repo: { full_name: 'acme/access' } },
      base: { ref: 'main', sha: base.object.sha },
      user: { login: 'github-actions[bot]', type: 'Bot' },
    });
    expect(statusOf(duplicate)).toBe(422);
    expect(found.data.map((p) => p.number)).toEqual([pull.number]);
    expect(files.map((f) => [f.filename, f.status])).toEqual([
      ['README.md', 'removed'],
      ['grants/expired.md', 'added'],
      ['policies/prod.yaml', 'modified'],
    ]);
    expect(gh.state.files('prune')).toEqual({
      'grants/expired.md': 'pruned\n',
      'policies/prod.yaml': 'team: platform\n',
    });
    expect(gh.violations).toEqual([]);
  });

  it('refuses a non-fast-forward ref update unless forced', async () => {
    const main = gh.state.branch('main') as string;
    const sideways = gh.state.commit({ files: { 'other.txt': 'x' }, message: 'unrelated root' });

    const refused: unknown = await octokit.rest.git
      .updateRef({ ...repo, ref: 'heads/main', sha: sideways })
      .catch((e: unknown) => e);
    await octokit.rest.git.updateRef({ ...repo, ref: 'heads/main', sha: sideways, force: true });

    expect(statusOf(refused)).toBe(422);
    expect(gh.state.branch('main')).toBe(sideways);
    expect(gh.state.branch('main')).not.toBe(main);
  });

  it('lists pull request files from the merge base, reporting an identical moved file as renamed', async () => {
    const main = gh.state.branch('main') as string;
    const head = gh.state.commit({
      base: main,
      files: { 'policies/prod.yaml': null, 'policies/production.yaml': 'team: sre\n' },
    });
    gh.state.setBranch('rename', head);
    const number = gh.state.openPull({ head: 'rename' });
    gh.state.setBranch('main', gh.state.commit({ base: main, files: { 'late.txt': 'on main' } }));

    const { data: files } = await octokit.rest.pulls.listFiles({ ...repo, pull_number: number });

    expect(files).toEqual([
      expect.objectContaining({
        filename: 'policies/production.yaml',
        status: 'renamed',
        previous_filename: 'policies/prod.yaml',
      }),
    ]);
  });

  it('rejects a commit status whose description exceeds 140 characters with 422', async () => {
    const sha = gh.state.branch('main') as string;

    const error: unknown = await octokit.rest.repos
      .createCommitStatus({
        ...repo,
        sha,
        state: 'failure',
        context: 'grant-gate',
        description: 'x'.repeat(141),
      })
      .catch((e: unknown) => e);
    await octokit.rest.repos.createCommitStatus({
      ...repo,
      sha,
      state: 'success',
      context: 'grant-gate',
      description: 'x'.repeat(140),
    });
    const { data: combined } = await octokit.rest.repos.getCombinedStatusForRef({
      ...repo,
      ref: 'main',
    });

    expect(statusOf(error)).toBe(422);
    expect(combined).toMatchObject({ state: 'success', total_count: 1, sha });
    expect(gh.state.statusesOf(sha)).toHaveLength(1);
    expect(gh.violations).toEqual([]);
  });

  it('answers an injected 500 once, then serves the same request normally', async () => {
    const number = seedPull();
    const fault = gh.fail({
      method: 'GET',
      path: '/repos/{owner}/{repo}/pulls/{pull_number}',
      status: 500,
    });

    const first: unknown = await octokit.rest.pulls
      .get({ ...repo, pull_number: number })
      .catch((e: unknown) => e);
    const second = await octokit.rest.pulls.get({ ...repo, pull_number: number });

    expect(statusOf(first)).toBe(500);
    expect(second.data).toMatchObject({
      number,
      user: { login: 'kim' },
      head: { ref: 'grant/kim' },
    });
    expect(fault).toMatchObject({ hits: 1, remaining: 0 });
    expect(gh.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it('performs a write under afterEffect although the client sees 502, so a retry finds the pull request', async () => {
    gh.state.setBranch(
      'prune',
      gh.state.commit({ base: gh.state.branch('main'), files: { 'a.txt': 'a' } }),
    );
    gh.fail({ method: 'POST', path: '/repos/acme/access/pulls', status: 502, afterEffect: true });

    const error: unknown = await octokit.rest.pulls
      .create({ ...repo, title: 'Prune', head: 'prune', base: 'main' })
      .catch((e: unknown) => e);
    const { data: open } = await octokit.rest.pulls.list({ ...repo, head: 'acme:prune' });

    expect(statusOf(error)).toBe(502);
    expect(open).toHaveLength(1);
    expect(open[0]).toMatchObject({ title: 'Prune', head: { ref: 'prune' } });
  });

  it('injects a team-members 403 with GitHub’s message and rate-limit headers', async () => {
    gh.state.setTeam('acme', 'sre', ['ana', 'bo']);
    gh.fail({
      path: '/orgs/{org}/teams/{team_slug}/members',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '1700000000' },
      body: { message: 'Resource not accessible by integration' },
    });

    const error = (await octokit.rest.teams
      .listMembersInOrg({ org: 'acme', team_slug: 'sre' })
      .catch((e: unknown) => e)) as {
      status: number;
      message: string;
      response: { headers: Record<string, string> };
    };
    const { data: members, headers } = await octokit.rest.teams.listMembersInOrg({
      org: 'acme',
      team_slug: 'sre',
    });

    expect(error.status).toBe(403);
    expect(error.message).toContain('Resource not accessible by integration');
    expect(error.response.headers['x-ratelimit-remaining']).toBe('0');
    expect(members.map((m) => m.login)).toEqual(['ana', 'bo']);
    expect(Number(headers['x-ratelimit-remaining'])).toBeGreaterThan(0);
  });

  it('truncates a response body on request, so the client receives unparseable JSON', async () => {
    gh.fail({ method: 'GET', path: '/repos/{owner}/{repo}', truncate: true });

    const { data } = await octokit.rest.repos.get(repo);

    // Octokit falls back to the raw text when JSON.parse fails.
    expect(typeof data).toBe('string');
    expect(() => JSON.parse(data as unknown as string)).toThrow();
  });

  it('answers 401 to a request that carries no authorization header', async () => {
    const anonymous = getOctokit('unused', {
      baseUrl: gh.url,
      request: {
        fetch: (url: string, init: RequestInit) => {
          const headers = new Headers(init.headers);
          headers.delete('authorization');
          return fetch(url, { ...init, headers });
        },
      },
    });

    const error: unknown = await anonymous.rest.repos.get(repo).catch((e: unknown) => e);

    expect(statusOf(error)).toBe(401);
  });
});
