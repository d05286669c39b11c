// Shared setup of the gate end-to-end tests: a repository with a policy and grants on the fake
// GitHub, a pull request asking for access, and one run of the built action against it.
import { rmSync } from 'node:fs';
import type { TestContext } from 'vitest';
import {
  startFakeGitHub,
  type FakeGitHub,
  type RecordedRequest,
  type ReviewRecord,
} from './fake-github/index.js';
import { runAction, type ActionRun } from './run-action.js';
import { checkoutWorkspace } from './workspace.js';
import { EXISTING, grantsFile, NOW, POLICY, POLICY_PATH } from './gate-fixtures.js';

export * from './gate-fixtures.js';

/** Per test: writes are spaced ~1 s apart and a lasting 500 is retried for 14 s, on a busy machine. */
export const TEST_TIMEOUT = 60_000;

export interface Request {
  gh: FakeGitHub;
  number: number;
  /** head branch of the pull request */
  branch: string;
}

export interface RequestOptions {
  /** files of the base commit besides the policy and grants/ops.yaml, or replacing them (null removes) */
  base?: Record<string, string | null>;
  /** files the pull request changes (null deletes) */
  changes: Record<string, string | null>;
  author?: string;
  /** base branch; created from the default branch when it is not `main` */
  baseBranch?: string;
}

/**
 * Starts a fake GitHub with the policy, its teams and the base files, and opens a pull request.
 * When the test ends the fake stops, and the test fails if any request broke GitHub's API
 * description. Tests run concurrently, so each owns its fake.
 */
export async function openRequest(test: TestContext, options: RequestOptions): Promise<Request> {
  const base = { [POLICY_PATH]: POLICY, 'grants/ops.yaml': grantsFile(EXISTING), ...options.base };
  const files = Object.entries(base).filter((e): e is [string, string] => e[1] !== null);
  const gh = await startFakeGitHub({ files: Object.fromEntries(files) });
  const { state } = gh;
  state.setTeam('acme', 'prod-owners', ['erin', 'frank']);
  state.setTeam('acme', 'security', ['sam']);
  state.setTeam('acme', 'security-leads', ['lee']);
  state.setTeam('acme', 'oncall', ['olga']);
  const baseBranch = options.baseBranch ?? 'main';
  if (baseBranch !== 'main') state.setBranch(baseBranch, state.branch('main')!);
  const author = options.author ?? 'kim';
  const branch = 'access/kim';
  state.setBranch(
    branch,
    state.commit({
      base: state.branch(baseBranch)!,
      files: options.changes,
      author: { login: author },
    }),
  );
  const number = state.openPull({
    head: branch,
    base: baseBranch,
    user: author,
    title: 'Access for kim',
  });
  test.onTestFinished(async () => {
    await gh.close();
    test.expect(gh.violations).toEqual([]);
  });
  return { gh, number, branch };
}

