import type { Bot, Context } from "grammy";

/** Counts update handlers that are still running, whichever way the update arrived. */
export interface UpdateTracker {
  readonly count: number;
  /** Resolves once no update handler is running (immediately when none is). */
  idle(): Promise<void>;
}

/**
 * Wraps `bot.handleUpdate`, the single entry both the runner (polling) and `webhookCallback` (webhook) go
 * through. In webhook mode grammY may answer Telegram before a slow handler ends (`onTimeout: "return"`),
 * so the HTTP side alone cannot tell when the last handler has finished; this can.
 */
export function trackUpdates<C extends Context>(bot: Bot<C>): UpdateTracker {
  let count = 0;
  let waiters: Array<() => void> = [];
  const handle = bot.handleUpdate.bind(bot);
  bot.handleUpdate = async (...args: Parameters<Bot<C>["handleUpdate"]>) => {
    count++;
    try {
      return await handle(...args);
    } finally {
      count--;
      if (count === 0) {
        const wake = waiters;
        waiters = [];
        wake.forEach((w) => w());
      }
    }
  };
  return {
    get count() {
      return count;
    },
    idle: () => (count === 0 ? Promise.resolve() : new Promise<void>((resolve) => waiters.push(resolve))),
  };
}
