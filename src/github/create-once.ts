// Creating a pull request, an issue or a comment is not idempotent: a create that GitHub
// performed but answered with an error (a 5xx, a dropped connection) must not be sent again
// blindly, or the repository gets a second one. So the create goes out without the client's
// automatic retries, and after a failure the job looks for what it tried to create first.
import { httpStatus } from './client.js';

/** Attempts in all, as the client's own retry policy allows for other requests. */
const ATTEMPTS = 4;

/** Runs `create` (sent with `request: { retries: 0 }`) until it succeeds or `find` shows it happened; fails like the last attempt otherwise. */
export async function createOnce<T>(
  create: () => Promise<T>,
  find: () => Promise<T | undefined>,
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await create();
    } catch (e) {
      const found = await find();
      if (found !== undefined) return found;
      if (attempt >= ATTEMPTS || !retryable(e)) throw e;
      // The client's back-off: 1 s, 4 s, 9 s.
      await sleep(attempt * attempt * 1000);
    }
  }
}

/** Server errors and failures without a status (network) may pass; client errors will not. */
function retryable(error: unknown): boolean {
  const status = httpStatus(error);
  return status === undefined || status >= 500;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
