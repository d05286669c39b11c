import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { faultReply, type FaultList, type FaultSpec } from './faults.js';
import { findRoute, hasOperation, validateRequest, type RouteMatch } from './openapi-routes.js';
import { errorReply, GitHubError, type Reply } from './reply.js';
import type { RouteContext, RouteTable } from './route-context.js';
import type { RecordedRequest, Violation } from './requests.js';
import { commitRoutes } from './routes-commits.js';
import { gitRoutes } from './routes-git.js';
import { issueRoutes } from './routes-issues.js';
import { pullRoutes } from './routes-pulls.js';
import { repoRoutes } from './routes-repos.js';
import { statusRoutes } from './routes-statuses.js';
import { teamRoutes } from './routes-teams.js';
import type { FakeGitHubState } from './state.js';

/** What the server reads and records into; owned by `startFakeGitHub`. */
export interface ServerDeps {
  state: FakeGitHubState;
  faults: FaultList;
  requests: RecordedRequest[];
  violations: Violation[];
}

const RATE_LIMIT = 5000;

const handlers: RouteTable = {
  ...repoRoutes,
  ...gitRoutes,
  ...commitRoutes,
  ...pullRoutes,
  ...issueRoutes,
  ...statusRoutes,
  ...teamRoutes,
};

function checkHandlerKeys(): void {
  const unknown = Object.keys(handlers).filter((key) => !hasOperation(key));
  // A handler for an operation GitHub does not have would let the action pass against a fiction.
  if (unknown.length > 0) {
    throw new Error(`fake GitHub handles non-GitHub operations: ${unknown.join(', ')}`);
  }
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): { body: unknown; validJson: boolean } {
  if (raw === '') return { body: undefined, validJson: true };
  try {
    return { body: JSON.parse(raw) as unknown, validJson: true };
  } catch {
    return { body: raw, validJson: false };
  }
}

