// The data through which the engine sees a pull request. The CLI fills it from files, the
// action from the GitHub API; the engine never knows which.

/** A file of a tree, by its path from the repository root. */
export interface SourceFile {
  path: string;
  text: string;
}

/** A review as GitHub's "list reviews for a pull request" returns it (the fields used). */
export interface Review {
  id?: number | undefined;
  user: { login: string; type?: string | undefined } | null;
  state: string;
  commit_id?: string | null | undefined;
  submitted_at?: string | null | undefined;
}

/** A commit as GitHub's "list commits on a pull request" returns it (the fields used). */
export interface PullCommit {
  sha: string;
  author: { login: string } | null;
  committer: { login: string } | null;
}

/** Team members by `org/team` (lower case, no `@`); a team absent from the map is unknown. */
export type TeamDirectory = ReadonlyMap<string, readonly string[]>;

export interface PullRequestData {
  /** the pull request's author; unknown before a pull request exists (then the requester is not checked) */
  author: string | undefined;
  /** the commit approvals must be for; without it no approval counts */
  headSha: string | undefined;
  /** grants files of the base tree */
  baseFiles: readonly SourceFile[];
  /** grants files of the head tree */
  headFiles: readonly SourceFile[];
  reviews: readonly Review[];
  /** the pull request's commits, when known: their authors and committers cannot approve */
  commits: readonly PullCommit[] | undefined;
  teams: TeamDirectory;
}
