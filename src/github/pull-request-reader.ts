// Reads what the gate needs of a pull request, fresh from the API (an event payload may be stale).
import type { PullCommit, Review } from '../core/pull-request.js';
import type { GitHub, Repo } from './client.js';

export interface PullRequestInfo {
  number: number;
  state: string;
  author: string;
  headSha: string;
  baseSha: string;
  baseRef: string;
  defaultBranch: string | undefined;
  labels: string[];
  requestedReviewers: string[];
  requestedTeams: string[];
  /** how many commits the pull request has, by GitHub's count (its commit list stops at 250) */
  commitCount: number;
}

export interface ChangedFile {
  filename: string;
  status: string;
  previousFilename: string | undefined;
  /** blob SHA of the head version (absent for removed files) */
  sha: string | undefined;
}

/** GitHub lists at most this many files of a pull request; a list this long may be cut short. */
export const MAX_LISTED_FILES = 3000;

/** GitHub lists at most this many commits of a pull request, however many it has. */
export const MAX_LISTED_COMMITS = 250;

/** The pull request as it is now. */
export async function readPullRequest(
  gh: GitHub,
  repo: Repo,
  number: number,
): Promise<PullRequestInfo> {
  const { data } = await gh.rest.pulls.get({ ...repo, pull_number: number });
  return {
    number: data.number,
    state: data.state,
    author: data.user?.login ?? '',
    headSha: data.head.sha,
    baseSha: data.base.sha,
    baseRef: data.base.ref,
    defaultBranch: data.base.repo?.default_branch,
    labels: data.labels.map((l) => l.name),
    requestedReviewers: (data.requested_reviewers ?? []).map((u) => u.login),
    requestedTeams: (data.requested_teams ?? []).map((t) => t.slug),
    commitCount: data.commits,
  };
}

/** Every file the pull request changes; throws when GitHub's list may be incomplete. */
export async function readChangedFiles(
  gh: GitHub,
  repo: Repo,
  number: number,
): Promise<ChangedFile[]> {
  const files = await gh.paginate(gh.rest.pulls.listFiles, {
    ...repo,
    pull_number: number,
    per_page: 100,
  });
  if (files.length >= MAX_LISTED_FILES) {
    throw new Error(
      `the pull request changes ${MAX_LISTED_FILES} or more files, more than GitHub lists; split it`,
    );
  }
  return files.map((f) => ({
    filename: f.filename,
    status: f.status,
    previousFilename: f.previous_filename,
    sha: f.status === 'removed' ? undefined : (f.sha ?? undefined),
  }));
}

/** All reviews of the pull request. */
export async function readReviews(gh: GitHub, repo: Repo, number: number): Promise<Review[]> {
  const reviews = await gh.paginate(gh.rest.pulls.listReviews, {
    ...repo,
    pull_number: number,
    per_page: 100,
  });
  return reviews.map((r) => ({
    id: r.id,
    user: r.user ? { login: r.user.login, type: r.user.type } : null,
    state: r.state,
    commit_id: r.commit_id,
    submitted_at: r.submitted_at ?? null,
  }));
}

/**
 * All commits of the pull request, with their GitHub authors and committers. Throws when GitHub's
 * list stops short of the `count` commits the pull request has (it lists 250 at most): an author
 * missing from the list could otherwise approve.
 */
export async function readCommits(
  gh: GitHub,
  repo: Repo,
  number: number,
  count?: number,
): Promise<PullCommit[]> {
  const commits = await gh.paginate(gh.rest.pulls.listCommits, {
    ...repo,
    pull_number: number,
    per_page: 100,
  });
  if (commits.length >= MAX_LISTED_COMMITS && (count === undefined || count > commits.length)) {
    // The fix comes first: the commit status shows only the first 139 characters.
    throw new Error(
      `squash or split this pull request: it has ${count ?? 'over ' + commits.length} commits, GitHub lists only ${MAX_LISTED_COMMITS}, and every commit author must be known`,
    );
  }
  return commits.map((c) => ({
    sha: c.sha,
    author: c.author ? { login: c.author.login } : null,
    committer: c.committer ? { login: c.committer.login } : null,
  }));
}
