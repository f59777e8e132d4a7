import { prepared, type Db } from "./database.js";
import type { GenericSchema } from "valibot";
import type { SecretBox } from "./secret-box.js";
import { parseStoredJson, type BadRowHandler } from "./stored-json.js";

/**
 * Storage for @grammyjs/conversations: one sealed row per chat. The plugin keeps every update a
 * conversation has read (a pasted bot token among them), so the row is encrypted before it is written.
 */
export class ConversationStateRepository<T> {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
    /** How the state must look when read back (a row that does not match is dropped: the dialog starts afresh). */
    private readonly check: { schema?: GenericSchema<unknown, T>; onBadRow?: BadRowHandler } = {},
  ) {}

  read(key: string): T | undefined {
    const row = prepared(this.db, "SELECT sealed FROM conversation_state WHERE key = ?").get(key) as { sealed: string } | undefined;
    if (!row) return undefined;
    let json: string;
    try {
      json = this.box.open(row.sealed, `conversation:${key}`);
    } catch {
      // Sealed under another key (ENCRYPTION_KEY rotated): start the conversation afresh, do not crash.
      return undefined;
    }
    if (!this.check.schema) return JSON.parse(json) as T;
    const parsed = parseStoredJson(this.check.schema, json);
    if (parsed.ok) return parsed.value;
    this.check.onBadRow?.("conversation_state", key, parsed.reason);
    this.delete(key); // it would fail the same way on every update of this chat
    return undefined;
  }

  write(key: string, state: T): void {
    prepared(this.db, "INSERT INTO conversation_state (key, sealed, updated_at) VALUES (?, ?, ?) ON CONFLICT(key) DO UPDATE SET sealed = excluded.sealed, updated_at = excluded.updated_at")
      .run(key, this.box.seal(JSON.stringify(state), `conversation:${key}`), Date.now());
  }

  delete(key: string): void {
    prepared(this.db, "DELETE FROM conversation_state WHERE key = ?").run(key);
  }

  /** Abandoned conversations (the user walked away) are dropped after a day. */
  prune(olderThanMs = 24 * 3600_000, now = Date.now()): number {
    return prepared(this.db, "DELETE FROM conversation_state WHERE updated_at < ?").run(now - olderThanMs).changes;
  }
}
