import { createHash } from 'node:crypto';

/** A file in a flattened tree: its blob and git mode. */
export interface FileEntry {
  sha: string;
  mode: string;
}

/** A flattened tree: full path → file. */
export type FileMap = Map<string, FileEntry>;

/** One entry of a stored tree object, as git lists it. */
export interface TreeEntry {
  name: string;
  type: 'blob' | 'tree';
  mode: string;
  sha: string;
}

/** A commit author or committer; `date` is ISO 8601 without milliseconds, as GitHub prints it. */
export interface GitPerson {
  name: string;
  email: string;
  date: string;
}

/** A stored commit; `login` fields link the identities to GitHub accounts as GitHub would. */
export interface GitCommit {
  sha: string;
  tree: string;
  parents: string[];
  message: string;
  author: GitPerson;
  committer: GitPerson;
  authorLogin: string | undefined;
  committerLogin: string | undefined;
}

const FILE_MODES = new Set(['100644', '100755', '120000']);

/** True when `mode` is a mode a blob may have in a tree. */
export function isFileMode(mode: string): boolean {
  return FILE_MODES.has(mode);
}

// Real git object ids, so a test can compare with `git hash-object` when it wants to.
function hashObject(type: string, body: Buffer): string {
  return createHash('sha1').update(`${type} ${body.length}\0`).update(body).digest('hex');
}

function gitTimestamp(iso: string): string {
  return `${Math.floor(Date.parse(iso) / 1000)} +0000`;
}

// The bodies git hashes; `rawObject` hands the same bytes out so a real repository can hold them.
function treeBody(entries: readonly TreeEntry[]): Buffer {
  return Buffer.concat(
    entries.flatMap((e) => [
      Buffer.from(`${e.mode === '040000' ? '40000' : e.mode} ${e.name}\0`),
      Buffer.from(e.sha, 'hex'),
    ]),
  );
}

function commitBody(commit: Omit<GitCommit, 'sha'>): Buffer {
  const person = (p: GitPerson) => `${p.name} <${p.email}> ${gitTimestamp(p.date)}`;
  const lines = [
    `tree ${commit.tree}`,
    ...commit.parents.map((p) => `parent ${p}`),
    `author ${person(commit.author)}`,
    `committer ${person(commit.committer)}`,
    '',
    commit.message,
  ];
  return Buffer.from(lines.join('\n'));
}

/** A git object as git stores it: its type and the body its sha is the hash of. */
export interface RawObject {
  type: 'blob' | 'tree' | 'commit';
  body: Buffer;
}

/** Blobs, trees, commits and refs of one repository, content-addressed like git. */
export class GitStore {
  readonly blobs = new Map<string, Buffer>();
  readonly trees = new Map<string, TreeEntry[]>();
  readonly commits = new Map<string, GitCommit>();
  /** `heads/main`, `tags/v1` → commit sha. */
  readonly refs = new Map<string, string>();

  /** Stores a blob and returns its sha. */
  putBlob(content: Buffer): string {
    const sha = hashObject('blob', content);
    this.blobs.set(sha, content);
    return sha;
  }

