// One branch and one pull request for the prune job, updated in place rather than duplicated
// (the create-pull-request pattern): the branch is rebuilt as one commit on the default
// branch's head whenever its content should change. The branch belongs to the job: commits
// pushed onto it by hand are replaced on the next rebuild.
import { httpStatus, type GitHub, type Repo } from './client.js';
import { createOnce } from './create-once.js';

/** A branch's tip commit, as much of it as the job needs. */
export interface BranchTip {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
}

export interface BranchCommit {
  /** the commit the branch should sit on */
  parent: BranchTip;
  message: string;
  files: Array<{ path: string; content: string }>;
}

/** The tip of `branch`, or undefined when it does not exist; one request gives the commit, its tree and parents. */
export async function branchTip(
  gh: GitHub,
  repo: Repo,
  branch: string,
): Promise<BranchTip | undefined> {
  try {
    const { data } = await gh.rest.repos.getBranch({ ...repo, branch });
    const c = data.commit;
    return {
      sha: c.sha,
      tree: c.commit.tree.sha,
      parents: c.parents.map((p) => p.sha),
      message: c.commit.message,
    };
  } catch (e) {
    if (httpStatus(e) === 404) return undefined;
    throw e;
  }
}

/** Points `branch` (now at `current`) at one commit holding `files` on top of the parent, unless it already does; returns whether it wrote. */
export async function putBranchCommit(
  gh: GitHub,
  repo: Repo,
  branch: string,
  current: BranchTip | undefined,
  want: BranchCommit,
): Promise<boolean> {
  // The message lists what the commit removes and the cut is deterministic, so the same parent and
  // message mean the same content: an unchanged plan is recognised without writing anything.
  if (
    current &&
    current.parents.length === 1 &&
    current.parents[0] === want.parent.sha &&
    current.message.trimEnd() === want.message.trimEnd()
  )
    return false;
  const { data: tree } = await gh.rest.git.createTree({
    ...repo,
    base_tree: want.parent.tree,
    tree: want.files.map((f) => ({
      path: f.path,
      mode: '100644' as const,
      type: 'blob' as const,
      content: f.content,
    })),
  });
  const { data: commit } = await gh.rest.git.createCommit({
    ...repo,
    message: want.message,
    tree: tree.sha,
    parents: [want.parent.sha],
  });
  const update = () =>
    gh.rest.git.updateRef({ ...repo, ref: `heads/${branch}`, sha: commit.sha, force: true });
  if (current) await update();
  else {
    await gh.rest.git
      .createRef({ ...repo, ref: `refs/heads/${branch}`, sha: commit.sha })
      .catch(async (e: { status?: number }) => {
        // 422: the ref exists after all (a create whose answer was lost and was retried, or a concurrent run).
        if (e.status !== 422) throw e;
        await update();
      });
  }
  return true;
}

export interface OpenPull {
  number: number;
  title: string;
  body: string;
  labels: string[];
  url: string;
}

/** The open pull request from `branch` into `base`, if any. */
export async function findOpenPull(
  gh: GitHub,
  repo: Repo,
  branch: string,
  base: string,
): Promise<OpenPull | undefined> {
  const { data } = await gh.rest.pulls.list({
    ...repo,
    state: 'open',
    head: `${repo.owner}:${branch}`,
    base,
    per_page: 10,
  });
  const pr = data[0];
  return (
    pr && {
      number: pr.number,
      title: pr.title,
      body: pr.body ?? '',
      labels: pr.labels.map((l) => l.name),
      url: pr.html_url,
    }
  );
}

export interface PullText {
  title: string;
  body: string;
  label: string;
}

/** Opens the pull request, or updates the open one where its title, body or label differ; returns it. */
export async function upsertPull(
  gh: GitHub,
  repo: Repo,
  branch: string,
  base: string,
  text: PullText,
): Promise<OpenPull> {
  const found = await findOpenPull(gh, repo, branch, base);
  const pr =
    found ??
    (await createOnce(
      async () => {
        const { data } = await gh.rest.pulls.create({
          ...repo,
          head: branch,
          base,
          title: text.title,
          body: text.body,
          request: { retries: 0 },
        });
        return {
          number: data.number,
          title: text.title,
          body: text.body,
          labels: [],
          url: data.html_url,
        };
      },
      () => findOpenPull(gh, repo, branch, base),
    ));
  if (pr.title !== text.title || pr.body !== text.body) {
    await gh.rest.pulls.update({
      ...repo,
      pull_number: pr.number,
      title: text.title,
      body: text.body,
    });
  }
  if (!pr.labels.includes(text.label))
    await gh.rest.issues.addLabels({ ...repo, issue_number: pr.number, labels: [text.label] });
  return pr;
}

/** Closes the open pull request from `branch`, with a comment saying why (once, found again by `marker`); returns its number. */
export async function closePull(
  gh: GitHub,
  repo: Repo,
  branch: string,
  base: string,
  marker: string,
  reason: string,
): Promise<number | undefined> {
  const pr = await findOpenPull(gh, repo, branch, base);
  if (!pr) return undefined;
  const commented = async () => {
    const comments = await gh.paginate(gh.rest.issues.listComments, {
      ...repo,
      issue_number: pr.number,
      per_page: 100,
    });
    return comments.some((c) => c.body?.includes(marker)) || undefined;
  };
  // A run stopped between the comment and the close comments once, not again.
  if (!(await commented())) {
    await createOnce(
      () =>
        gh.rest.issues
          .createComment({
            ...repo,
            issue_number: pr.number,
            body: `${marker}\n${reason}`,
            request: { retries: 0 },
          })
          .then(() => true),
      commented,
    );
  }
  await gh.rest.pulls.update({ ...repo, pull_number: pr.number, state: 'closed' });
  return pr.number;
}
