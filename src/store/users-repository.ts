import { prepared, type Db } from "./database.js";

/** The bot's users: the language each chose (NULL = follow Telegram's setting), and when they blocked us. */
export class UsersRepository {
  constructor(private readonly db: Db) {}

  language(userId: number): string | null {
    const row = prepared(this.db, "SELECT language FROM users WHERE id = ?").get(userId) as { language: string | null } | undefined;
    return row?.language ?? null;
  }

  /** Creates the row other tables hang from (reports, watches) if it is not there yet. */
  ensure(userId: number): void {
    prepared(this.db, "INSERT INTO users (id, language, created_at) VALUES (?, NULL, ?) ON CONFLICT(id) DO NOTHING").run(userId, new Date().toISOString());
  }

  setLanguage(userId: number, language: string | null): void {
    prepared(this.db, "INSERT INTO users (id, language, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET language = excluded.language")
      .run(userId, language, new Date().toISOString());
  }

  /** Telegram said 403 (blocked): remember it, so nothing keeps retrying a chat that cannot receive. */
  setBlocked(userId: number, blocked: boolean): void {
    this.ensure(userId);
    prepared(this.db, "UPDATE users SET blocked_at = ? WHERE id = ?").run(blocked ? new Date().toISOString() : null, userId);
  }

  isBlocked(userId: number): boolean {
    const row = prepared(this.db, "SELECT blocked_at FROM users WHERE id = ?").get(userId) as { blocked_at: string | null } | undefined;
    return Boolean(row?.blocked_at);
  }

  /** /forget: the user's row and, through ON DELETE CASCADE, everything stored for them. */
  forget(userId: number): boolean {
    // Dialog keys are "<chat>:<user>" (see dialogKey in src/bot/index.ts).
    prepared(this.db, "DELETE FROM conversation_state WHERE key LIKE ?").run(`%:${userId}`);
    return prepared(this.db, "DELETE FROM users WHERE id = ?").run(userId).changes > 0;
  }
}
