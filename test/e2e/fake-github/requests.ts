/** One request the fake received, and the status it answered. */
export interface RecordedRequest {
  method: string;
  /** Path without the query string, percent-decoded (`/repos/acme/access/contents/a/b.yaml`). */
  path: string;
  query: Record<string, string>;
  /** Parsed JSON body; the raw text when it was not JSON; undefined when empty. */
  body: unknown;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  /** The OpenAPI operation served, e.g. `GET /repos/{owner}/{repo}/pulls`; undefined if none matched. */
  operation: string | undefined;
  /** Status sent back (0 while the request is still being answered, or when the connection was dropped). */
  status: number;
  /** When the request arrived, in milliseconds since the epoch: shows how long a client waited between tries. */
  receivedAt: number;
}

/** A request GitHub itself would not have accepted, or the fake could not serve. */
export interface Violation {
  kind: 'unknown-endpoint' | 'invalid-request' | 'unimplemented' | 'fake-error';
  method: string;
  path: string;
  message: string;
}

/**
 * Selects requests by path: a RegExp tests the decoded path; a string with `{…}` is compared with the
 * OpenAPI template (`/repos/{owner}/{repo}/pulls/{pull_number}`); any other string with the path.
 */
export type PathPattern = string | RegExp;

/** True when the request has this method (any when undefined or `*`) and matches the path pattern. */
export function matchesRequest(
  method: string | undefined,
  pattern: PathPattern,
  request: RecordedRequest,
): boolean {
  const anyMethod = method === undefined || method === '*';
  if (!anyMethod && method.toUpperCase() !== request.method) return false;
  if (pattern instanceof RegExp) return pattern.test(request.path);
  if (pattern.includes('{')) return request.operation?.split(' ')[1] === pattern;
  return request.path === pattern;
}
