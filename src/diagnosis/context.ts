import { ConnectionHandoff } from "../probes/connection-handoff.js";
import type { CheckRequest } from "./check-request.js";

/** What every check gets: the request, one shared deadline, and a clock. */
export interface CheckContext {
  request: CheckRequest;
  /** Aborted when the whole check's deadline passes. */
  signal: AbortSignal;
  now: () => Date;
  /** Milliseconds left before the whole check's deadline (never below 0). */
  remainingMs: () => number;
  /** Open connections handed from one probe to the next (TCP → TLS → HTTP), closed when the check ends. */
  connections: ConnectionHandoff;
}

export type { PinnedEndpoint } from "../model.js";

export function createContext(request: CheckRequest, now: () => Date = () => new Date()): CheckContext & { dispose(): void } {
  const started = now().getTime();
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error("check deadline reached")), request.options.totalTimeoutMs);
  timer.unref?.();
  const connections = new ConnectionHandoff();
  return {
    request,
    connections,
    signal: controller.signal,
    now,
    remainingMs: () => Math.max(0, started + request.options.totalTimeoutMs - now().getTime()),
    dispose: () => {
      clearTimeout(timer);
      void connections.close();
    },
  };
}

/** What one named check contributes to a report. */
export interface CheckOutcome {
  id: string;
  findings: import("./report.js").Finding[];
  /** Defaults to the status the findings imply; "skip" when the check could not run. */
  status?: import("./report.js").CheckStatus;
  duration_ms: number;
}
