import { prepared, type Db } from "./database.js";

/** One watches row as the monitor and the service use it (token still sealed). */
export interface WatchRow {
  id: number;
  owner_id: number;
  label: string | null;
  url: string | null;
  token_sealed: string | null;
  /** Platform of the endpoint check (migration 005). */
  platform: "telegram" | "whatsapp" | "generic";
  /** The endpoint's real target and secrets, sealed (AAD "watch:<id>:endpoint"); NULL when `url` is the whole target. */
  endpoint_sealed: string | null;
  bot_id: number | null;
  bot_username: string | null;
  interval_s: number;
  next_run_at: number;
  state_json: string;
  status: "unknown" | "healthy" | "failing";
  failing_since: number | null;
  last_change_at: number | null;
  muted_until: number | null;
  created_at: number;
}

export interface NewWatch {
  ownerId: number;
  label?: string | null;
  /** Sanitised URL for display. */
  url?: string | null;
  platform?: "telegram" | "whatsapp" | "generic";
  botId?: number | null;
  botUsername?: string | null;
  intervalS: number;
  nextRunAt: number;
  createdAt: number;
}

/** Watches: what each user watches, its schedule (next_run_at) and its change-detection state. */
export class WatchesRepository {
  constructor(private readonly db: Db) {}

  /** Inserts the row and seals the token and the endpoint's secrets with the new row's id as AAD, in one transaction. */
  insert(watch: NewWatch, sealToken?: (watchId: number) => string, sealEndpoint?: (watchId: number) => string): WatchRow {
    return this.db.transaction(() => {
      // The owner must exist for the foreign key; keep any language he already chose.
      prepared(this.db, "INSERT OR IGNORE INTO users (id, language, created_at) VALUES (?, NULL, ?)").run(watch.ownerId, new Date(watch.createdAt).toISOString());
      const id = Number(
        prepared(this.db, "INSERT INTO watches (owner_id, label, url, platform, bot_id, bot_username, interval_s, next_run_at, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
          .run(watch.ownerId, watch.label ?? null, watch.url ?? null, watch.platform ?? "telegram", watch.botId ?? null, watch.botUsername ?? null, watch.intervalS, watch.nextRunAt, watch.createdAt).lastInsertRowid,
      );
      if (sealToken) prepared(this.db, "UPDATE watches SET token_sealed = ? WHERE id = ?").run(sealToken(id), id);
      if (sealEndpoint) prepared(this.db, "UPDATE watches SET endpoint_sealed = ? WHERE id = ?").run(sealEndpoint(id), id);
      return this.get(id)!;
    })();
  }

  get(id: number): WatchRow | undefined {
    return prepared(this.db, "SELECT * FROM watches WHERE id = ?").get(id) as WatchRow | undefined;
  }

  listByOwner(ownerId: number): WatchRow[] {
    return prepared(this.db, "SELECT * FROM watches WHERE owner_id = ? ORDER BY id").all(ownerId) as WatchRow[];
  }

  countByOwner(ownerId: number): number {
    return prepared(this.db, "SELECT COUNT(*) FROM watches WHERE owner_id = ?").pluck().get(ownerId) as number;
  }

  delete(id: number): boolean {
    return prepared(this.db, "DELETE FROM watches WHERE id = ?").run(id).changes > 0;
  }

  /** A new token for a watch whose token was revoked; it is checked again at once. */
  replaceToken(id: number, tokenSealed: string, now: number): void {
    prepared(this.db, "UPDATE watches SET token_sealed = ?, next_run_at = ? WHERE id = ?").run(tokenSealed, now, id);
  }

  setMutedUntil(id: number, until: number | null): void {
    prepared(this.db, "UPDATE watches SET muted_until = ? WHERE id = ?").run(until, id);
  }

  setNextRunAt(id: number, at: number): void {
    prepared(this.db, "UPDATE watches SET next_run_at = ? WHERE id = ?").run(at, id);
  }

  /** Watches whose time has come, oldest first, skipping those already running in this process. */
  due(now: number, limit: number, exclude: ReadonlySet<number>): WatchRow[] {
    if (limit <= 0) return [];
    // Ask for a few more than needed so in-flight ones being skipped do not starve the batch.
    const rows = prepared(this.db, "SELECT * FROM watches WHERE next_run_at <= ? ORDER BY next_run_at LIMIT ?").all(now, limit + exclude.size) as WatchRow[];
    return rows.filter((r) => !exclude.has(r.id)).slice(0, limit);
  }

  /** The earliest next_run_at of all watches (for sleeping until then). */
  earliestDue(): number | undefined {
    return (prepared(this.db, "SELECT MIN(next_run_at) FROM watches").pluck().get() as number | null) ?? undefined;
  }

  /**
   * After a restart: every watch already overdue gets a slot spread evenly over its own interval, so
   * none is skipped and they do not all fire in the same second. Returns how many were moved.
   */
  spreadOverdue(now: number): number {
    const overdue = prepared(this.db, "SELECT id, interval_s FROM watches WHERE next_run_at <= ? ORDER BY next_run_at").all(now) as Array<{ id: number; interval_s: number }>;
    const update = prepared(this.db, "UPDATE watches SET next_run_at = ? WHERE id = ?");
    this.db.transaction(() => {
      overdue.forEach((w, i) => update.run(now + Math.floor((i / overdue.length) * w.interval_s * 1000), w.id));
    })();
    return overdue.length;
  }
}
