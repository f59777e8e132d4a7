import type { CheckOptions } from "../../diagnosis/check-request.js";
import type { SecretBox } from "../../store/secret-box.js";
import type { WatchRow } from "../../store/watches-repository.js";
import type { AlertEvent, DetectionSettings, StartPart, WatchState } from "../detect.js";

/** What an observer may use to look at its watch; whatever touches the world is passed in. */
export interface ObserveContext {
  row: WatchRow;
  box: SecretBox;
  /** Bot API root, for the watched bots' getWebhookInfo. */
  apiRoot: string;
  allowPrivate: boolean;
  /** Extra options for the quick endpoint check (resolve map, extra CA, timeouts). */
  checkOptions?: Partial<CheckOptions>;
  telegramTimeoutMs: number;
  /** A fault of ours (a sealed secret that does not open): logged, never alerted. */
  onError: (error: Error) => void;
}

/** One point of the history chart: did the watched thing work, and how long its answer took. */
export interface HistorySample {
  ok: boolean;
  latencyMs: number | null;
}

/**
 * One kind of watch (as Uptime Kuma's monitor types): how to observe it and how to judge a change. The
 * monitor and detection loop over the registered observers; a new kind is a new file registered in
 * ./index.ts, with no change to the scheduler, the detection loop or the outbox.
 *
 * Each observer owns the key `name` of an observation and its own fields of the watch state.
 */
export interface WatchObserver<O = unknown> {
  readonly name: string;
  /** Whether this row watches this kind at all. */
  configured(row: WatchRow): boolean;
  /** Looks once. Undefined means "nothing could be seen this time" (detection then says nothing). */
  observe(ctx: ObserveContext): Promise<O | undefined>;
  /** Pure: updates `state` in place and pushes alerts, given the time of the observation. */
  detect(state: WatchState, observation: O, now: number, settings: DetectionSettings, events: AlertEvent[]): void;
  /** After the first observation of a new watch: its current state for the "watching started" message. */
  firstLook?(state: WatchState, observation: O): StartPart | undefined;
  /** The history point this observation makes, if any. */
  sample?(observation: O, state: WatchState): HistorySample | undefined;
}

const registry = new Map<string, WatchObserver>();

export function registerObserver<O>(observer: WatchObserver<O>): void {
  if (registry.has(observer.name)) throw new Error(`watch observer "${observer.name}" registered twice`);
  registry.set(observer.name, observer as WatchObserver);
}

/** The registered observers in registration order (detection runs them in this order). */
export function registeredObservers(): WatchObserver[] {
  return [...registry.values()];
}
