import { GitStore, type FileMap, type GitPerson } from './git-store.js';
import { unprocessable } from './reply.js';

/** A GitHub account as the fake knows it. */
export interface UserRecord {
  login: string;
  id: number;
  type: 'User' | 'Bot' | 'Organization';
  /** Overrides the computed `author_association` (MEMBER when in any team, else NONE). */
  association: string | undefined;
}

/** A repository label. */
export interface LabelRecord {
  id: number;
  name: string;
  color: string;
  description: string | null;
}

/** A submitted pull request review. */
export interface ReviewRecord {
  id: number;
  user: string;
  state: 'APPROVED' | 'CHANGES_REQUESTED' | 'COMMENTED' | 'DISMISSED' | 'PENDING';
  body: string;
  commitId: string;
  submittedAt: string;
}

/** The pull-request half of an issue. */
export interface PullRecord {
  id: number;
  headRef: string;
  /** `owner/name` of the head repository; differs from the base repository for forks. */
  headRepo: string;
  /** Last known head commit; follows pushes to the head branch while the pull request is open. */
  headSha: string;
  baseRef: string;
  /** Last known base commit; follows pushes to the base branch. */
  baseSha: string;
  draft: boolean;
  merged: boolean;
  mergedAt: string | null;
  mergedBy: string | null;
  mergeCommitSha: string | null;
  maintainerCanModify: boolean;
  requestedReviewers: string[];
  requestedTeams: string[];
  reviews: ReviewRecord[];
}

/** An issue; pull requests are issues with `pull` set, sharing one number space as on GitHub. */
export interface IssueRecord {
  number: number;
  id: number;
  title: string;
  body: string | null;
  state: 'open' | 'closed';
  stateReason: string | null;
  user: string;
  labels: string[];
  assignees: string[];
  createdAt: string;
  updatedAt: string;
  closedAt: string | null;
  pull: PullRecord | undefined;
}

/** An issue (or pull request) comment. */
export interface CommentRecord {
  id: number;
  issueNumber: number;
  user: string;
  body: string;
  createdAt: string;
  updatedAt: string;
}

/** A commit status. */
export interface StatusRecord {
  id: number;
  sha: string;
  state: 'error' | 'failure' | 'pending' | 'success';
  context: string;
  description: string | null;
  targetUrl: string | null;
  creator: string;
  createdAt: string;
}

/** An organisation team and its members' roles. */
export interface TeamRecord {
  id: number;
  org: string;
  slug: string;
  name: string;
  members: Map<string, 'member' | 'maintainer'>;
}

/** Who wrote or committed a commit made with `state.commit`; `login` links it to an account. */
export interface PersonSpec {
  name?: string;
  email?: string;
  login?: string;
  date?: string;
}

/** A commit to build with `state.commit`. */
export interface CommitSpec {
  /** Path → content. Without `base` this is the whole snapshot; with it, changes (`null` deletes). */
  files: Record<string, string | Buffer | null>;
  /** Commit whose files are kept unless changed; also the default single parent. */
  base?: string;
  parents?: string[];
  message?: string;
  author?: PersonSpec;
  committer?: PersonSpec;
}

/** A pull request to seed with `state.openPull`. */
export interface PullSpec {
  /** Head branch name (in this repository unless `headRepo` names a fork). */
  head: string;
  /** Base branch; defaults to the default branch. */
  base?: string;
  user?: string;
  title?: string;
  body?: string;
  draft?: boolean;
  labels?: string[];
  /** `owner/name` of a fork; then `headSha` is required and must be a commit of this store. */
  headRepo?: string;
  headSha?: string;
  requestedReviewers?: string[];
  requestedTeams?: string[];
}

/** A review to seed with `state.addReview`. */
export interface ReviewSpec {
  user: string;
  state: ReviewRecord['state'];
  /** Reviewed commit; defaults to the current head. */
  commitId?: string;
  body?: string;
  submittedAt?: string;
}

