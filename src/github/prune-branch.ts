// One branch and one pull request for the prune job, updated in place rather than duplicated
// (the create-pull-request pattern): the branch is rebuilt as one commit on the default
// branch's head whenever its content should change.
import type { GitHub, Repo } from './client.js';

export interface BranchCommit {
  /** the commit the branch should sit on */
  parent: string;
  message: string;
  files: Array<{ path: string; content: string }>;
}

/** Points `branch` at one commit holding `files` on top of `parent`, unless it already does; returns whether it wrote. */
export async function putBranchCommit(gh: GitHub, repo: Repo, branch: string, want: BranchCommit): Promise<boolean> {
  const current = await refSha(gh, repo, branch);
  if (current) {
    const { data } = await gh.rest.git.getCommit({ ...repo, commit_sha: current });
    // The commit message records what it removes, so an unchanged plan is recognised without writing.
    if (data.parents.length === 1 && data.parents[0]!.sha === want.parent && data.message === want.message) return false;
  }
  const { data: parent } = await gh.rest.git.getCommit({ ...repo, commit_sha: want.parent });
  const { data: tree } = await gh.rest.git.createTree({
    ...repo,
    base_tree: parent.tree.sha,
    tree: want.files.map((f) => ({ path: f.path, mode: '100644' as const, type: 'blob' as const, content: f.content })),
  });
  const { data: commit } = await gh.rest.git.createCommit({ ...repo, message: want.message, tree: tree.sha, parents: [want.parent] });
  if (current) await gh.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
  else await gh.rest.git.createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha });
  return true;
}

/** The commit a branch points at, or undefined when it does not exist. */
export async function refSha(gh: GitHub, repo: Repo, branch: string): Promise<string | undefined> {
  try {
    const { data } = await gh.rest.git.getRef({ ...repo, ref: `heads/${branch}` });
    return data.object.sha;
  } catch (e) {
    if ((e as { status?: number }).status === 404) return undefined;
    throw e;
  }
}

export interface OpenPull {
  number: number;
  title: string;
  body: string;
  labels: string[];
  url: string;
}

/** The open pull request from `branch` into `base`, if any. */
export async function findOpenPull(gh: GitHub, repo: Repo, branch: string, base: string): Promise<OpenPull | undefined> {
  const { data } = await gh.rest.pulls.list({ ...repo, state: 'open', head: `${repo.owner}:${branch}`, base, per_page: 10 });
  const pr = data[0];
  return pr && { number: pr.number, title: pr.title, body: pr.body ?? '', labels: pr.labels.map((l) => l.name), url: pr.html_url };
}

/** Opens the pull request, or updates the open one when its title or body differ; returns it. */
export async function upsertPull(gh: GitHub, repo: Repo, branch: string, base: string, title: string, body: string, label: string): Promise<OpenPull> {
  let pr = await findOpenPull(gh, repo, branch, base);
  if (!pr) {
    try {
      const { data } = await gh.rest.pulls.create({ ...repo, head: branch, base, title, body });
      pr = { number: data.number, title, body, labels: [], url: data.html_url };
    } catch (e) {
      // A create that failed on our side may have succeeded on GitHub's: look again before failing.
      pr = await findOpenPull(gh, repo, branch, base);
      if (!pr) throw e;
    }
  }
  if (pr.title !== title || pr.body !== body) {
    await gh.rest.pulls.update({ ...repo, pull_number: pr.number, title, body });
  }
  if (!pr.labels.includes(label)) await gh.rest.issues.addLabels({ ...repo, issue_number: pr.number, labels: [label] });
  return pr;
}

/** Closes the open pull request from `branch`, with a comment saying why; returns its number. */
export async function closePull(gh: GitHub, repo: Repo, branch: string, base: string, reason: string): Promise<number | undefined> {
  const pr = await findOpenPull(gh, repo, branch, base);
  if (!pr) return undefined;
  await gh.rest.issues.createComment({ ...repo, issue_number: pr.number, body: reason });
  await gh.rest.pulls.update({ ...repo, pull_number: pr.number, state: 'closed' });
  return pr.number;
}
