// Resolves team members live (never from author_association): only the teams that matter.
import type { TeamDirectory } from '../core/pull-request.js';
import { httpStatus, isRateLimited, type GitHub } from './client.js';

/** Raised when the token may not read team membership: a setup fault with a clear fix. */
export class TeamAccessError extends Error {
  override name = 'TeamAccessError';
}

/** Members of each `@org/team`, keyed `org/team` in lower case. */
export async function readTeams(gh: GitHub, teams: readonly string[]): Promise<TeamDirectory> {
  const out = new Map<string, string[]>();
  for (const team of teams) {
    const [org, slug] = team.replace(/^@/, '').split('/') as [string, string];
    try {
      const members = await gh.paginate(gh.rest.teams.listMembersInOrg, {
        org,
        team_slug: slug,
        per_page: 100,
      });
      out.set(
        `${org}/${slug}`.toLowerCase(),
        members.map((m) => m.login),
      );
    } catch (e) {
      const status = httpStatus(e);
      // A rate limit is a 403 too, but no permission fixes it: it keeps its own description.
      if ((status === 403 || status === 404) && !isRateLimited(e)) {
        // The fix comes first: the commit status shows only the first 139 characters.
        throw new TeamAccessError(
          `cannot read team ${team} (HTTP ${status}): use a token with organization Members: read, such as a GitHub App token; ` +
            'GITHUB_TOKEN never has it (see the README). Also check that the team exists',
        );
      }
      throw e;
    }
  }
  return out;
}
