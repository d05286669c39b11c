// Reads the CLI's data files (reviews, commits, teams), checked against the shapes GitHub gives.
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { z } from 'zod';
import type { PullCommit, Review, TeamDirectory } from '../core/pull-request.js';
import { UsageError } from './usage-error.js';

const user = z.looseObject({ login: z.string(), type: z.string().optional() });
const reviewsSchema = z.array(
  z.looseObject({
    id: z.number().optional(),
    user: user.nullable(),
    state: z.string(),
    commit_id: z.string().nullable().optional(),
    submitted_at: z.string().nullable().optional(),
  }),
);
const commitsSchema = z.array(
  z.looseObject({
    sha: z.string(),
    author: user.nullable().optional(),
    committer: user.nullable().optional(),
  }),
);
const teamsSchema = z.record(z.string(), z.array(z.string()));

function load(path: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`,
    );
  }
  try {
    return parse(text, { version: '1.2', schema: 'core', maxAliasCount: 0 });
  } catch (e) {
    throw new UsageError(
      `${path} is not valid JSON or YAML: ${(e as Error).message.split('\n')[0]}`,
    );
  }
}

function check<T>(schema: z.ZodType<T>, value: unknown, path: string, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw new UsageError(
    `${path} is not ${what}: at ${issue.path.join('.') || 'the top'}: ${issue.message}`,
  );
}

/** Reviews from a JSON file as GitHub's "list reviews for a pull request" returns them. */
export function readReviews(path: string): Review[] {
  return check(reviewsSchema, load(path, 'reviews'), path, 'a list of reviews');
}

/** Commits from a JSON file as GitHub's "list commits on a pull request" returns them. */
export function readCommits(path: string): PullCommit[] {
  return check(commitsSchema, load(path, 'commits'), path, 'a list of commits').map((c) => ({
    sha: c.sha,
    author: c.author ?? null,
    committer: c.committer ?? null,
  }));
}

/** Team members from a YAML or JSON mapping of `org/team` to logins. */
export function readTeams(path: string): TeamDirectory {
  const teams = check(
    teamsSchema,
    load(path, 'teams') ?? {},
    path,
    'a mapping of org/team to lists of logins',
  );
  return new Map(
    Object.entries(teams).map(([team, members]) => [team.replace(/^@/, '').toLowerCase(), members]),
  );
}
