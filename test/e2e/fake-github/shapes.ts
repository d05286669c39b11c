import type { GitCommit } from './git-store.js';
import type {
  CommentRecord,
  FakeGitHubState,
  IssueRecord,
  PullRecord,
  ReviewRecord,
  StatusRecord,
  TeamRecord,
} from './state.js';

/** What shaping needs: the state, and the fake's origin for API URLs in responses. */
export interface View {
  state: FakeGitHubState;
  origin: string;
}

/** Where GitHub's web pages live; `html_url` fields point there. */
export const WEB = 'https://github.com';

function nodeId(kind: string, id: number | string): string {
  return Buffer.from(`${kind}:${id}`).toString('base64').replace(/=+$/, '');
}

/** Base64 wrapped at 60 columns with a trailing newline, as GitHub sends file and blob content. */
export function wrappedBase64(content: Buffer): string {
  const lines = content.toString('base64').match(/.{1,60}/g) ?? [];
  return lines.map((line) => `${line}\n`).join('');
}

/** The repository's API URL. */
export function repoUrl(v: View): string {
  return `${v.origin}/repos/${v.state.fullName}`;
}

/** GitHub's simple-user object for a login. */
export function userJson(v: View, login: string): Record<string, unknown> {
  const user = v.state.user(login);
  return {
    login: user.login,
    id: user.id,
    node_id: nodeId(user.type, user.id),
    avatar_url: `https://avatars.githubusercontent.com/u/${user.id}?v=4`,
    gravatar_id: '',
    url: `${v.origin}/users/${encodeURIComponent(user.login)}`,
    html_url: `${WEB}/${user.login}`,
    type: user.type,
    user_view_type: 'public',
    site_admin: false,
  };
}

/** GitHub's repository object, for this repository or (by name only) a fork. */
export function repoJson(v: View, fullName = v.state.fullName): Record<string, unknown> {
  const [owner = '', name = ''] = fullName.split('/');
  const isSelf = fullName === v.state.fullName;
  return {
    id: isSelf ? 1296269 : 1296270,
    node_id: nodeId('Repository', fullName),
    name,
    full_name: fullName,
    owner: userJson(v, owner),
    private: false,
    visibility: 'public',
    fork: !isSelf,
    archived: false,
    disabled: false,
    html_url: `${WEB}/${fullName}`,
    url: `${v.origin}/repos/${fullName}`,
    default_branch: v.state.defaultBranch,
  };
}

/** GitHub's label object. */
export function labelJson(v: View, name: string): Record<string, unknown> {
  const label = v.state.label(name);
  return {
    id: label.id,
    node_id: nodeId('Label', label.id),
    url: `${repoUrl(v)}/labels/${encodeURIComponent(label.name)}`,
    name: label.name,
    color: label.color,
    default: false,
    description: label.description,
  };
}

/** GitHub's team object. */
export function teamJson(v: View, team: TeamRecord): Record<string, unknown> {
  return {
    id: team.id,
    node_id: nodeId('Team', team.id),
    url: `${v.origin}/organizations/1/team/${team.id}`,
    html_url: `${WEB}/orgs/${team.org}/teams/${team.slug}`,
    name: team.name,
    slug: team.slug,
    description: null,
    privacy: 'closed',
    notification_setting: 'notifications_enabled',
    permission: 'pull',
    members_url: `${v.origin}/organizations/1/team/${team.id}/members{/member}`,
    repositories_url: `${v.origin}/organizations/1/team/${team.id}/repos`,
    parent: null,
  };
}

/** The teams a pull request awaits a review from, as GitHub's team objects. */
export function requestedTeamsJson(v: View, pull: PullRecord): Record<string, unknown>[] {
  return pull.requestedTeams.flatMap((slug) => {
    const team = v.state.team(v.state.owner, slug);
    return team ? [teamJson(v, team)] : [];
  });
}

function pullBranch(v: View, repo: string, ref: string, sha: string): Record<string, unknown> {
  const owner = repo.split('/')[0] ?? '';
  return { label: `${owner}:${ref}`, ref, sha, user: userJson(v, owner), repo: repoJson(v, repo) };
}

