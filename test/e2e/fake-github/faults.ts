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
  /**
   * Headers added to (and overriding) the response, e.g. `retry-after` or `x-ratelimit-remaining`;
   * a function is called at each hit, for values relative to that moment such as `x-ratelimit-reset`.
   */
  headers?: Record<string, string> | (() => Record<string, string>);
  /** Body for `status`; default GitHub's error shape with the status text as message. */
  body?: unknown;
  /** Perform the real operation first, then still answer `status` (a write that "failed" but happened). */
  afterEffect?: boolean;
  /** Cut the response body in half so the client receives broken JSON. */
  truncate?: boolean;
  /** Wait this long before answering. */
  delayMs?: number;
  /**
   * Close the connection instead of answering properly (the operation itself still happens, as
   * when an answer is lost): `before-response` sends nothing at all,
   * `mid-response` sends the status line, the headers and half the body (a network failure).
   */
  drop?: 'before-response' | 'mid-response';
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
    if (
      spec.status === undefined &&
      !spec.truncate &&
      spec.delayMs === undefined &&
      spec.drop === undefined
    ) {
      throw new Error('fail(): give a status, truncate, delayMs or drop');
    }
    if (spec.drop && (spec.status !== undefined || spec.truncate)) {
      throw new Error('fail(): drop sends no complete answer, so it takes no status or truncate');
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
