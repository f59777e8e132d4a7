import type { Db } from "./database.js";

/** The bot's users: the language each chose (NULL = follow Telegram's setting), and when they blocked us. */
export class UsersRepository {
  constructor(private readonly db: Db) {}

  language(userId: number): string | null {
    const row = this.db.prepare("SELECT language FROM users WHERE id = ?").get(userId) as { language: string | null } | undefined;
    return row?.language ?? null;
  }

  setLanguage(userId: number, language: string | null): void {
    this.db
      .prepare("INSERT INTO users (id, language, created_at) VALUES (?, ?, ?) ON CONFLICT(id) DO UPDATE SET language = excluded.language")
      .run(userId, language, new Date().toISOString());
  }

  /** /forget: the user's row and, through ON DELETE CASCADE, everything stored for them. */
  forget(userId: number): boolean {
    return this.db.prepare("DELETE FROM users WHERE id = ?").run(userId).changes > 0;
  }
}
