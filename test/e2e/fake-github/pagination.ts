import type { Reply } from './reply.js';
import type { RouteContext } from './route-context.js';

function positiveInt(raw: string | undefined, fallback: number): number {
  const n = Number.parseInt(raw ?? '', 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** One page of `items` as GitHub serves it: `per_page` (30, max 100), `page`, and a `Link` header. */
export function paginate(ctx: RouteContext, items: readonly unknown[]): Reply {
  const perPage = Math.min(100, positiveInt(ctx.query.per_page, 30));
  const page = positiveInt(ctx.query.page, 1);
  const last = Math.max(1, Math.ceil(items.length / perPage));
  const body = items.slice((page - 1) * perPage, page * perPage);
  const link = (n: number, rel: string) => {
    const url = new URL(ctx.path, ctx.origin);
    for (const [key, value] of Object.entries(ctx.query)) url.searchParams.set(key, value);
    url.searchParams.set('page', String(n));
    return `<${url.href}>; rel="${rel}"`;
  };
  const links = [
    ...(page > 1 ? [link(Math.min(page - 1, last), 'prev')] : []),
    ...(page < last ? [link(page + 1, 'next'), link(last, 'last')] : []),
    ...(page > 1 ? [link(1, 'first')] : []),
  ];
  return { status: 200, body, headers: links.length ? { link: links.join(', ') } : {} };
}
