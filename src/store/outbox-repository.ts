import { prepared, type Db } from "./database.js";

/** An alert produced by detection (kind + secret-free payload). */
export interface NewAlert {
  kind: string;
  payload: Record<string, unknown>;
}

export interface DetectionWrite {
  watchId: number;
  stateJson: string;
  status: "unknown" | "healthy" | "failing";
  failingSince: number | null;
  alerts: NewAlert[];
  now: number;
}

/** A pending delivery with everything the sender needs to render and send it. */
export interface PendingDelivery {
  id: number;
  alert_id: number;
  subscription_id: number;
  attempts: number;
  next_attempt_at: number;
  kind: string;
  payload_json: string;
  alert_created_at: number;
  watch_id: number;
  label: string | null;
  bot_username: string | null;
  url: string | null;
  chat_id: number;
  message_thread_id: number | null;
  language: string;
}

/**
 * The alert outbox: alerts and one delivery row per subscriber. Detection writes them together with the
 * watch's new state in ONE transaction, so a crash either keeps all of it or none of it.
 */
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /** Returns how many deliveries were queued (0 when the watch was deleted meanwhile or is muted). */
  commitDetection(write: DetectionWrite): number {
    return this.db.transaction(() => {
      const updated = prepared(this.db, 
          "UPDATE watches SET state_json = ?, status = ?, failing_since = ?, last_change_at = CASE WHEN ? > 0 THEN ? ELSE last_change_at END WHERE id = ?",
        )
        .run(write.stateJson, write.status, write.failingSince, write.alerts.length, write.now, write.watchId);
      if (updated.changes === 0) return 0; // deleted while its check ran
      let queued = 0;
      const watchMuted = ((prepared(this.db, "SELECT muted_until FROM watches WHERE id = ?").pluck().get(write.watchId) as number | null) ?? 0) > write.now;
      const insertAlert = prepared(this.db, "INSERT INTO alerts (watch_id, kind, payload_json, created_at) VALUES (?, ?, ?, ?)");
      const fanOut = prepared(this.db, 
        `INSERT INTO deliveries (alert_id, subscription_id, next_attempt_at)
         SELECT ?, id, ? FROM subscriptions WHERE watch_id = ? AND active = 1 AND IFNULL(muted_until, 0) <= ? ORDER BY id`,
      );
      for (const alert of write.alerts) {
        const alertId = insertAlert.run(write.watchId, alert.kind, JSON.stringify(alert.payload), write.now).lastInsertRowid;
        // A muted watch still records its alerts (history), it just tells nobody.
        if (!watchMuted) queued += fanOut.run(alertId, write.now, write.watchId, write.now).changes;
      }
      return queued;
    })();
  }

  /** Pending deliveries due by `now`, in the order they were queued. */
  due(now: number, limit: number): PendingDelivery[] {
    return prepared(this.db, 
        `SELECT d.id, d.alert_id, d.subscription_id, d.attempts, d.next_attempt_at,
                a.kind, a.payload_json, a.created_at AS alert_created_at,
                w.id AS watch_id, w.label, w.bot_username, w.url,
                s.chat_id, s.message_thread_id, s.language
           FROM deliveries d
           JOIN alerts a ON a.id = d.alert_id
           JOIN watches w ON w.id = a.watch_id
           JOIN subscriptions s ON s.id = d.subscription_id
          WHERE d.status = 'pending' AND d.next_attempt_at <= ? AND s.active = 1
          ORDER BY d.next_attempt_at, d.id
          LIMIT ?`,
      )
      .all(now, limit) as PendingDelivery[];
  }

  /** When the next pending delivery becomes due, if any. */
  nextDueAt(): number | undefined {
    return (prepared(this.db, "SELECT MIN(next_attempt_at) FROM deliveries WHERE status = 'pending'").pluck().get() as number | null) ?? undefined;
  }

  pendingCount(): number {
    return prepared(this.db, "SELECT COUNT(*) FROM deliveries WHERE status = 'pending'").pluck().get() as number;
  }

  markSent(id: number, messageId: number, now: number): void {
    prepared(this.db, "UPDATE deliveries SET status = 'sent', sent_at = ?, message_id = ?, attempts = attempts + 1 WHERE id = ?").run(now, messageId, id);
  }

  /** Try again later; `countAttempt` is false for a 429 (Telegram asked us to wait, nothing failed). */
  retryLater(id: number, at: number, error: string, countAttempt: boolean): void {
    prepared(this.db, "UPDATE deliveries SET next_attempt_at = ?, last_error = ?, attempts = attempts + ? WHERE id = ?")
      .run(at, error.slice(0, 300), countAttempt ? 1 : 0, id);
  }

  markFailed(id: number, error: string): void {
    prepared(this.db, "UPDATE deliveries SET status = 'failed', last_error = ?, attempts = attempts + 1 WHERE id = ?").run(error.slice(0, 300), id);
  }

  /**
   * Dead letter: the stored alert cannot be rendered (malformed JSON, an unknown kind, a payload that fails
   * its schema). Sending it again would fail again, forever, and block nothing else only if it is set aside:
   * status 'dead' keeps the row and the reason for a person to look at, and the sender goes on.
   */
  markDead(id: number, reason: string): void {
    prepared(this.db, "UPDATE deliveries SET status = 'dead', last_error = ? WHERE id = ?").run(reason.slice(0, 300), id);
  }

  /** The subscriber is gone: drop every delivery still pending for it. */
  dropForSubscription(subscriptionId: number, reason: string): number {
    return prepared(this.db, "UPDATE deliveries SET status = 'dropped', last_error = ? WHERE subscription_id = ? AND status = 'pending'")
      .run(reason.slice(0, 300), subscriptionId).changes;
  }

  /** Bounded growth: alerts older than `before` whose deliveries are all settled (and those deliveries). */
  pruneBefore(before: number): number {
    return prepared(this.db, "DELETE FROM alerts WHERE created_at < ? AND NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.alert_id = alerts.id AND d.status = 'pending')")
      .run(before).changes;
  }
}
