import { describe, expect, it } from "vitest";
import { openDatabase, prepared } from "../../src/store/database.js";

describe("prepared statements", () => {
  it("are compiled once per database and SQL text, and a pluck by one caller does not leak to the next", () => {
    const db = openDatabase(":memory:");
    const sql = "SELECT name FROM schema_migrations ORDER BY name LIMIT 1";
    const first = prepared(db, sql);
    expect(prepared(db, sql)).toBe(first);
    expect(typeof prepared(db, sql).pluck().get()).toBe("string");
    expect(prepared(db, sql).get()).toHaveProperty("name");
    const other = openDatabase(":memory:");
    expect(prepared(other, sql)).not.toBe(first);
    db.close();
    other.close();
  });
});
