// The GitHub REST client: Octokit as @actions/github builds it (GITHUB_API_URL, proxies), with
// bounded retries for server errors and rate limits that honour retry-after.
import { getOctokit } from '@actions/github';
import { defaults } from '@actions/github/lib/utils';
import { retry } from '@octokit/plugin-retry';
import { throttling } from '@octokit/plugin-throttling';

export type GitHub = ReturnType<typeof getOctokit>;

export interface Repo {
  owner: string;
  repo: string;
}

/** Retries of a rate-limited request before the run fails closed. */
const RATE_LIMIT_RETRIES = 2;
/** Longest rate-limit wait the job accepts; past it the run fails rather than hang. */
const MAX_WAIT_SECONDS = 120;
/** Per-request time limit: a hung connection must not keep the gate undecided. */
const REQUEST_TIMEOUT_MS = 30_000;
/**
 * Statuses the retry plugin leaves alone. Besides its defaults this holds 429: like a 403, a 429
 * is GitHub's rate-limit answer, which the throttling plugin alone retries, waiting as long as
 * GitHub asks (retry-after, or the reset time). Retried by both, a secondary limit was hit again
 * after 1 s, 4 s and 9 s, whatever retry-after said, and up to 12 times in all.
 */
const DO_NOT_RETRY = [400, 401, 403, 404, 410, 422, 429, 451];

/** An authenticated client; `log` receives a line for each retry. */
export function createClient(token: string, log: (line: string) => void): GitHub {
  const onLimit =
    (kind: string) =>
    (
      retryAfter: number,
      options: { method?: string; url?: string },
      _o: unknown,
      retryCount: number,
    ) => {
      const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_WAIT_SECONDS;
      log(
        `${kind} on ${options.method} ${options.url}: ${again ? `retrying after ${retryAfter}s` : 'giving up'}`,
      );
      return again;
    };
  const client = getOctokit(
    token,
    {
      retry: { retries: 3, doNotRetry: DO_NOT_RETRY },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
      // `request` replaces the defaults' whole `request` rather than merging into it: keep their
      // fetch, which goes through the runner's proxy (HTTPS_PROXY, NO_PROXY), and bound it in time.
      request: { ...defaults.request, fetch: withTimeLimit(defaults.request?.fetch ?? fetch) },
    },
    retry,
    throttling,
  );
  // A body cut short arrives as a string where JSON was expected; reading on would mistake a
  // broken list for an empty one, so it fails here instead.
  client.hook.after('request', (response, options) => {
    if (
      typeof response.data === 'string' &&
      String(response.headers['content-type'] ?? '').includes('json')
    ) {
      throw new Error(
        `GitHub answered ${options.method} ${pathOf(options.url)} with a body that is not valid JSON: re-run the job`,
      );
    }
  });
  return client;
}

/** `fetch` that gives up on a request, and on reading its body, after REQUEST_TIMEOUT_MS. */
function withTimeLimit(send: typeof fetch): typeof fetch {
  return (input, init) => {
    const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    return send(input, {
      ...init,
      signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
    });
  };
}

/** The path of an API URL, without the host (a GitHub Enterprise name is noise) or the query. */
function pathOf(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
}

interface ApiFailure {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string };
  response?: { headers?: Record<string, string | number | undefined> };
}

/**
 * Which rate limit an API error is, or undefined when it is none: GitHub answers 403 or 429,
 * with `x-ratelimit-remaining: 0` for the primary limit and a message for a secondary one.
 */
function rateLimitOf(error: unknown): 'primary' | 'secondary' | undefined {
  const e = error as ApiFailure;
  if ((e.status !== 403 && e.status !== 429) || e.response === undefined) return undefined;
  if (String(e.response.headers?.['x-ratelimit-remaining']) === '0') return 'primary';
  if (e.status === 429 || /\brate limit\b/i.test(e.message ?? '')) return 'secondary';
  return undefined;
}

/** The HTTP status of an API error, or undefined when the request got no answer or it is not one. */
export function httpStatus(error: unknown): number | undefined {
  return (error as ApiFailure).status;
}

/** True when an API error is GitHub's rate limit rather than a refusal: no permission would fix it. */
export function isRateLimited(error: unknown): boolean {
  return rateLimitOf(error) !== undefined;
}

/** What to do about a rate-limited request; the primary limit says when it resets. */
function rateLimitRemedy(error: ApiFailure, limit: 'primary' | 'secondary'): string {
  if (limit === 'secondary')
    return "GitHub's secondary rate limit stopped the job: re-run it in a few minutes";
  const reset = Number(error.response?.headers?.['x-ratelimit-reset']);
  return Number.isFinite(reset) && reset > 0
    ? `the token's API rate limit is used up until ${new Date(reset * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z')}: re-run the job then`
    : "the token's API rate limit is used up: re-run the job later";
}

/** What to do about an API error, by its HTTP status and whether it was a write. */
function remedy(status: number, write: boolean): string {
  if (status === 401) return 'the token is invalid or expired: check the token input';
  if ((status === 403 || status === 404) && write) {
    return 'the token may not write this: give the job permissions statuses: write, pull-requests: write and issues: write; a pull request from a fork gets a read-only GITHUB_TOKEN, so use pull_request_target';
  }
  if (status === 403 || status === 404)
    return 'the token cannot read this: give the job permissions contents: read and pull-requests: read';
  if (status === 429 || status >= 500) return 'GitHub kept failing after retries: re-run the job';
  return 'GitHub refused the request';
}

/**
 * A short, user-facing description of a failure, saying what to fix first (the commit status
 * shows only its first 139 characters). Errors that are not API errors keep their own message.
 * With `maxLength` (the room a commit status leaves), a description that would not fit names the
 * failed request in short (`…/pulls/7/reviews`, a 7-character sha) and drops GitHub's message
 * before anything is cut, so the status still says which lookup failed.
 */
export function describeFailure(error: unknown, maxLength = Infinity): string {
  const e = error as ApiFailure;
  if (e.status === undefined || e.request === undefined) return e.message ?? String(error);
  const method = e.request.method ?? 'GET';
  const path = pathOf(e.request.url ?? '');
  // Octokit appends the documentation URL to GitHub's message; the remedy says more.
  const message = (e.message ?? '').replace(/ - https?:\/\/\S+$/, '');
  // Octokit reports a request that got no answer at all (connection refused or dropped, time
  // limit) as a 500 without a response: GitHub never said 500, so the description does not either.
  const answered = e.response !== undefined;
  const limit = rateLimitOf(e);
  const why = !answered
    ? 'GitHub did not answer, even after retries: re-run the job'
    : limit
      ? rateLimitRemedy(e, limit)
      : remedy(e.status, method !== 'GET' && method !== 'HEAD');
  const what = answered ? `HTTP ${e.status} on` : 'no response to';
  const describe = (where: string, detail: string) =>
    `${why} (${what} ${method} ${where}${detail ? `: ${detail}` : ''})`;
  const full = describe(path, message);
  if (full.length <= maxLength) return full;
  const shorter = describe(shortPath(path), message);
  return shorter.length <= maxLength ? shorter : describe(shortPath(path), '');
}

/** `/repos/acme/access/git/blobs/<sha>` as `…/git/blobs/<7 hex>`: the status is on that repository already. */
function shortPath(path: string): string {
  return path
    .replace(/^\/repos\/[^/]+\/[^/]+(?=\/)/, '…')
    .replace(/\b([0-9a-f]{7})[0-9a-f]{33}\b/g, '$1');
}