/** GitHub's pull request object; `full` adds the fields only the single-pull endpoint returns. */
export function pullJson(
  v: View,
  issue: IssueRecord & { pull: PullRecord },
  full: boolean,
): Record<string, unknown> {
  const pull = issue.pull;
  const url = `${repoUrl(v)}/pulls/${issue.number}`;
  const html = `${WEB}/${v.state.fullName}/pull/${issue.number}`;
  const simple = {
    url,
    id: pull.id,
    node_id: nodeId('PullRequest', pull.id),
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl(v)}/issues/${issue.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    review_comment_url: `${repoUrl(v)}/pulls/comments{/number}`,
    comments_url: `${repoUrl(v)}/issues/${issue.number}/comments`,
    statuses_url: `${repoUrl(v)}/statuses/${pull.headSha}`,
    number: issue.number,
    state: issue.state,
    locked: false,
    title: issue.title,
    user: userJson(v, issue.user),
    body: issue.body,
    labels: issue.labels.map((name) => labelJson(v, name)),
    milestone: null,
    active_lock_reason: null,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    merged_at: pull.mergedAt,
    merge_commit_sha: pull.mergeCommitSha,
    assignee: issue.assignees[0] ? userJson(v, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => userJson(v, login)),
    requested_reviewers: pull.requestedReviewers.map((login) => userJson(v, login)),
    requested_teams: requestedTeamsJson(v, pull),
    head: pullBranch(v, pull.headRepo, pull.headRef, pull.headSha),
    base: pullBranch(v, v.state.fullName, pull.baseRef, pull.baseSha),
    _links: {
      self: { href: url },
      html: { href: html },
      issue: { href: `${repoUrl(v)}/issues/${issue.number}` },
      comments: { href: `${repoUrl(v)}/issues/${issue.number}/comments` },
      review_comments: { href: `${url}/comments` },
      commits: { href: `${url}/commits` },
      statuses: { href: `${repoUrl(v)}/statuses/${pull.headSha}` },
    },
    author_association: v.state.associationOf(issue.user),
    auto_merge: null,
    draft: pull.draft,
  };
  if (!full) return simple;
  return {
    ...simple,
    merged: pull.merged,
    mergeable: issue.state === 'open' ? true : null,
    rebaseable: issue.state === 'open' ? true : null,
    mergeable_state: issue.state === 'open' ? 'clean' : 'unknown',
    merged_by: pull.mergedBy ? userJson(v, pull.mergedBy) : null,
    comments: v.state.commentsOf(issue.number).length,
    review_comments: 0,
    maintainer_can_modify: pull.maintainerCanModify,
    commits: v.state.git.commitsBetween(pull.baseSha, pull.headSha).length,
  };
}

/** GitHub's issue object (pull requests carry `pull_request`). */
export function issueJson(v: View, issue: IssueRecord): Record<string, unknown> {
  const url = `${repoUrl(v)}/issues/${issue.number}`;
  const kind = issue.pull ? 'pull' : 'issues';
  return {
    url,
    repository_url: repoUrl(v),
    labels_url: `${url}/labels{/name}`,
    comments_url: `${url}/comments`,
    events_url: `${url}/events`,
    html_url: `${WEB}/${v.state.fullName}/${kind}/${issue.number}`,
    id: issue.id,
    node_id: nodeId(issue.pull ? 'PullRequest' : 'Issue', issue.id),
    number: issue.number,
    title: issue.title,
    user: userJson(v, issue.user),
    labels: issue.labels.map((name) => labelJson(v, name)),
    state: issue.state,
    state_reason: issue.stateReason,
    locked: false,
    assignee: issue.assignees[0] ? userJson(v, issue.assignees[0]) : null,
    assignees: issue.assignees.map((login) => userJson(v, login)),
    milestone: null,
    comments: v.state.commentsOf(issue.number).length,
    created_at: issue.createdAt,
    updated_at: issue.updatedAt,
    closed_at: issue.closedAt,
    author_association: v.state.associationOf(issue.user),
    active_lock_reason: null,
    body: issue.body,
    ...(issue.pull
      ? {
          draft: issue.pull.draft,
          pull_request: {
            url: `${repoUrl(v)}/pulls/${issue.number}`,
            html_url: `${WEB}/${v.state.fullName}/pull/${issue.number}`,
            diff_url: `${WEB}/${v.state.fullName}/pull/${issue.number}.diff`,
            patch_url: `${WEB}/${v.state.fullName}/pull/${issue.number}.patch`,
            merged_at: issue.pull.mergedAt,
          },
        }
      : {}),
  };
}