/** The runner's workspace checked out at `sha` of the request's repository, removed when the test ends. */
export function workspaceAt(test: TestContext, request: Request, sha: string): string {
  const dir = checkoutWorkspace(request.gh.state, sha);
  test.onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Pushes a commit with these changes onto the request's branch; returns its sha. */
export function pushTo(
  request: Request,
  changes: Record<string, string | null>,
  author = 'kim',
): string {
  const { state } = request.gh;
  const sha = state.commit({
    base: state.branch(request.branch)!,
    files: changes,
    author: { login: author },
  });
  state.setBranch(request.branch, sha);
  return sha;
}

/** The head commit of the pull request as the fake holds it now. */
export function headOf(request: Request): string {
  return request.gh.state.pull(request.number).pull.headSha;
}

/** The payload GitHub sends for a pull request event, as it was when the event fired. */
export function pullEvent(
  request: Request,
  action: string,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  const { state } = request.gh;
  const issue = state.pull(request.number);
  return {
    action,
    number: request.number,
    pull_request: {
      number: request.number,
      state: issue.state,
      user: { login: issue.user },
      head: { ref: issue.pull.headRef, sha: issue.pull.headSha },
      base: {
        ref: issue.pull.baseRef,
        sha: issue.pull.baseSha,
        repo: { full_name: state.fullName, default_branch: state.defaultBranch },
      },
    },
    repository: {
      full_name: state.fullName,
      name: state.repo,
      owner: { login: state.owner },
      default_branch: state.defaultBranch,
    },
    ...extra,
  };
}

/** The payload of a pull_request_review event for a review of the fake. */
export function reviewEvent(
  request: Request,
  review: ReviewRecord,
  action = 'submitted',
): Record<string, unknown> {
  return pullEvent(request, action, {
    review: {
      id: review.id,
      user: { login: review.user },
      state: review.state.toLowerCase(),
      commit_id: review.commitId,
      submitted_at: review.submittedAt,
    },
  });
}

export interface GateRun extends ActionRun {
  /** the requests this run made, in order */
  requests: RecordedRequest[];
  /** `METHOD /template` of each write this run made, in order */
  writes: string[];
}

export interface GateOptions {
  eventName?: string;
  action?: string;
  event?: Record<string, unknown>;
  inputs?: Record<string, string>;
  workspace?: string;
  /** GITHUB_API_URL when the fake is reached another way than its own origin */
  apiUrl?: string;
  /** more of the runner's environment */
  env?: Record<string, string>;
}

/** Runs the built action once in mode gate on the request's pull request event. */
export async function gate(request: Request, options: GateOptions = {}): Promise<GateRun> {
  const { gh } = request;
  const from = gh.requests.length;
  const run = await runAction({
    apiUrl: options.apiUrl ?? gh.url,
    eventName: options.eventName ?? 'pull_request',
    event: options.event ?? pullEvent(request, options.action ?? 'synchronize'),
    inputs: { now: NOW, ...options.inputs },
    ...(options.workspace ? { workspace: options.workspace } : {}),
    ...(options.env ? { env: options.env } : {}),
  });
  const requests = gh.requests.slice(from);
  const writes = requests
    .filter((r) => r.method !== 'GET' && r.method !== 'HEAD')
    .map((r) => r.operation ?? `${r.method} ${r.path}`);
  return { ...run, requests, writes };
}

/** The error annotations a run printed for `file` at `line`. */
export function errorsAt(run: ActionRun, file: string, line: number): string[] {
  return run.annotations.filter(
    (a) => a.startsWith('::error ') && a.includes(`file=${file},line=${line}::`),
  );
}

/** The newest status of `context` on a commit, as branch protection sees it. */
export function latestStatus(request: Request, sha: string, context = 'grant-gate') {
  return request.gh.state.statusesOf(sha).find((s) => s.context === context);
}

/** The state of every status the head got under any context, oldest first. */
export function statesOfHead(request: Request): string[] {
  return request.gh.state
    .statusesOf(headOf(request))
    .map((s) => s.state)
    .reverse();
}

/** The pull request's labels that the gate manages. */
export function accessLabels(request: Request): string[] {
  return request.gh.state
    .issue(request.number)
    .labels.filter((l) => l.startsWith('access:'))
    .sort();
}

/** Who made a commit pushed with `pushCommit`, and what it sits on. */
export interface CommitOptions {
  /** GitHub login of the commit's author; default kim */
  author?: string;
  /** GitHub login of its committer; default the author */
  committer?: string;
  /**
   * Parent of the new commit; default the head, a plain push. Another commit (such as the base)
   * makes this a force-push that rewrites the branch's history.
   */
  onto?: string;
  message?: string;
}

/** Pushes one commit with these changes onto the request's branch, as `CommitOptions` says; returns its sha. */
export function pushCommit(
  request: Request,
  changes: Record<string, string | null>,
  options: CommitOptions = {},
): string {
  const { state } = request.gh;
  const author = options.author ?? 'kim';
  const sha = state.commit({
    base: options.onto ?? state.branch(request.branch)!,
    files: changes,
    author: { login: author },
    committer: { login: options.committer ?? author },
    ...(options.message === undefined ? {} : { message: options.message }),
  });
  state.setBranch(request.branch, sha);
  return sha;
}

/** The blob sha of `path` at commit `sha`, as `GET …/git/blobs/{file_sha}` names it. */
export function blobAt(request: Request, path: string, sha: string): string {
  const { git } = request.gh.state;
  const entry = git.lookup(git.commits.get(sha)?.tree ?? '', path);
  if (entry?.type !== 'blob') throw new Error(`no file ${path} at ${sha}`);
  return entry.sha;
}

/**
 * Opens a second pull request from the request's head branch into `baseBranch` (which must
 * exist): the same head SHA, judged against another base.
 */
export function openRequestInto(request: Request, baseBranch: string): Request {
  const { state } = request.gh;
  const issue = state.pull(request.number);
  const number = state.openPull({
    head: request.branch,
    base: baseBranch,
    user: issue.user,
    title: `${issue.title} (${baseBranch})`,
  });
  return { gh: request.gh, number, branch: request.branch };
}

/** The states of every status of `context` on commit `sha`, oldest first. */
export function statesOf(request: Request, sha: string, context = 'grant-gate'): string[] {
  return request.gh.state
    .statusesOf(sha)
    .filter((s) => s.context === context)
    .map((s) => s.state)
    .reverse();
}
