import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ConversationStateRepository } from "../../src/store/conversation-state-repository.js";
import { openDatabase } from "../../src/store/database.js";
import { ReportsRepository } from "../../src/store/reports-repository.js";
import { SecretBox } from "../../src/store/secret-box.js";
import { UsersRepository } from "../../src/store/users-repository.js";
import { tempDir } from "../support/temp.js";

const KEY = "11".repeat(32);
const report = (checkedAt: string) => ({ url: "https://bot.example.com/hook", platform: "telegram", verdict: "fail", primary: "http.bad_gateway", checked_at: checkedAt, findings: [], checks: [] });

describe("what the bot stores, and for how long (real SQLite file)", () => {
  it("dialog state is sealed, readable back, and dropped after a day; a row sealed under another key reads as absent", () => {
    const path = `${tempDir("wd-store-")}/s.sqlite`;
    const db = openDatabase(path);
    const box = new SecretBox(KEY);
    const states = new ConversationStateRepository<{ said: string }>(db, box);
    states.write("42", { said: "700200:BBzzUserBotSecretPart_0123456789abcdef" });
    expect(states.read("42")).toEqual({ said: "700200:BBzzUserBotSecretPart_0123456789abcdef" });
    db.pragma("wal_checkpoint(TRUNCATE)");
    expect(readFileSync(path).includes("BBzzUserBotSecretPart")).toBe(false);
    expect(new ConversationStateRepository(db, new SecretBox("22".repeat(32))).read("42")).toBeUndefined();
    expect(states.prune(24 * 3600_000, Date.now() + 25 * 3600_000)).toBe(1);
    expect(states.read("42")).toBeUndefined();
    db.close();
  });

  it("reports keep their sealed request for the owner only, are pruned after 30 days, and /forget takes them along", () => {
    const db = openDatabase(`${tempDir("wd-store-")}/r.sqlite`);
    const box = new SecretBox(KEY);
    const users = new UsersRepository(db);
    const reports = new ReportsRepository(db, box);
    users.ensure(1);
    const old = reports.save(report("2026-09-01T00:00:00.000Z"), { userId: 1 }, { url: "https://bot.example.com/hook", platform: "telegram", secrets: { botToken: "1:x" } });
    const fresh = reports.save(report(new Date().toISOString()), { userId: 1 }, { url: "https://bot.example.com/hook", platform: "telegram", secrets: { botToken: "1:x" } });
    expect(old).toMatch(/^[a-z2-9]{8}$/);
    expect(reports.request(fresh, 1)?.secrets).toEqual({ botToken: "1:x" });
    expect(reports.request(fresh, 2)).toBeUndefined(); // another user: no secrets
    expect(reports.prune(new Date())).toBe(1);
    expect(reports.get(old)).toBeUndefined();
    expect(reports.get(fresh)?.report.primary).toBe("http.bad_gateway");
    users.forget(1);
    expect(reports.get(fresh)).toBeUndefined();
    db.close();
  });
});
