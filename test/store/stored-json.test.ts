import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ConversationStateRepository } from "../../src/store/conversation-state-repository.js";
import { openDatabase, type Db } from "../../src/store/database.js";
import { ReportsRepository } from "../../src/store/reports-repository.js";
import { SecretBox } from "../../src/store/secret-box.js";
import { ConversationStoreSchema } from "../../src/store/stored-json.js";
import { UsersRepository } from "../../src/store/users-repository.js";
import { tempDir } from "../support/temp.js";

// Stored JSON read back through a schema (real SQLite file): a row that does not parse is reported and
// treated as gone, never handed on as a cast (where it would throw later, in a handler).
const box = new SecretBox("33".repeat(32));
let dir: string;
let db: Db;
const bad: Array<[string, string, string]> = [];
const onBadRow = (table: string, key: string, reason: string) => void bad.push([table, key, reason]);
const report = { url: "https://bot.example.com/hook", platform: "telegram", verdict: "fail", primary: "http.bad_gateway", checked_at: new Date().toISOString(), findings: [{ code: "http.bad_gateway", severity: "fail", evidence: { status: 502 } }], checks: [{ id: "http", status: "fail" }] };

beforeAll(() => {
  dir = tempDir("wd-stored-json-");
  db = openDatabase(join(dir, "s.sqlite"));
  new UsersRepository(db).ensure(1);
});
beforeEach(() => void (bad.length = 0));
afterAll(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe("stored reports and their sealed requests", () => {
  const reports = () => new ReportsRepository(db, box, onBadRow);

  it("a report and a request of the right shape read back whole", () => {
    const id = reports().save(report, { userId: 1 }, { url: report.url, platform: "whatsapp", secrets: { verifyToken: "vt-1234" }, auth: { kind: "bearer" } });
    expect(reports().get(id)?.report).toEqual(report);
    expect(reports().request(id, 1)).toEqual({ url: report.url, platform: "whatsapp", secrets: { verifyToken: "vt-1234" }, auth: { kind: "bearer" } });
    expect(bad).toEqual([]);
  });

  it.each([
    ["cut short", '{"url": "https://x'],
    ["a verdict no version writes", JSON.stringify({ ...report, verdict: "maybe" })],
    ["findings missing", JSON.stringify({ ...report, findings: undefined })],
  ])("a damaged report (%s) reads as gone, reported", (_what, json) => {
    const id = reports().save(report, { userId: 1 });
    db.prepare("UPDATE reports SET report_json = ? WHERE id = ?").run(json, id);
    expect(reports().get(id)).toBeUndefined();
    expect(bad).toHaveLength(1);
    expect(bad[0].slice(0, 2)).toEqual(["reports", id]);
  });

  it.each([
    ["a platform no version knows", { url: report.url, platform: "ftp", secrets: {} }],
    ["secrets of the wrong type", { url: report.url, platform: "telegram", secrets: { botToken: 42 } }],
    ["an unknown signing scheme", { url: report.url, platform: "generic", secrets: {}, auth: { kind: "hmac", scheme: "rot13" } }],
  ])("a sealed request with %s is not run again: reads as gone, reported", (_what, request) => {
    const id = reports().save(report, { userId: 1 });
    db.prepare("UPDATE reports SET request_sealed = ? WHERE id = ?").run(box.seal(JSON.stringify(request), `report:${id}`), id);
    expect(reports().request(id, 1)).toBeUndefined();
    expect(reports().requestForOthers(id)).toBeUndefined();
    expect(bad.map((b) => b[0])).toEqual(["reports.request_sealed", "reports.request_sealed"]);
  });

  it("a request sealed under another key reads as gone without a report (expected after a key change)", () => {
    const id = reports().save(report, { userId: 1 }, { url: report.url, platform: "telegram", secrets: {} });
    expect(new ReportsRepository(db, new SecretBox("44".repeat(32)), onBadRow).request(id, 1)).toBeUndefined();
    expect(bad).toEqual([]);
  });
});

describe("sealed dialog state", () => {
  const states = () => new ConversationStateRepository<unknown>(db, box, { schema: ConversationStoreSchema, onBadRow });
  const good = { version: [0, 1], state: { check: [{ args: "[]", replay: { send: [{ payload: "x" }], receive: [{ send: 0, returnValue: { text: "hi" } }] }, interrupts: [1] }] } };

  it("the conversations plugin's state round-trips", () => {
    states().write("chat-1", good);
    expect(states().read("chat-1")).toEqual(good);
    expect(bad).toEqual([]);
  });

  it.each([
    ["another shape", { said: "hello" }],
    ["a replay log of the wrong type", { version: [0, 1], state: { check: [{ replay: { send: "x", receive: [] }, interrupts: [] }] } }],
  ])("a state of %s reads as absent (the dialog starts afresh), is reported and dropped", (_what, state) => {
    new ConversationStateRepository<unknown>(db, box).write("chat-2", state);
    expect(states().read("chat-2")).toBeUndefined();
    expect(bad.map((b) => b.slice(0, 2))).toEqual([["conversation_state", "chat-2"]]);
    expect(db.prepare("SELECT COUNT(*) FROM conversation_state WHERE key = 'chat-2'").pluck().get()).toBe(0);
  });
});
