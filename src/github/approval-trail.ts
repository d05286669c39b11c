// Finds the review that approved an emergency grant: the commit that added the grant as it
// stands, the merged pull request of that commit, and the APPROVED reviews on its final head.
import { approvingReviews, type ApprovalTrail } from '../core/emergency-review.js';
import { parseGrantsFile, type GrantRecord } from '../core/grants-file.js';
import type { GitHub, Repo } from './client.js';
import { readFileAt } from './contents.js';

/** Commits of the grant's file examined at most: the search stays cheap on a busy file. */
export const MAX_COMMITS_EXAMINED = 10;

/** The approval trail of `grant` as it stands at `head` of `branch`. */
export async function findApprovalTrail(
  gh: GitHub,
  repo: Repo,
  grant: GrantRecord,
  head: string,
  branch: string,
): Promise<ApprovalTrail> {
  const commit = await commitThatAdded(gh, repo, grant, head);
  if (typeof commit !== 'string') return { found: false, pull: undefined, missing: commit.missing };
  const { data: pulls } = await gh.rest.repos.listPullRequestsAssociatedWithCommit({
    ...repo,
    commit_sha: commit,
    per_page: 100,
  });
  const merged = pulls.find((p) => p.merged_at && p.base.ref === branch);
  if (!merged) {
    const missing = `commit ${commit} added it, and no merged pull request into ${branch} holds that commit: it was pushed without one`;
    return { found: false, pull: undefined, missing };
  }
  const pull = {
    number: merged.number,
    url: merged.html_url,
    headSha: merged.head.sha,
    mergedAt: merged.merged_at ?? undefined,
  };
  const reviews = await gh.paginate(gh.rest.pulls.listReviews, {
    ...repo,
    pull_number: merged.number,
    per_page: 100,
  });
  const approving = approvingReviews(reviews, pull.headSha);
  if (approving.length === 0) {
    const missing = `pull request #${pull.number} added it in commit ${commit} and was merged without an approving review on its final head ${pull.headSha}`;
    return { found: false, pull, missing };
  }
  return { found: true, commit, pull, reviews: approving };
}

/** The newest commit after which the grant reads as it does now, or why none was found. */
async function commitThatAdded(
  gh: GitHub,
  repo: Repo,
  grant: GrantRecord,
  head: string,
): Promise<string | { missing: string }> {
  const { data: commits } = await gh.rest.repos.listCommits({
    ...repo,
    sha: head,
    path: grant.file,
    per_page: MAX_COMMITS_EXAMINED,
  });
  const current = canonical(grant.value);
  for (const c of commits) {
    const parent = c.parents[0]?.sha;
    const before =
      parent === undefined ? undefined : await readFileAt(gh, repo, grant.file, parent);
    const earlier =
      before === undefined
        ? undefined
        : parseGrantsFile(grant.file, before, []).grants.find((g) => g.id === grant.id);
    // Commits that left the grant as it was (other grants changed) are passed over.
    if (!earlier || canonical(earlier.value) !== current) return c.sha;
  }
  return {
    missing: `none of the last ${commits.length} commit(s) that changed ${grant.file} added the grant as it stands`,
  };
}

/** A grant's fields in a form that ignores key order and formatting. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) =>
      a < b ? -1 : 1,
    );
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
