import { prepared, type Db } from "./database.js";

export interface LeaseRow {
  name: string;
  holder: string;
  acquired_at: number;
  renewed_at: number;
  expires_at: number;
}

/**
 * Named leases in SQLite. Taking and renewing are one statement (an upsert that only writes when the row is
 * ours or has expired), so two processes racing for a free lease cannot both win: SQLite serialises writers.
 */
export class LeaseRepository {
  constructor(private readonly db: Db) {}

  /**
   * Takes the lease, or renews it when `holder` has it. Returns when the holder's current tenure began
   * (unchanged by renewals, so a caller tells "renewed" from "taken anew"), or undefined: someone else has it.
   */
  tryAcquire(name: string, holder: string, now: number, ttlMs: number): number | undefined {
    return prepared(
      this.db,
      `INSERT INTO leases (name, holder, acquired_at, renewed_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET
         acquired_at = CASE WHEN leases.holder = excluded.holder THEN leases.acquired_at ELSE excluded.acquired_at END,
         holder = excluded.holder, renewed_at = excluded.renewed_at, expires_at = excluded.expires_at
       WHERE leases.holder = excluded.holder OR leases.expires_at <= excluded.renewed_at
       RETURNING acquired_at`,
    )
      .pluck()
      .get(name, holder, now, now, now + ttlMs) as number | undefined;
  }

  /** Gives the lease up at once (a clean stop), so the next instance need not wait for it to expire. */
  release(name: string, holder: string): boolean {
    return prepared(this.db, "DELETE FROM leases WHERE name = ? AND holder = ?").run(name, holder).changes === 1;
  }

  get(name: string): LeaseRow | undefined {
    return prepared(this.db, "SELECT name, holder, acquired_at, renewed_at, expires_at FROM leases WHERE name = ?").get(name) as LeaseRow | undefined;
  }
}
