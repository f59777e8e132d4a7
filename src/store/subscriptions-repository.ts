import { prepared, type Db } from "./database.js";

export interface SubscriptionRow {
  id: number;
  watch_id: number;
  chat_id: number;
  message_thread_id: number | null;
  language: string;
  muted_until: number | null;
  active: number;
  deactivated_at: number | null;
  deactivated_reason: string | null;
  created_at: number;
}

export interface ShareCodeRow {
  code: string;
  watch_id: number;
  created_at: number;
  revoked_at: number | null;
}

/** Who receives a watch's alerts (chats, forum topics) and the revocable share codes that let them subscribe. */
export class SubscriptionsRepository {
  constructor(private readonly db: Db) {}

  /** Subscribes a chat (or reactivates it, with the new language), returning the row. */
  upsert(watchId: number, chatId: number, threadId: number | null, language: string, now: number): SubscriptionRow {
    const existing = this.find(watchId, chatId, threadId);
    if (existing) {
      prepared(this.db, "UPDATE subscriptions SET active = 1, deactivated_at = NULL, deactivated_reason = NULL, language = ? WHERE id = ?")
        .run(language, existing.id);
      return this.get(existing.id)!;
    }
    const id = Number(
      prepared(this.db, "INSERT INTO subscriptions (watch_id, chat_id, message_thread_id, language, created_at) VALUES (?, ?, ?, ?, ?)")
        .run(watchId, chatId, threadId, language, now).lastInsertRowid,
    );
    return this.get(id)!;
  }

  get(id: number): SubscriptionRow | undefined {
    return prepared(this.db, "SELECT * FROM subscriptions WHERE id = ?").get(id) as SubscriptionRow | undefined;
  }

  find(watchId: number, chatId: number, threadId: number | null): SubscriptionRow | undefined {
    return prepared(this.db, "SELECT * FROM subscriptions WHERE watch_id = ? AND chat_id = ? AND IFNULL(message_thread_id, 0) = IFNULL(?, 0)")
      .get(watchId, chatId, threadId) as SubscriptionRow | undefined;
  }

  listByWatch(watchId: number): SubscriptionRow[] {
    return prepared(this.db, "SELECT * FROM subscriptions WHERE watch_id = ? ORDER BY id").all(watchId) as SubscriptionRow[];
  }

  remove(watchId: number, chatId: number, threadId: number | null): boolean {
    return prepared(this.db, "DELETE FROM subscriptions WHERE watch_id = ? AND chat_id = ? AND IFNULL(message_thread_id, 0) = IFNULL(?, 0)")
      .run(watchId, chatId, threadId).changes > 0;
  }

  /** Every subscription of one chat (or forum topic), whatever the watch: /unsubscribe and /mute in a chat. */
  listByChat(chatId: number, threadId: number | null): SubscriptionRow[] {
    return prepared(this.db, "SELECT * FROM subscriptions WHERE chat_id = ? AND IFNULL(message_thread_id, 0) = IFNULL(?, 0) ORDER BY id")
      .all(chatId, threadId) as SubscriptionRow[];
  }

  /** Telegram moved a group to a new (supergroup) chat id; throws if that chat is already subscribed. */
  moveToChat(id: number, chatId: number): void {
    prepared(this.db, "UPDATE subscriptions SET chat_id = ? WHERE id = ?").run(chatId, id);
  }

  setMutedUntil(id: number, until: number | null): void {
    prepared(this.db, "UPDATE subscriptions SET muted_until = ? WHERE id = ?").run(until, id);
  }

  /** Telegram said this chat is gone (blocked, kicked, deleted): stop sending, keep the row as a record. */
  deactivate(id: number, reason: string, now: number): void {
    prepared(this.db, "UPDATE subscriptions SET active = 0, deactivated_at = ?, deactivated_reason = ? WHERE id = ?").run(now, reason.slice(0, 200), id);
  }

  insertShareCode(code: string, watchId: number, now: number): void {
    prepared(this.db, "INSERT INTO share_codes (code, watch_id, created_at) VALUES (?, ?, ?)").run(code, watchId, now);
  }

  shareCode(code: string): ShareCodeRow | undefined {
    return prepared(this.db, "SELECT * FROM share_codes WHERE code = ?").get(code) as ShareCodeRow | undefined;
  }

  revokeShareCode(code: string, now: number): boolean {
    return prepared(this.db, "UPDATE share_codes SET revoked_at = ? WHERE code = ? AND revoked_at IS NULL").run(now, code).changes > 0;
  }

  revokeAllShareCodes(watchId: number, now: number): number {
    return prepared(this.db, "UPDATE share_codes SET revoked_at = ? WHERE watch_id = ? AND revoked_at IS NULL").run(now, watchId).changes;
  }
}
