import { mkdirSync, readdirSync, readFileSync, existsSync } from "node:fs";
import { dirname } from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";

export type Db = Database.Database;

const statementCache = new WeakMap<Db, Map<string, Database.Statement>>();

/**
 * A prepared statement, compiled once per database and SQL text. Repositories run the same few statements
 * on every update and every scheduled check: compiling them each time is wasted work, and every dropped
 * statement is garbage the addon must finalise. Plucking is reset, so each caller sets the mode it needs.
 */
export function prepared(db: Db, sql: string): Database.Statement {
  let cache = statementCache.get(db);
  if (!cache) statementCache.set(db, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = db.prepare(sql)));
  return statement.reader ? statement.pluck(false) : statement;
}

/**
 * Opens the SQLite file with the settings a long-running single-process service wants, then applies
 * every pending migration. Migrations are plain SQL files in src/store/migrations, named NNN_name.sql,
 * applied in order inside one transaction each and recorded in `schema_migrations`.
 */
export function openDatabase(path: string): Db {
  if (path !== ":memory:") mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  db.pragma("journal_mode = WAL");
  // NORMAL is durable across application crashes in WAL mode; only an OS crash may lose the last commit.
  db.pragma("synchronous = NORMAL");
  db.pragma("foreign_keys = ON");
  db.pragma("busy_timeout = 5000");
  migrate(db);
  return db;
}

function migrationsDir(): string {
  // Migrations ship as .sql beside the sources; the compiled code in dist/ reads them from src/.
  for (const relative of ["./migrations", "../../../src/store/migrations"]) {
    const path = fileURLToPath(new URL(relative, import.meta.url));
    if (existsSync(path)) return path;
  }
  throw new Error("src/store/migrations not found");
}

export function migrate(db: Db): string[] {
  db.exec("CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)");
  const applied = new Set(db.prepare("SELECT name FROM schema_migrations").pluck().all() as string[]);
  const dir = migrationsDir();
  const pending = readdirSync(dir)
    .filter((f) => /^\d{3}_[\w-]+\.sql$/.test(f) && !applied.has(f))
    .sort();
  for (const file of pending) {
    const sql = readFileSync(`${dir}/${file}`, "utf8");
    db.transaction(() => {
      db.exec(sql);
      db.prepare("INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)").run(file, new Date().toISOString());
    })();
  }
  return pending;
}
