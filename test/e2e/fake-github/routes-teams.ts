import { paginate } from './pagination.js';
import { notFound, ok } from './reply.js';
import { param, type RouteContext, type RouteTable } from './route-context.js';
import { userJson } from './shapes.js';
import type { TeamRecord } from './state.js';

function teamParam(ctx: RouteContext): TeamRecord {
  const team = ctx.state.team(param(ctx, 'org'), param(ctx, 'team_slug'));
  if (!team) throw notFound();
  return team;
}

/** Organisation team members and memberships. */
export const teamRoutes: RouteTable = {
  'GET /orgs/{org}/teams/{team_slug}/members': (ctx) => {
    const team = teamParam(ctx);
    const role = ctx.query.role ?? 'all';
    const logins = [...team.members]
      .filter(([, r]) => role === 'all' || r === role)
      .map(([login]) => login);
    return paginate(
      ctx,
      logins.map((login) => userJson(ctx, login)),
    );
  },

  'GET /orgs/{org}/teams/{team_slug}/memberships/{username}': (ctx) => {
    const team = teamParam(ctx);
    const username = param(ctx, 'username').toLowerCase();
    const member = [...team.members].find(([login]) => login.toLowerCase() === username);
    if (!member) throw notFound();
    return ok({
      url: `${ctx.origin}/organizations/1/team/${team.id}/memberships/${member[0]}`,
      role: member[1],
      state: 'active',
    });
  },
};
