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
  const onLimit = (kind: string) => (retryAfter: number, options: { method?: string; url?: string }, _o: unknown, retryCount: number) => {
    const again = retryCount < RATE_LIMIT_RETRIES && retryAfter <= MAX_WAIT_SECONDS;
    log(`${kind} on ${options.method} ${options.url}: ${again ? `retrying after ${retryAfter}s` : 'giving up'}`);
    return again;
  };
  const client = getOctokit(
    token,
    {
      retry: { retries: 3 },
      throttle: { onRateLimit: onLimit('rate limit'), onSecondaryRateLimit: onLimit('secondary rate limit') },
      request: { fetch: fetchWithTimeout },
    },
    retry,
    throttling,
  );
  // A body cut short arrives as a string where JSON was expected; reading on would mistake a
  // broken list for an empty one, so it fails here instead.
  client.hook.after('request', (response, options) => {
    if (typeof response.data === 'string' && String(response.headers['content-type'] ?? '').includes('json')) {
      throw new Error(`GitHub answered ${options.method} ${options.url} with a body that is not valid JSON`);
    }
  });
  return client;
}

function fetchWithTimeout(input: string | URL | Request, init?: RequestInit): Promise<Response> {
  const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
  return fetch(input, { ...init, signal: init?.signal ? AbortSignal.any([init.signal, signal]) : signal });
}

/** A short, user-facing description of a failed API call. */
export function describeApiError(error: unknown): string {
  const e = error as { status?: number; message?: string; request?: { method?: string; url?: string } };
  const where = e.request ? `${e.request.method} ${e.request.url?.replace(/^https?:\/\/[^/]+/, '')}` : 'a GitHub API call';
  return e.status ? `${where} failed with HTTP ${e.status}: ${e.message ?? ''}`.trim() : `${where} failed: ${e.message ?? String(error)}`;
}