function flatHeaders(req: IncomingMessage): Record<string, string> {
  return Object.fromEntries(
    Object.entries(req.headers).map(([name, value]) => [name, [value ?? ''].flat().join(', ')]),
  );
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

function authProblem(headers: Record<string, string>): string | undefined {
  const auth = headers.authorization;
  if (!auth) return 'Requires authentication';
  return /^(token|bearer)\s+\S+$/i.test(auth) ? undefined : 'Bad credentials';
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Starts the fake on 127.0.0.1 with an ephemeral port; resolves with the server and its origin. */
export async function listen(deps: ServerDeps): Promise<{ server: Server; origin: string }> {
  checkHandlerKeys();
  const resetAt = String(Math.floor(Date.now() / 1000) + 3600);
  let origin = '';

  const violate = (record: RecordedRequest, kind: Violation['kind'], message: string): void => {
    deps.violations.push({ kind, method: record.method, path: record.path, message });
  };

  const runHandler = (match: RouteMatch, ctx: RouteContext, record: RecordedRequest): Reply => {
    const handler = handlers[match.route.key];
    if (!handler) {
      violate(
        record,
        'unimplemented',
        `${match.route.key} is in GitHub's description but not in the fake`,
      );
      return errorReply(501, `Not implemented by the fake GitHub: ${match.route.key}`);
    }
    const { owner, repo } = match.params;
    const { state } = deps;
    if (
      owner !== undefined &&
      repo !== undefined &&
      `${owner}/${repo}`.toLowerCase() !== state.fullName.toLowerCase()
    ) {
      return errorReply(404, 'Not Found');
    }
    try {
      return handler(ctx);
    } catch (error) {
      if (error instanceof GitHubError) return error.toReply();
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      violate(record, 'fake-error', message);
      return errorReply(500, `fake GitHub crashed: ${message}`);
    }
  };

  const answer = async (
    record: RecordedRequest,
    rawPath: string,
    validJson: boolean,
  ): Promise<{ reply: Reply; fault?: FaultSpec }> => {
    if (!validJson) {
      violate(record, 'invalid-request', 'body is not valid JSON');
      return { reply: errorReply(400, 'Problems parsing JSON') };
    }
    const match = findRoute(record.method, rawPath);
    if (!match) {
      violate(
        record,
        'unknown-endpoint',
        `${record.method} ${record.path} is not in GitHub's OpenAPI description`,
      );
      return { reply: errorReply(404, "Not Found (not in GitHub's OpenAPI description)") };
    }
    record.operation = match.route.key;
    const fault = deps.faults.take(record);
    if (fault?.delayMs) await delay(fault.delayMs);
    if (fault?.status !== undefined && !fault.afterEffect) {
      return { reply: faultReply({ ...fault, status: fault.status }), fault };
    }
    const unauthenticated = authProblem(record.headers);
    if (unauthenticated) return { reply: errorReply(401, unauthenticated), fault };
    const problems = validateRequest(match.route, record.query, record.body);
    if (problems.length > 0) {
      violate(record, 'invalid-request', `${match.route.key}: ${problems.join('; ')}`);
      return { reply: errorReply(422, `Invalid request.\n\n${problems.join('\n')}`), fault };
    }
    const ctx: RouteContext = {
      state: deps.state,
      origin,
      params: match.params,
      query: record.query,
      body: record.body,
      headers: record.headers,
      path: rawPath,
    };
    const reply = runHandler(match, ctx, record);
    // afterEffect: the operation above happened, yet the client sees the injected status.
    if (fault?.status !== undefined) {
      return { reply: faultReply({ ...fault, status: fault.status }), fault };
    }
    return { reply, fault };
  };

  const send = (
    res: ServerResponse,
    record: RecordedRequest,
    reply: Reply,
    fault: FaultSpec | undefined,
  ): void => {
    const used = deps.requests.length;
    const headers: Record<string, string> = {
      'content-type': 'application/json; charset=utf-8',
      'x-github-media-type': 'github.v3; format=json',
      'x-github-api-version-selected': '2022-11-28',
      'x-github-request-id': `FAKE:${used.toString(16).toUpperCase()}`,
      'x-ratelimit-limit': String(RATE_LIMIT),
      'x-ratelimit-remaining': String(Math.max(0, RATE_LIMIT - used)),
      'x-ratelimit-reset': resetAt,
      'x-ratelimit-used': String(used),
      'x-ratelimit-resource': 'core',
      ...reply.headers,
      // Last, so a fault can fake an exhausted rate limit or a retry-after.
      ...(typeof fault?.headers === 'function' ? fault.headers() : fault?.headers),
    };
    let payload =
      reply.status === 204 || reply.body === undefined
        ? Buffer.alloc(0)
        : Buffer.isBuffer(reply.body)
          ? reply.body
          : Buffer.from(JSON.stringify(reply.body));
    if (fault?.truncate) payload = payload.subarray(0, Math.floor(payload.length / 2));
    if (res.destroyed) return;
    if (fault?.drop === 'before-response') {
      res.socket?.destroy();
      return;
    }
    record.status = reply.status;
    res.writeHead(reply.status, { ...headers, 'content-length': String(payload.length) });
    if (fault?.drop === 'mid-response') {
      // The announced length never arrives: the client sees the connection die mid-body.
      res.write(payload.subarray(0, Math.floor(payload.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(record.method === 'HEAD' ? undefined : payload);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', origin);
      const { body, validJson } = parseBody(await readBody(req));
      const record: RecordedRequest = {
        method: (req.method ?? 'GET').toUpperCase(),
        path: safeDecode(url.pathname),
        query: Object.fromEntries(url.searchParams),
        body,
        headers: flatHeaders(req),
        operation: undefined,
        status: 0,
        receivedAt: Date.now(),
      };
      deps.requests.push(record);
      const { reply, fault } = await answer(record, url.pathname, validJson);
      send(res, record, reply, fault);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { server, origin };
}