/** Options of `startFakeGitHub`: the one repository the fake serves. */
export interface FakeGitHubOptions {
  owner?: string;
  repo?: string;
  defaultBranch?: string;
  /** Files of the first commit on the default branch. */
  files?: Record<string, string>;
  /** Account behind the token: authors of comments, statuses, pull requests made through the API. */
  actor?: string;
}

/** GitHub's timestamp format: ISO 8601 in UTC without milliseconds. */
export function isoNow(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Everything the fake GitHub knows; tests seed it and inspect what the action changed. */
export class FakeGitHubState {
  readonly owner: string;
  readonly repo: string;
  readonly defaultBranch: string;
  readonly actor: string;
  readonly git = new GitStore();
  readonly users = new Map<string, UserRecord>();
  readonly issues = new Map<number, IssueRecord>();
  readonly comments = new Map<number, CommentRecord>();
  readonly labels = new Map<string, LabelRecord>();
  readonly statuses: StatusRecord[] = [];
  readonly teams = new Map<string, TeamRecord>();
  private lastId = 1000;
  private lastNumber = 0;

  constructor(options: FakeGitHubOptions = {}) {
    this.owner = options.owner ?? 'acme';
    this.repo = options.repo ?? 'access';
    this.defaultBranch = options.defaultBranch ?? 'main';
    this.actor = options.actor ?? 'github-actions[bot]';
    this.setUser(this.owner, { type: 'Organization' });
    const first = this.commit({ files: options.files ?? {}, message: 'Initial commit' });
    this.setBranch(this.defaultBranch, first);
  }

  /** `owner/repo`. */
  get fullName(): string {
    return `${this.owner}/${this.repo}`;
  }

  /** A fresh id, unique across every kind of object. */
  nextId(): number {
    return ++this.lastId;
  }

  /** The account for a login, created on first use (`…[bot]` logins are bots). */
  user(login: string): UserRecord {
    const known = this.users.get(login.toLowerCase());
    if (known) return known;
    return this.setUser(login, {});
  }

  /** Declares an account's type or author association. */
  setUser(login: string, options: { type?: UserRecord['type']; association?: string }): UserRecord {
    const existing = this.users.get(login.toLowerCase());
    const record: UserRecord = {
      login,
      id: existing?.id ?? this.nextId(),
      type: options.type ?? existing?.type ?? (login.endsWith('[bot]') ? 'Bot' : 'User'),
      association: options.association ?? existing?.association,
    };
    this.users.set(login.toLowerCase(), record);
    return record;
  }

  /** The `author_association` GitHub would show for this login in this repository. */
  associationOf(login: string): string {
    const declared = this.user(login).association;
    if (declared) return declared;
    const lower = login.toLowerCase();
    const inTeam = [...this.teams.values()].some((t) =>
      [...t.members.keys()].some((m) => m.toLowerCase() === lower),
    );
    return inTeam ? 'MEMBER' : 'NONE';
  }

  /** Creates or replaces a team of `org` with these members (and maintainers). */
  setTeam(org: string, slug: string, members: string[], maintainers: string[] = []): TeamRecord {
    const key = `${org}/${slug}`.toLowerCase();
    const team: TeamRecord = {
      id: this.teams.get(key)?.id ?? this.nextId(),
      org,
      slug,
      name: slug,
      members: new Map([
        ...members.map((m): [string, 'member'] => [m, 'member']),
        ...maintainers.map((m): [string, 'maintainer'] => [m, 'maintainer']),
      ]),
    };
    for (const login of team.members.keys()) this.user(login);
    this.teams.set(key, team);
    return team;
  }

  /** The team `org/slug`, if it exists. */
  team(org: string, slug: string): TeamRecord | undefined {
    return this.teams.get(`${org}/${slug}`.toLowerCase());
  }

  /** Builds a commit from files (see `CommitSpec`) and returns its sha; refs are not moved. */
  commit(spec: CommitSpec): string {
    const files: FileMap = spec.base ? this.git.filesOf(spec.base) : new Map();
    for (const [path, content] of Object.entries(spec.files)) {
      if (content === null) files.delete(path);
      else files.set(path, { sha: this.git.putBlob(Buffer.from(content)), mode: '100644' });
    }
    const date = isoNow();
    const person = (p: PersonSpec | undefined): GitPerson => ({
      name: p?.name ?? p?.login ?? 'A U Thor',
      email:
        p?.email ??
        (p?.login
          ? `${this.user(p.login).id}+${p.login}@users.noreply.github.com`
          : 'author@example.com'),
      date: p?.date ?? date,
    });
    return this.git.putCommit({
      tree: this.git.putTree(files),
      parents: spec.parents ?? (spec.base ? [spec.base] : []),
      message: spec.message ?? 'Update files',
      author: person(spec.author),
      committer: person(spec.committer ?? spec.author),
      authorLogin: spec.author?.login,
      committerLogin: (spec.committer ?? spec.author)?.login,
    }).sha;
  }

  /** Points branch `name` at a commit, creating it if needed. */
  setBranch(name: string, sha: string): void {
    this.setRef(`heads/${name}`, sha);
  }

  /** The commit branch `name` points to. */
  branch(name: string): string | undefined {
    return this.git.refs.get(`heads/${name}`);
  }

  /** Moves a ref (`heads/x`, `tags/y`); open pull requests on that branch follow it, as on a push. */
  setRef(ref: string, sha: string): void {
    if (!this.git.commits.has(sha)) throw new Error(`setRef ${ref}: unknown commit ${sha}`);
    this.git.refs.set(ref, sha);
    const branch = ref.startsWith('heads/') ? ref.slice('heads/'.length) : undefined;
    for (const { pull, state } of this.issues.values()) {
      if (!pull || state !== 'open') continue;
      if (pull.headRef === branch && pull.headRepo === this.fullName) pull.headSha = sha;
      if (pull.baseRef === branch) pull.baseSha = sha;
    }
  }

  /** Deletes a ref; as on GitHub, open pull requests from a deleted head branch are closed. */
  deleteRef(ref: string): void {
    this.git.refs.delete(ref);
    const branch = ref.startsWith('heads/') ? ref.slice('heads/'.length) : undefined;
    for (const issue of this.issues.values()) {
      const pull = issue.pull;
      if (
        pull &&
        issue.state === 'open' &&
        pull.headRef === branch &&
        pull.headRepo === this.fullName
      ) {
        this.close(issue);
      }
    }
  }

  /** The text of `path` at a branch, tag or sha; undefined when either is missing. */
  readFile(ref: string, path: string): string | undefined {
    const files = this.files(ref);
    return files?.[path];
  }

  /** All files at a branch, tag or sha as text; undefined for an unknown ref. */
  files(ref: string): Record<string, string> | undefined {
    const sha = this.git.resolveCommit(ref);
    if (!sha) return undefined;
    return Object.fromEntries(
      [...this.git.filesOf(sha)].map(([path, f]) => [path, this.blobText(f.sha)]),
    );
  }

  /** A blob's content as UTF-8 text. */
  blobText(sha: string): string {
    return this.git.blobs.get(sha)?.toString('utf8') ?? '';
  }

  /** Opens an issue as `user` (the actor by default) and returns its number. */
  openIssue(spec: {
    title: string;
    body?: string;
    user?: string;
    labels?: string[];
    assignees?: string[];
  }): number {
    const issue = this.newIssue(spec.title, spec.body ?? null, spec.user ?? this.actor);
    issue.assignees = [...(spec.assignees ?? [])];
    this.addLabels(issue.number, spec.labels ?? []);
    return issue.number;
  }

  /** Seeds an open pull request without the API's checks (forks allowed) and returns its number. */
  openPull(spec: PullSpec): number {
    const headRepo = spec.headRepo ?? this.fullName;
    const headSha = spec.headSha ?? this.branch(spec.head);
    if (!headSha || !this.git.commits.has(headSha)) {
      throw new Error(`openPull: no commit for head ${spec.head}; set the branch or pass headSha`);
    }
    const baseRef = spec.base ?? this.defaultBranch;
    const baseSha = this.branch(baseRef);
    if (!baseSha) throw new Error(`openPull: base branch ${baseRef} does not exist`);
    const issue = this.newIssue(
      spec.title ?? `Update ${spec.head}`,
      spec.body ?? null,
      spec.user ?? 'octocat',
    );
    issue.pull = {
      id: this.nextId(),
      headRef: spec.head,
      headRepo,
      headSha,
      baseRef,
      baseSha,
      draft: spec.draft ?? false,
      merged: false,
      mergedAt: null,
      mergedBy: null,
      mergeCommitSha: null,
      maintainerCanModify: false,
      requestedReviewers: [...(spec.requestedReviewers ?? [])],
      requestedTeams: [...(spec.requestedTeams ?? [])],
      reviews: [],
    };
    this.addLabels(issue.number, spec.labels ?? []);
    return issue.number;
  }

  /** Opens a pull request as the API does, with GitHub's 422 checks; returns its number. */
  createPull(spec: {
    title: string | undefined;
    body?: string;
    head: string;
    base: string;
    draft?: boolean;
  }): number {
    const invalid = (field: string) =>
      unprocessable(`${field} invalid`, { resource: 'PullRequest', field, code: 'invalid' });
    const [headOwner, headBranch] = spec.head.includes(':')
      ? spec.head.split(':', 2)
      : [this.owner, spec.head];
    const baseSha = this.branch(spec.base);
    if (!baseSha) throw invalid('base');
    // A fork's head would need the fork's objects, which the fake does not hold.
    const sameRepo = headOwner?.toLowerCase() === this.owner.toLowerCase();
    const headSha = sameRepo && headBranch ? this.branch(headBranch) : undefined;
    if (!headSha || !headBranch) throw invalid('head');
    if (spec.title === undefined) {
      throw unprocessable('title missing', {
        resource: 'PullRequest',
        field: 'title',
        code: 'missing_field',
      });
    }
    const duplicate = [...this.issues.values()].some(
      (i) =>
        i.state === 'open' &&
        i.pull?.headRef === headBranch &&
        i.pull.baseRef === spec.base &&
        i.pull.headRepo === this.fullName,
    );
    if (duplicate) {
      throw unprocessable(`A pull request already exists for ${this.owner}:${headBranch}.`, {
        resource: 'PullRequest',
      });
    }
    if (this.git.isAncestor(headSha, baseSha)) {
      throw unprocessable(`No commits between ${spec.base} and ${headBranch}`, {
        resource: 'PullRequest',
      });
    }
    return this.openPull({
      head: headBranch,
      base: spec.base,
      user: this.actor,
      title: spec.title,
      ...(spec.body === undefined ? {} : { body: spec.body }),
      draft: spec.draft ?? false,
    });
  }

  /** Squash-merges a pull request onto its base branch as `by`; returns the merge commit sha. */
  mergePull(number: number, by = 'octocat'): string {
    const issue = this.pull(number);
    const pull = issue.pull;
    if (issue.state !== 'open') throw new Error(`mergePull: #${number} is not open`);
    const baseTip = this.branch(pull.baseRef) ?? pull.baseSha;
    const from = this.git.mergeBase(baseTip, pull.headSha) ?? baseTip;
    const before = this.git.filesOf(from);
    const after = this.git.filesOf(pull.headSha);
    const files: Record<string, string | null> = {};
    for (const path of before.keys()) {
      if (!after.has(path)) files[path] = null;
    }
    for (const [path, f] of after) {
      if (before.get(path)?.sha !== f.sha) files[path] = this.blobText(f.sha);
    }
    const sha = this.commit({
      base: baseTip,
      files,
      message: `${issue.title} (#${number})`,
      author: { login: issue.user },
    });
    this.setBranch(pull.baseRef, sha);
    Object.assign(pull, { merged: true, mergedAt: isoNow(), mergedBy: by, mergeCommitSha: sha });
    this.close(issue);
    return sha;
  }

  /** Adds a submitted review; like GitHub it clears the reviewer's pending request. Returns it. */
  addReview(number: number, spec: ReviewSpec): ReviewRecord {
    const { pull } = this.pull(number);
    this.user(spec.user);
    const review: ReviewRecord = {
      id: this.nextId(),
      user: spec.user,
      state: spec.state,
      body: spec.body ?? '',
      commitId: spec.commitId ?? pull.headSha,
      submittedAt: spec.submittedAt ?? isoNow(),
    };
    pull.reviews.push(review);
    pull.requestedReviewers = pull.requestedReviewers.filter(
      (login) => login.toLowerCase() !== spec.user.toLowerCase(),
    );
    return review;
  }

  /** Adds a comment to an issue or pull request and returns it. */
  addComment(number: number, spec: { user: string; body: string }): CommentRecord {
    const issue = this.issue(number);
    const now = isoNow();
    const comment: CommentRecord = {
      id: this.nextId(),
      issueNumber: number,
      user: this.user(spec.user).login,
      body: spec.body,
      createdAt: now,
      updatedAt: now,
    };
    this.comments.set(comment.id, comment);
    issue.updatedAt = now;
    return comment;
  }

  /** The issue or pull request `number`; throws when there is none (use `issues.get` to probe). */
  issue(number: number): IssueRecord {
    const issue = this.issues.get(number);
    if (!issue) throw new Error(`no issue #${number}`);
    return issue;
  }

  /** The pull request `number`; throws when there is none. */
  pull(number: number): IssueRecord & { pull: PullRecord } {
    const issue = this.issue(number);
    if (!issue.pull) throw new Error(`#${number} is an issue, not a pull request`);
    return issue as IssueRecord & { pull: PullRecord };
  }

  /** Comments of an issue or pull request, oldest first. */
  commentsOf(number: number): CommentRecord[] {
    return [...this.comments.values()].filter((c) => c.issueNumber === number);
  }

  /** Statuses of the commit a ref names, newest first as GitHub lists them. */
  statusesOf(ref: string): StatusRecord[] {
    const sha = this.git.resolveCommit(ref);
    return this.statuses.filter((s) => s.sha === sha).reverse();
  }

  /** The repository label, created with GitHub's default colour on first use as GitHub does. */
  label(name: string): LabelRecord {
    const key = name.toLowerCase();
    const existing = this.labels.get(key);
    if (existing) return existing;
    const created: LabelRecord = { id: this.nextId(), name, color: 'ededed', description: null };
    this.labels.set(key, created);
    return created;
  }

  /** Adds labels (case-insensitively, no duplicates) to an issue or pull request. */
  addLabels(number: number, names: string[]): void {
    const issue = this.issue(number);
    for (const name of names) {
      const label = this.label(name);
      const present = issue.labels.some((l) => l.toLowerCase() === label.name.toLowerCase());
      if (!present) issue.labels.push(label.name);
    }
    issue.updatedAt = isoNow();
  }

  /** Closes an issue or pull request now. */
  close(issue: IssueRecord, reason: string | null = issue.pull ? null : 'completed'): void {
    const now = isoNow();
    Object.assign(issue, { state: 'closed', stateReason: reason, closedAt: now, updatedAt: now });
  }

  private newIssue(title: string, body: string | null, user: string): IssueRecord {
    const now = isoNow();
    const issue: IssueRecord = {
      number: ++this.lastNumber,
      id: this.nextId(),
      title,
      body,
      state: 'open',
      stateReason: null,
      user: this.user(user).login,
      labels: [],
      assignees: [],
      createdAt: now,
      updatedAt: now,
      closedAt: null,
      pull: undefined,
    };
    this.issues.set(issue.number, issue);
    return issue;
  }
}
