// The GitHub REST client: Octokit as @actions/github builds it (GITHUB_API_URL, proxies), with
// bounded retries for server errors and rate limits that honour retry-after.
import { getOctokit } from '@actions/github';
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
      retry: { retries: 3 },
      throttle: {
        onRateLimit: onLimit('rate limit'),
        onSecondaryRateLimit: onLimit('secondary rate limit'),
      },
      request: { fetch: fetchWithTimeout },
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

function fetchWithTimeout(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return fetch(input, {
    ...init,
    signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal,
  });
}

/** The path of an API URL, without the host (a GitHub Enterprise name is noise) or the query. */
function pathOf(url: string): string {
  return url.replace(/^https?:\/\/[^/]+/, '').replace(/\?.*$/, '');
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
 */
export function describeFailure(error: unknown): string {
  const e = error as {
    status?: number;
    message?: string;
    request?: { method?: string; url?: string };
  };
  if (e.status === undefined || e.request === undefined) return e.message ?? String(error);
  const method = e.request.method ?? 'GET';
  const where = `${method} ${pathOf(e.request.url ?? '')}`;
  // Octokit appends the documentation URL to GitHub's message; the remedy says more.
  const message = (e.message ?? '').replace(/ - https?:\/\/\S+$/, '');
  return `${remedy(e.status, method !== 'GET' && method !== 'HEAD')} (HTTP ${e.status} on ${where}${message ? `: ${message}` : ''})`;
}
