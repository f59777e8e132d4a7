import { prepared, type Db } from "./database.js";

/**
 * Bursts run by the bot: the rate limit and the one-burst-per-URL lock, kept in SQLite so they hold across
 * restarts and across users. The decision (what is "running", what is "recent") is passed in, so the rule
 * lives in one place (src/diagnosis/burst-gate.ts) for the bot and the command line alike.
 */
export class BurstRunsRepository {
  constructor(
    private readonly db: Db,
    private readonly verdict: (
      runs: Array<{ startedAt: number; finishedAt: number | null }>,
      now: number,
    ) => { ok: true } | { ok: false; reason: "rate_limited" | "in_progress"; retry_after_s?: number },
    /** Rows older than this cannot matter to the rule any more. */
    private readonly windowMs: number,
  ) {}

  /** Reads the URL's recent runs and claims it in one transaction: two concurrent callers never both win. */
  begin(urlKey: string, _userKey: string, now: number) {
    return this.db.transaction(() => {
      const rows = prepared(this.db, "SELECT started_at, finished_at FROM burst_runs WHERE url_key = ? AND started_at > ?").all(urlKey, now - this.windowMs) as Array<{
        started_at: number;
        finished_at: number | null;
      }>;
      const decision = this.verdict(
        rows.map((r) => ({ startedAt: r.started_at, finishedAt: r.finished_at })),
        now,
      );
      if (decision.ok) prepared(this.db, "INSERT INTO burst_runs (url_key, started_at) VALUES (?, ?)").run(urlKey, now);
      return decision;
    }).immediate();
  }

  finish(urlKey: string, now: number, discard = false): void {
    if (discard) prepared(this.db, "DELETE FROM burst_runs WHERE url_key = ? AND finished_at IS NULL").run(urlKey);
    else prepared(this.db, "UPDATE burst_runs SET finished_at = ? WHERE url_key = ? AND finished_at IS NULL").run(now, urlKey);
  }

  prune(now = Date.now()): number {
    return prepared(this.db, "DELETE FROM burst_runs WHERE started_at < ?").run(now - this.windowMs).changes;
  }
}
