import { STATUS_CODES } from 'node:http';
import { errorReply, type Reply } from './reply.js';
import { matchesRequest, type PathPattern, type RecordedRequest } from './requests.js';

/** A fault to inject into matching requests; see `FakeGitHub.fail`. */
export interface FaultSpec {
  /** Method to match; any when omitted. */
  method?: string;
  path: PathPattern;
  /** Answer with this status instead of the real response. */
  status?: number;
  /** How many matching requests to hit; default 1, `Infinity` for all. */
  times?: number;
  /** Headers added to (and overriding) the response, e.g. `retry-after` or `x-ratelimit-remaining`. */
  headers?: Record<string, string>;
  /** Body for `status`; default GitHub's error shape with the status text as message. */
  body?: unknown;
  /** Perform the real operation first, then still answer `status` (a write that "failed" but happened). */
  afterEffect?: boolean;
  /** Cut the response body in half so the client receives broken JSON. */
  truncate?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
}

/** Live view of an injected fault. */
export interface FaultHandle {
  /** Requests the fault has hit so far. */
  readonly hits: number;
  /** Requests it will still hit. */
  readonly remaining: number;
}

interface Fault {
  spec: FaultSpec;
  hits: number;
  remaining: number;
}

/** Injected faults, consumed first-registered first. */
export class FaultList {
  private faults: Fault[] = [];

  /** Registers a fault and returns a live handle on it. */
  add(spec: FaultSpec): FaultHandle {
    if (spec.status === undefined && !spec.truncate && spec.delayMs === undefined) {
      throw new Error('fail(): give a status, truncate or delayMs');
    }
    if (spec.afterEffect && spec.status === undefined) {
      throw new Error('fail(): afterEffect needs a status');
    }
    const fault: Fault = { spec, hits: 0, remaining: spec.times ?? 1 };
    this.faults.push(fault);
    return {
      get hits() {
        return fault.hits;
      },
      get remaining() {
        return fault.remaining;
      },
    };
  }

  /** Consumes one hit of the first fault matching the request. */
  take(request: RecordedRequest): FaultSpec | undefined {
    const fault = this.faults.find(
      (f) => f.remaining > 0 && matchesRequest(f.spec.method, f.spec.path, request),
    );
    if (!fault) return undefined;
    fault.hits++;
    fault.remaining--;
    this.faults = this.faults.filter((f) => f.remaining > 0);
    return fault.spec;
  }

  /** Drops every pending fault. */
  clear(): void {
    this.faults = [];
  }
}

/** The reply a status fault sends: its body, or GitHub's default error for the status. */
export function faultReply(spec: FaultSpec & { status: number }): Reply {
  if (spec.body !== undefined) return { status: spec.status, body: spec.body };
  return errorReply(spec.status, STATUS_CODES[spec.status] ?? 'Error');
}
