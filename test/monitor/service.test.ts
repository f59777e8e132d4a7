import { existsSync, readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { t } from "../../src/i18n.js";
import { WatchError, WatchService, watchAad, type WatchErrorCode } from "../../src/monitor/watch-service.js";
import type { Db } from "../../src/store/database.js";
import { describeWatchState } from "../../src/render/alert-text.js";
import { OutboxRepository } from "../../src/store/outbox-repository.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { freshDatabase, secretBox } from "./helpers.js";

// The service API the bot builds on: bad input gets typed errors (with texts in every language), nothing
// half-stored; two owners of the same bot stay apart; tokens are never in the database file in clear.
// Loopback block: 127.0.30.3.
const TOKEN_A = "7300201:AAHserviceSERVICEserviceSERVICE0001";
const TOKEN_B = "7300202:AAHserviceSERVICEserviceSERVICE0002";
const api = new FakeBotApi();
let db: Db;
let dbPath: string;
let service: WatchService;

beforeAll(async () => {
  await api.start("127.0.30.3");
  api.addBot(TOKEN_A, { username: "alpha_watch_bot" });
  api.addBot(TOKEN_B, { username: "beta_watch_bot" });
  ({ db, path: dbPath } = freshDatabase("wd-monitor-service-"));
  service = new WatchService({ db, box: secretBox(), apiRoot: api.url, botUsername: "webhook_doctor_bot", maxWatchesPerUser: 3 });
});
afterAll(async () => {
  await api.stop();
  db.close();
});

async function rejection(promise: Promise<unknown> | (() => unknown)): Promise<WatchError> {
  try {
    await (typeof promise === "function" ? promise() : promise);
  } catch (error) {
    expect(error).toBeInstanceOf(WatchError);
    return error as WatchError;
  }
  throw new Error("expected a WatchError");
}

const count = (table: string) => db.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;

describe("WatchService", () => {
  it("refuses an invalid or revoked token with token_invalid and stores nothing", async () => {
    const revoked = "7300299:AAHrevokedREVOKEDrevokedREVOKED0001"; // well-formed, unknown to the API → 401
    expect((await rejection(service.addWatch(1, { token: revoked }))).code).toBe("token_invalid");
    expect((await rejection(service.addWatch(1, { token: "not-a-token" }))).code).toBe("token_invalid");
    expect(api.callsOf("getMe").map((c) => c.token)).toEqual([revoked]); // malformed: not even sent
    expect(count("watches")).toBe(0);
    expect(count("subscriptions")).toBe(0);
  });

  it("refuses an interval below 30 s, nothing to watch, and a non-http URL", async () => {
    const short = await rejection(service.addWatch(1, { token: TOKEN_A, intervalS: 29 }));
    expect(short.code).toBe("interval_too_short");
    expect(short.vars).toEqual({ min: 30 });
    expect((await rejection(service.addWatch(1, {}))).code).toBe("nothing_to_watch");
    expect((await rejection(service.addWatch(1, { url: "ftp://example.com/x" }))).code).toBe("url_invalid");
    expect(count("watches")).toBe(0);
  });

  it("enforces the per-user cap with watch_cap", async () => {
    for (let i = 0; i < 3; i++) await service.addWatch(2, { url: `https://cap${i}.example.com/hook` });
    const cap = await rejection(service.addWatch(2, { url: "https://cap3.example.com/hook" }));
    expect(cap.code).toBe("watch_cap");
    expect(t("ru", `monitor-error-${cap.code}`, cap.vars)).toContain("У вас уже 3 наблюдений");
    expect(service.listWatches(2)).toHaveLength(3);
    expect(service.listWatches(3)).toHaveLength(0); // another user is not affected
  });

  it("two users watching the same bot get two watches and never see each other's", async () => {
    const a = await service.addWatch(10, { token: TOKEN_A, label: "mine", language: "ru" });
    const b = await service.addWatch(11, { token: TOKEN_A });
    expect(a.id).not.toBe(b.id);
    expect(a.botUsername).toBe("alpha_watch_bot");
    expect(service.listWatches(10).map((w) => w.id)).toEqual([a.id]);
    expect(service.listWatches(11).map((w) => w.id)).toEqual([b.id]);
    for (const attempt of [() => service.getWatch(a.id, 11), () => service.mute(a.id, 11, 1), () => service.deleteWatch(a.id, 11), () => service.createShareCode(a.id, 11), () => service.checkNow(a.id, 11)]) {
      expect((await rejection(attempt)).code).toBe("not_found");
    }
    // Each owner is subscribed to his own watch only, in his language.
    expect(db.prepare("SELECT watch_id, chat_id, language FROM subscriptions WHERE watch_id IN (?, ?) ORDER BY watch_id").all(a.id, b.id)).toEqual([
      { watch_id: a.id, chat_id: 10, language: "ru" },
      { watch_id: b.id, chat_id: 11, language: "en" },
    ]);
    // Tokens are sealed per row: one watch's ciphertext does not open as another's.
    const sealed = db.prepare("SELECT token_sealed FROM watches WHERE id = ?").pluck().get(a.id) as string;
    expect(secretBox().open(sealed, watchAad(a.id))).toBe(TOKEN_A);
    expect(() => secretBox().open(sealed, watchAad(b.id))).toThrow();
  });

  it("share codes: malformed, unknown and revoked codes are typed errors; a valid one subscribes a forum topic", async () => {
    const watch = await service.addWatch(20, { token: TOKEN_B });
    const share = service.createShareCode(watch.id, 20);
    expect(share.link).toBe(`https://t.me/webhook_doctor_bot?start=${share.code}`);
    expect(service.isShareCode(share.code)).toBe(true);
    expect((await rejection(() => service.subscribe("hello world", { chatId: 5 }))).code).toBe("share_code_malformed");
    expect((await rejection(() => service.subscribe(`w${"A".repeat(16)}`, { chatId: 5 }))).code).toBe("share_code_unknown");

    const sub = service.subscribe(share.code, { chatId: -100555, threadId: 7, language: "zh-CN" });
    expect(sub).toMatchObject({ watchId: watch.id, watchName: "@beta_watch_bot" });
    // Subscribing twice is one subscription, not two.
    service.subscribe(share.code, { chatId: -100555, threadId: 7, language: "zh" });
    expect(db.prepare("SELECT COUNT(*) FROM subscriptions WHERE chat_id = -100555").pluck().get()).toBe(1);

    expect(service.revokeShareCode(share.code, 20)).toBe(true);
    const revoked = await rejection(() => service.subscribe(share.code, { chatId: 6 }));
    expect(revoked.code).toBe("share_code_revoked");
    for (const lang of ["en", "ru", "zh"]) expect(t(lang, `monitor-error-${revoked.code}`)).not.toMatch(/^monitor-error/);

    expect(service.unsubscribe(watch.id, -100555, 7)).toBe(true);
    expect(service.unsubscribe(watch.id, -100555, 7)).toBe(false);
  });

  it("mute shows in the list; a mute outside 1..168 h is refused", async () => {
    const watch = await service.addWatch(30, { url: "https://mute.example.com/hook" });
    const muted = service.mute(watch.id, 30, 8);
    expect(muted.mutedUntil).toBeGreaterThan(Date.now() + 7.9 * 3_600_000);
    expect((await rejection(() => service.mute(watch.id, 30, 0))).code).toBe("mute_hours");
    expect(service.unmute(watch.id, 30).mutedUntil).toBeNull();
  });

  it("a muted watch records its alerts but queues no delivery; a muted subscriber is skipped", async () => {
    const outbox = new OutboxRepository(db);
    const watch = await service.addWatch(40, { url: "https://quiet.example.com/hook" });
    const { code } = service.createShareCode(watch.id, 40);
    service.subscribe(code, { chatId: 41 });
    service.subscribe(code, { chatId: 42 });
    const write = () =>
      outbox.commitDetection({ watchId: watch.id, stateJson: "{}", status: "healthy", failingSince: null, alerts: [{ kind: "endpoint_up", payload: { lastedMs: 60_000 } }], now: Date.now() });
    service.mute(watch.id, 40, 1);
    expect(write()).toBe(0);
    service.unmute(watch.id, 40);
    service.muteSubscription(watch.id, 42, null, 24);
    expect(write()).toBe(2); // the owner and 41, not 42
    expect(db.prepare("SELECT COUNT(*) FROM alerts WHERE watch_id = ?").pluck().get(watch.id)).toBe(2);
    const targets = db.prepare("SELECT s.chat_id FROM deliveries d JOIN subscriptions s ON s.id = d.subscription_id WHERE s.watch_id = ? ORDER BY s.chat_id").pluck().all(watch.id);
    expect(targets).toEqual([40, 41]);
    expect(describeWatchState(service.mute(watch.id, 40, 8), "en")).toMatch(/^healthy · muted until \d{4}-\d\d-\d\d \d\d:\d\d UTC$/);
    expect((await rejection(() => service.muteSubscription(watch.id, 99, null, 1))).code).toBe("not_found");
  });

  it("every error code has a text in en, ru and zh", () => {
    const codes: WatchErrorCode[] = ["token_invalid", "telegram_unavailable", "nothing_to_watch", "url_invalid", "interval_too_short", "watch_cap", "not_found", "share_code_malformed", "share_code_unknown", "share_code_revoked", "mute_hours", "secret_token_invalid"];
    for (const lang of ["en", "ru", "zh"]) for (const code of codes) expect(t(lang, `monitor-error-${code}`, { min: 30, max: 20 })).not.toMatch(/^monitor-error/);
  });

  it("the token bytes appear neither in the .sqlite file nor in its -wal file", async () => {
    // Watches of its own (this test runs alone too): both tokens stored, sealed.
    await service.addWatch(40, { token: TOKEN_A });
    await service.addWatch(41, { token: TOKEN_B });
    expect(existsSync(`${dbPath}-wal`)).toBe(true);
    const files = [readFileSync(dbPath), readFileSync(`${dbPath}-wal`)];
    const both = Buffer.concat(files);
    // The search works: what IS stored in clear (the bot's username, from getMe) is found.
    expect(both.includes(Buffer.from("alpha_watch_bot"))).toBe(true);
    for (const token of [TOKEN_A, TOKEN_B]) {
      for (const bytes of files) {
        expect(bytes.includes(Buffer.from(token))).toBe(false);
        expect(bytes.includes(Buffer.from(token.split(":")[1]))).toBe(false); // nor its secret half alone
      }
    }
    // After a checkpoint moves the WAL into the main file, still nothing.
    db.pragma("wal_checkpoint(TRUNCATE)");
    const main = readFileSync(dbPath);
    expect(main.includes(Buffer.from("alpha_watch_bot"))).toBe(true);
    expect(main.includes(Buffer.from(TOKEN_A.split(":")[1]))).toBe(false);
  });
});
