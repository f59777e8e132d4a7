import type { Logger } from "pino";

/** One stage of a graceful stop, run in order; `pending` describes the work still open if the deadline cuts it. */
export interface ShutdownStep {
  name: string;
  run: () => unknown;
  pending?: () => Record<string, unknown>;
}

export interface ShutdownOptions {
  logger: Logger;
  steps: ShutdownStep[];
  /** After this long the process exits anyway (code 1), logging the step it was in. Default 25 s. */
  deadlineMs?: number;
  signals?: NodeJS.Signals[];
  exit?: (code: number) => void;
}

export const DEFAULT_SHUTDOWN_DEADLINE_MS = 25_000;

/**
 * Graceful stop on SIGTERM/SIGINT, shared by polling and webhook mode: the steps stop intake, let in-flight
 * work end and release resources. Exit code 0 when every step finished, 1 when one failed or the deadline
 * cut the stop short. A second signal during the stop exits at once (Ctrl-C twice).
 * Returns the stop function so it can also be triggered without a signal.
 */
export function installShutdown(options: ShutdownOptions): (reason: string) => Promise<void> {
  const { logger, steps, deadlineMs = DEFAULT_SHUTDOWN_DEADLINE_MS, exit = (code) => process.exit(code) } = options;
  let stopping = false;
  let current = 0;
  let started = 0;

  const describeCut = () =>
    steps.slice(current).map((step) => ({ step: step.name, ...(step.pending?.() ?? {}) }));

  const stop = async (reason: string): Promise<void> => {
    if (stopping) {
      logger.warn({ reason, cut: describeCut() }, "second stop request: exiting now without finishing");
      exit(1);
      return;
    }
    stopping = true;
    started = Date.now();
    logger.info({ reason, deadline_ms: deadlineMs }, "stopping: no new updates, finishing in-flight work");
    const deadline = setTimeout(() => {
      logger.error({ elapsed_ms: Date.now() - started, cut: describeCut() }, "shutdown deadline reached: exiting with work unfinished");
      exit(1);
    }, deadlineMs);
    let failed = false;
    for (current = 0; current < steps.length; current++) {
      const step = steps[current];
      const t0 = Date.now();
      try {
        await step.run();
        logger.debug({ step: step.name, ms: Date.now() - t0 }, "shutdown step done");
      } catch (err) {
        failed = true;
        logger.error({ err, step: step.name }, "shutdown step failed; continuing with the next");
      }
    }
    clearTimeout(deadline);
    logger.info({ elapsed_ms: Date.now() - started }, failed ? "stopped, with errors" : "stopped cleanly");
    exit(failed ? 1 : 0);
  };

  for (const signal of options.signals ?? (["SIGTERM", "SIGINT"] as NodeJS.Signals[])) {
    process.on(signal, () => void stop(signal));
  }
  return stop;
}