/** GitHub's issue comment object. */
export function commentJson(v: View, comment: CommentRecord): Record<string, unknown> {
  return {
    id: comment.id,
    node_id: nodeId('IssueComment', comment.id),
    url: `${repoUrl(v)}/issues/comments/${comment.id}`,
    html_url: `${WEB}/${v.state.fullName}/issues/${comment.issueNumber}#issuecomment-${comment.id}`,
    issue_url: `${repoUrl(v)}/issues/${comment.issueNumber}`,
    body: comment.body,
    user: userJson(v, comment.user),
    created_at: comment.createdAt,
    updated_at: comment.updatedAt,
    author_association: v.state.associationOf(comment.user),
  };
}

/** GitHub's pull request review object. */
export function reviewJson(v: View, number: number, review: ReviewRecord): Record<string, unknown> {
  const html = `${WEB}/${v.state.fullName}/pull/${number}#pullrequestreview-${review.id}`;
  return {
    id: review.id,
    node_id: nodeId('PullRequestReview', review.id),
    user: userJson(v, review.user),
    body: review.body,
    state: review.state,
    html_url: html,
    pull_request_url: `${repoUrl(v)}/pulls/${number}`,
    author_association: v.state.associationOf(review.user),
    _links: { html: { href: html }, pull_request: { href: `${repoUrl(v)}/pulls/${number}` } },
    submitted_at: review.submittedAt,
    commit_id: review.commitId,
  };
}

/** GitHub's commit status object. */
export function statusJson(v: View, status: StatusRecord): Record<string, unknown> {
  return {
    url: `${repoUrl(v)}/statuses/${status.sha}`,
    avatar_url: `https://avatars.githubusercontent.com/u/${v.state.user(status.creator).id}?v=4`,
    id: status.id,
    node_id: nodeId('StatusContext', status.id),
    state: status.state,
    description: status.description,
    target_url: status.targetUrl,
    context: status.context,
    created_at: status.createdAt,
    updated_at: status.createdAt,
    creator: userJson(v, status.creator),
  };
}

/** GitHub's git commit object (the `/git/commits` shape). */
export function gitCommitJson(v: View, commit: GitCommit): Record<string, unknown> {
  return {
    sha: commit.sha,
    node_id: nodeId('Commit', commit.sha),
    url: `${repoUrl(v)}/git/commits/${commit.sha}`,
    html_url: `${WEB}/${v.state.fullName}/commit/${commit.sha}`,
    author: commit.author,
    committer: commit.committer,
    message: commit.message,
    tree: { sha: commit.tree, url: `${repoUrl(v)}/git/trees/${commit.tree}` },
    parents: commit.parents.map((sha) => ({
      sha,
      url: `${repoUrl(v)}/git/commits/${sha}`,
      html_url: `${WEB}/${v.state.fullName}/commit/${sha}`,
    })),
    verification: {
      verified: false,
      reason: 'unsigned',
      signature: null,
      payload: null,
      verified_at: null,
    },
  };
}

/** GitHub's commit object (the `/commits` and `/pulls/{n}/commits` shape), with linked accounts. */
export function commitJson(v: View, commit: GitCommit): Record<string, unknown> {
  const git = gitCommitJson(v, commit);
  return {
    sha: commit.sha,
    node_id: git.node_id,
    commit: {
      author: commit.author,
      committer: commit.committer,
      message: commit.message,
      tree: git.tree,
      url: git.url,
      comment_count: 0,
      verification: git.verification,
    },
    url: `${repoUrl(v)}/commits/${commit.sha}`,
    html_url: git.html_url,
    comments_url: `${repoUrl(v)}/commits/${commit.sha}/comments`,
    author: commit.authorLogin ? userJson(v, commit.authorLogin) : null,
    committer: commit.committerLogin ? userJson(v, commit.committerLogin) : null,
    parents: git.parents,
  };
}
