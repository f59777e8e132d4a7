import { existsSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { healthy } from "../../src/server/healthcheck.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { freePort, startEntryPoint, waitFor, type EntryPoint } from "./entry-point.js";
import { tempDir } from "../support/temp.js";

// Loopback block of this file: 127.0.161.x (.1 fake Bot API, .2 webhook listener).
const API_HOST = "127.0.161.1";
const HOOK_HOST = "127.0.161.2";
const POLLING_TOKEN = "560401:AAHhealthHEALTHhealthHEALTHhealth01";
const WEBHOOK_TOKEN = "560402:AAHhealthHEALTHhealthHEALTHhealth02";

const api = new FakeBotApi();
const tmp = tempDir("wd-ops-health-");
const started: EntryPoint[] = [];

beforeAll(async () => {
  await api.start(API_HOST);
  api.addBot(POLLING_TOKEN);
  api.addBot(WEBHOOK_TOKEN);
});

afterAll(async () => {
  for (const child of started) await child.stop(5_000);
  await api.stop();
  rmSync(tmp, { recursive: true, force: true });
});

describe("the container health check (src/server/healthcheck.ts) against the real entry point", () => {
  it("polling mode: healthy while the heartbeat file is fresh, unhealthy once the bot stops (the file is removed)", async () => {
    const heartbeat = join(tmp, "alive");
    const bot = startEntryPoint({ BOT_TOKEN: POLLING_TOKEN, TELEGRAM_API_ROOT: api.url, DATABASE_PATH: join(tmp, "polling.sqlite"), HEARTBEAT_FILE: heartbeat });
    started.push(bot);
    const env = { BOT_MODE: "polling", HEARTBEAT_FILE: heartbeat };
    const verdict = await waitFor("a healthy heartbeat", 45_000, async () => {
      if (bot.proc.exitCode !== null) throw new Error(`bot exited early:\n${bot.output()}`);
      const result = await healthy(env);
      return result.ok ? result : undefined;
    });
    expect(verdict.why).toMatch(/heartbeat \d+ s old/);
    expect(await bot.stop()).toBe(0);
    expect(existsSync(heartbeat)).toBe(false);
    expect((await healthy(env)).ok).toBe(false);
  });

  it("polling mode: a heartbeat older than a minute (a stuck process) is unhealthy; no HEARTBEAT_FILE is unhealthy", async () => {
    const stale = join(tmp, "stale");
    writeFileSync(stale, "x");
    const old = new Date(Date.now() - 120_000);
    utimesSync(stale, old, old);
    expect((await healthy({ HEARTBEAT_FILE: stale })).ok).toBe(false);
    expect((await healthy({})).why).toContain("HEARTBEAT_FILE");
  });

  it("webhook mode: asks /healthz on HOST:PORT; unhealthy once the listener is gone", async () => {
    const port = await freePort(HOOK_HOST);
    const bot = startEntryPoint({
      BOT_TOKEN: WEBHOOK_TOKEN,
      TELEGRAM_API_ROOT: api.url,
      DATABASE_PATH: join(tmp, "webhook.sqlite"),
      BOT_MODE: "webhook",
      WEBHOOK_URL: `https://${HOOK_HOST}/hook`,
      WEBHOOK_SECRET: "health-secret",
      HOST: HOOK_HOST,
      PORT: String(port),
    });
    started.push(bot);
    const env = { BOT_MODE: "webhook", HOST: HOOK_HOST, PORT: String(port) };
    const verdict = await waitFor("/healthz 200", 45_000, async () => {
      if (bot.proc.exitCode !== null) throw new Error(`bot exited early:\n${bot.output()}`);
      const result = await healthy(env);
      return result.ok ? result : undefined;
    });
    expect(verdict.why).toContain("200");
    expect(await bot.stop()).toBe(0);
    expect((await healthy(env)).ok).toBe(false);
  });
});