  /** Stores a flattened tree (and every subtree) and returns the root tree sha. */
  putTree(files: FileMap): string {
    interface Dir {
      files: Map<string, FileEntry>;
      dirs: Map<string, Dir>;
    }
    const root: Dir = { files: new Map(), dirs: new Map() };
    for (const [path, entry] of files) {
      const parts = path.split('/');
      const name = parts.pop() as string;
      let dir = root;
      for (const part of parts) {
        const next = dir.dirs.get(part) ?? { files: new Map(), dirs: new Map() };
        dir.dirs.set(part, next);
        dir = next;
      }
      dir.files.set(name, entry);
    }
    const write = (dir: Dir): string => {
      const entries: TreeEntry[] = [
        ...[...dir.files].map(([name, f]): TreeEntry => ({ name, type: 'blob', ...f })),
        ...[...dir.dirs].map(([name, d]): TreeEntry => ({
          name,
          type: 'tree',
          mode: '040000',
          sha: write(d),
        })),
      ];
      // git orders a directory as if its name ended with "/".
      const sortKey = (e: TreeEntry) => (e.type === 'tree' ? `${e.name}/` : e.name);
      entries.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : 1));
      const sha = hashObject('tree', treeBody(entries));
      this.trees.set(sha, entries);
      return sha;
    };
    return write(root);
  }

  /** Every file under a tree, keyed by full path. */
  flatten(treeSha: string, prefix = ''): FileMap {
    const files: FileMap = new Map();
    for (const entry of this.trees.get(treeSha) ?? []) {
      const path = prefix + entry.name;
      if (entry.type === 'tree') {
        for (const [p, f] of this.flatten(entry.sha, `${path}/`)) files.set(p, f);
      } else {
        files.set(path, { sha: entry.sha, mode: entry.mode });
      }
    }
    return files;
  }

  /** The entry at `path` under a tree (`''` is the tree itself, as a tree entry named ''). */
  lookup(treeSha: string, path: string): TreeEntry | undefined {
    let entry: TreeEntry | undefined = { name: '', type: 'tree', mode: '040000', sha: treeSha };
    for (const part of path.split('/').filter(Boolean)) {
      if (entry?.type !== 'tree') return undefined;
      entry = this.trees.get(entry.sha)?.find((e) => e.name === part);
    }
    return entry;
  }

  /** Stores a commit and returns it with its sha. */
  putCommit(commit: Omit<GitCommit, 'sha'>): GitCommit {
    const stored = { ...commit, sha: hashObject('commit', commitBody(commit)) };
    this.commits.set(stored.sha, stored);
    return stored;
  }

  /** The commit a sha (full or ≥7-char prefix), branch, tag or `refs/…`/`heads/…` name points to. */
  resolveCommit(ref: string): string | undefined {
    const name = ref.replace(/^refs\//, '');
    const named =
      this.refs.get(name) ?? this.refs.get(`heads/${name}`) ?? this.refs.get(`tags/${name}`);
    if (named) return named;
    if (this.commits.has(ref)) return ref;
    if (!/^[0-9a-f]{7,39}$/.test(ref)) return undefined;
    const matches = [...this.commits.keys()].filter((sha) => sha.startsWith(ref));
    return matches.length === 1 ? matches[0] : undefined;
  }

  /** The files of a commit, keyed by full path. */
  filesOf(commitSha: string): FileMap {
    const commit = this.commits.get(commitSha);
    return commit ? this.flatten(commit.tree) : new Map();
  }

  /** Commits reachable from `sha` (itself included), nearest first. */
  ancestors(sha: string): string[] {
    const seen = new Set<string>();
    const queue = [sha];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      if (seen.has(next)) continue;
      seen.add(next);
      queue.push(...(this.commits.get(next)?.parents ?? []));
    }
    return [...seen];
  }

  /** True when `ancestor` is reachable from `descendant` (a fast-forward from one to the other). */
  isAncestor(ancestor: string, descendant: string): boolean {
    return this.ancestors(descendant).includes(ancestor);
  }

  /** The nearest common ancestor of two commits, as `git merge-base` would pick in simple histories. */
  mergeBase(a: string, b: string): string | undefined {
    const ofA = new Set(this.ancestors(a));
    return this.ancestors(b).find((sha) => ofA.has(sha));
  }

  /** The objects of one commit (itself, its trees and blobs, not its parents), as a shallow clone holds them. */
  snapshot(commitSha: string): Map<string, RawObject> {
    const commit = this.commits.get(commitSha);
    if (!commit) throw new Error(`snapshot: unknown commit ${commitSha}`);
    const out = new Map<string, RawObject>([
      [commitSha, { type: 'commit', body: commitBody(commit) }],
    ]);
    const walk = (treeSha: string): void => {
      const entries = this.trees.get(treeSha) ?? [];
      out.set(treeSha, { type: 'tree', body: treeBody(entries) });
      for (const e of entries) {
        if (e.type === 'tree') walk(e.sha);
        else out.set(e.sha, { type: 'blob', body: this.blobs.get(e.sha) ?? Buffer.alloc(0) });
      }
    };
    walk(commit.tree);
    return out;
  }

  /** Commits in `head` but not in `base`, oldest first (`git log --reverse base..head`). */
  commitsBetween(base: string, head: string): string[] {
    const inBase = new Set(this.ancestors(base));
    return this.ancestors(head)
      .filter((sha) => !inBase.has(sha))
      .reverse();
  }
}
