// Resolves team members live (never from author_association): only the teams that matter.
import type { TeamDirectory } from '../core/pull-request.js';
import type { GitHub } from './client.js';

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
      const members = await gh.paginate(gh.rest.teams.listMembersInOrg, { org, team_slug: slug, per_page: 100 });
      out.set(`${org}/${slug}`.toLowerCase(), members.map((m) => m.login));
    } catch (e) {
      const status = (e as { status?: number }).status;
      if (status === 403 || status === 404) {
        throw new TeamAccessError(
          `cannot read the members of ${team} (HTTP ${status}): the token needs organization Members: read, ` +
            'which GITHUB_TOKEN never has; use a GitHub App installation token (see the README), and check that the team exists',
        );
      }
      throw e;
    }
  }
  return out;
}
