import { FaultList, type FaultHandle, type FaultSpec } from './faults.js';
import {
  matchesRequest,
  type PathPattern,
  type RecordedRequest,
  type Violation,
} from './requests.js';
import { listen } from './server.js';
import { FakeGitHubState, type FakeGitHubOptions } from './state.js';

export type { FaultHandle, FaultSpec } from './faults.js';
export type { PathPattern, RecordedRequest, Violation } from './requests.js';
export type {
  CommentRecord,
  CommitSpec,
  FakeGitHubOptions,
  IssueRecord,
  PersonSpec,
  PullRecord,
  PullSpec,
  ReviewRecord,
  ReviewSpec,
  StatusRecord,
  TeamRecord,
  UserRecord,
} from './state.js';
export { FakeGitHubState } from './state.js';

/** A running fake GitHub REST API and what it has seen. */
export interface FakeGitHub {
  /** Origin to use as `GITHUB_API_URL` / Octokit `baseUrl`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  state: FakeGitHubState;
  /** Every request, in arrival order. */
  requests: RecordedRequest[];
  /** Requests GitHub would have refused as unknown or malformed, or the fake could not serve. */
  violations: Violation[];
  /** GET and HEAD requests. */
  reads(): RecordedRequest[];
  /** Requests with any other method. */
  writes(): RecordedRequest[];
  /** Requests with this method (`*` for any) whose path matches. */
  matching(method: string, path: PathPattern): RecordedRequest[];
  /** How many requests `matching` would return. */
  count(method: string, path: PathPattern): number;
  /** Injects a fault into the next matching requests. */
  fail(spec: FaultSpec): FaultHandle;
  /** Drops faults not yet consumed. */
  clearFaults(): void;
  /** Stops the server, dropping open keep-alive connections. */
  close(): Promise<void>;
}

/** Starts a fake GitHub serving one repository (default `acme/access`, branch `main`) on 127.0.0.1. */
export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const state = new FakeGitHubState(options);
  const faults = new FaultList();
  const requests: RecordedRequest[] = [];
  const violations: Violation[] = [];
  const { server, origin } = await listen({ state, faults, requests, violations });
  const matching = (method: string, path: PathPattern) =>
    requests.filter((r) => matchesRequest(method, path, r));
  return {
    url: origin,
    state,
    requests,
    violations,
    reads: () => requests.filter((r) => r.method === 'GET' || r.method === 'HEAD'),
    writes: () => requests.filter((r) => r.method !== 'GET' && r.method !== 'HEAD'),
    matching,
    count: (method, path) => matching(method, path).length,
    fail: (spec) => faults.add(spec),
    clearFaults: () => faults.clear(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
