import { rmSync, writeFileSync } from "node:fs";

/** How often the heartbeat file is rewritten, and how old it may be before the container counts as dead. */
export const HEARTBEAT_EVERY_MS = 10_000;
export const HEARTBEAT_MAX_AGE_MS = 60_000;

/**
 * Liveness for polling mode, where no port is open: while the bot takes updates, a file is rewritten every
 * 10 s (its content is the time). Docker's HEALTHCHECK (src/server/healthcheck.ts) reads its age. A stuck
 * event loop or a stopped runner stops the writes; the file is removed on shutdown.
 */
export function startHeartbeat(path: string, alive: () => boolean, everyMs = HEARTBEAT_EVERY_MS): { stop(): void } {
  const beat = () => {
    if (alive()) writeFileSync(path, `${new Date().toISOString()}\n`);
  };
  beat();
  const timer = setInterval(beat, everyMs).unref();
  return {
    stop() {
      clearInterval(timer);
      rmSync(path, { force: true });
    },
  };
}
