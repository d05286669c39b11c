/** What a route handler answers; the server adds GitHub's common headers. */
export interface Reply {
  status: number;
  /** JSON-serialisable value, or a Buffer sent as-is with the content-type from `headers`. */
  body?: unknown;
  headers?: Record<string, string>;
}

const DOCS = 'https://docs.github.com/rest';

/** An error a handler throws to answer with GitHub's error shape. */
export class GitHubError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly errors?: readonly Record<string, unknown>[],
  ) {
    super(message);
  }

  /** The error as GitHub serialises it. */
  toReply(): Reply {
    return errorReply(this.status, this.message, this.errors);
  }
}

/** A response carrying GitHub's `{ message, documentation_url, status }` error body. */
export function errorReply(
  status: number,
  message: string,
  errors?: readonly Record<string, unknown>[],
): Reply {
  return {
    status,
    body: {
      message,
      ...(errors ? { errors } : {}),
      documentation_url: DOCS,
      status: String(status),
    },
  };
}

/** A 200 (or given status) JSON response. */
export function ok(body: unknown, status = 200): Reply {
  return { status, body };
}

/** GitHub's 404 for anything missing or invisible to the token. */
export function notFound(message = 'Not Found'): GitHubError {
  return new GitHubError(404, message);
}

/** GitHub's 422; with `field` it uses the "Validation Failed" shape GitHub sends for model errors. */
export function unprocessable(
  message: string,
  detail?: { resource: string; field?: string; code?: string },
): GitHubError {
  if (!detail) return new GitHubError(422, message);
  return new GitHubError(422, 'Validation Failed', [
    { resource: detail.resource, code: detail.code ?? 'custom', field: detail.field, message },
  ]);
}
