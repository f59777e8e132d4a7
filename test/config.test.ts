import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../src/config.js";
import { tempDir } from "./support/temp.js";

const TOKEN = "123456789:AAHk3x9Qw7LmZpR2tYv8sN4bC6dF1gJ0eUi";
const KEY = "c0".repeat(32);
const base = { BOT_TOKEN: TOKEN };

function problems(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error("the configuration was accepted");
}

describe("configuration (parsed once with a schema)", () => {
  it("fills defaults for a minimal environment", () => {
    expect(loadConfig(base)).toEqual({
      botToken: TOKEN,
      databasePath: "./data/webhook-doctor.sqlite",
      botMode: "polling",
      port: 8080,
      host: "0.0.0.0",
      apiRoot: "https://api.telegram.org",
      probeAllowPrivate: false,
      logLevel: "info",
      metricsHost: "127.0.0.1",
    });
  });

  it("reads every setting of a webhook deployment", () => {
    const config = loadConfig({
      ...base,
      BOT_MODE: "webhook",
      WEBHOOK_URL: "https://bot.example.com/tg",
      WEBHOOK_SECRET: "s3cret_-",
      PORT: "8443",
      HOST: "127.0.0.1",
      ENCRYPTION_KEY: ` ${KEY.toUpperCase()} `,
      TELEGRAM_API_ROOT: "http://127.0.0.1:8081/",
      PROBE_ALLOW_PRIVATE: "yes",
      LOG_LEVEL: "DEBUG",
      DATABASE_PATH: "/var/lib/wd/db.sqlite",
    });
    expect(config).toMatchObject({ botMode: "webhook", webhookUrl: "https://bot.example.com/tg", webhookSecret: "s3cret_-", port: 8443, host: "127.0.0.1", encryptionKey: KEY, apiRoot: "http://127.0.0.1:8081", probeAllowPrivate: true, logLevel: "debug", databasePath: "/var/lib/wd/db.sqlite" });
  });

  it("treats an empty ENCRYPTION_KEY (a blank line in .env) as unset", () => {
    expect(loadConfig({ ...base, ENCRYPTION_KEY: "" }).encryptionKey).toBeUndefined();
  });

  it.each([
    [{ BOT_TOKEN: "" }, "BOT_TOKEN is not set"],
    [{ BOT_TOKEN: "12345" }, "BOT_TOKEN does not look like a bot token"],
    [{ ...base, BOT_MODE: "hook" }, 'BOT_MODE must be "polling" or "webhook", not "hook"'],
    [{ ...base, PORT: "80a" }, 'PORT must be a port number (1-65535), not "80a"'],
    [{ ...base, PORT: "70000" }, "PORT must be a port number"],
    [{ ...base, HOST: "0.0.0.0 x" }, "HOST must be an address"],
    [{ ...base, ENCRYPTION_KEY: "correct horse battery staple" }, "ENCRYPTION_KEY must be 64 hex characters"],
    [{ ...base, ENCRYPTION_KEY: KEY.slice(2) }, "ENCRYPTION_KEY must be 64 hex characters"],
    [{ ...base, ENCRYPTION_KEY: `${KEY}00` }, "ENCRYPTION_KEY must be 64 hex characters"],
    [{ ...base, TELEGRAM_API_ROOT: "api.telegram.org" }, "TELEGRAM_API_ROOT must be an http(s) URL"],
    [{ ...base, PROBE_ALLOW_PRIVATE: "maybe" }, 'PROBE_ALLOW_PRIVATE must be true or false, not "maybe"'],
    [{ ...base, LOG_LEVEL: "verbose" }, 'LOG_LEVEL "verbose" is not a pino level'],
    [{ ...base, BOT_MODE: "webhook", WEBHOOK_SECRET: "abc" }, "BOT_MODE=webhook needs WEBHOOK_URL"],
    [{ ...base, BOT_MODE: "webhook", WEBHOOK_URL: "http://bot.example.com/tg", WEBHOOK_SECRET: "abc" }, "BOT_MODE=webhook needs WEBHOOK_URL"],
    [{ ...base, BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.com/tg" }, "BOT_MODE=webhook needs WEBHOOK_SECRET"],
    [{ ...base, BOT_MODE: "webhook", WEBHOOK_URL: "https://bot.example.com/tg", WEBHOOK_SECRET: "has space" }, "BOT_MODE=webhook needs WEBHOOK_SECRET"],
  ])("%j is refused: %s", (env, message) => {
    expect(problems(env)).toContain(message);
  });

  it("lists every problem at once, and never repeats a secret's value", () => {
    const passphrase = "my old passphrase 42";
    const message = problems({ BOT_TOKEN: `${TOKEN}!`, ENCRYPTION_KEY: passphrase, BOT_MODE: "webhook", WEBHOOK_SECRET: "bad secret!", PORT: "x" });
    for (const variable of ["BOT_TOKEN", "ENCRYPTION_KEY", "WEBHOOK_URL", "WEBHOOK_SECRET", "PORT"]) expect(message).toContain(variable);
    expect(message).not.toContain(passphrase);
    expect(message).not.toContain("bad secret!");
    expect(message).not.toContain(TOKEN);
  });
});

describe("the start with a key that is not 64 hex characters", () => {
  it("stops with exit status 2 and a message, before opening the database", async () => {
    const dir = tempDir("wd-config-");
    try {
      const proc = spawn("node_modules/.bin/vite-node", ["src/main.ts"], {
        cwd: fileURLToPath(new URL("..", import.meta.url)),
        env: { PATH: process.env.PATH, HOME: dir, BOT_TOKEN: TOKEN, ENCRYPTION_KEY: "short-passphrase", DATABASE_PATH: join(dir, "db", "bot.sqlite"), TELEGRAM_API_ROOT: "http://127.0.140.2:9" },
        stdio: ["ignore", "pipe", "pipe"],
      });
      let output = "";
      proc.stdout.on("data", (d: Buffer) => (output += d));
      proc.stderr.on("data", (d: Buffer) => (output += d));
      const code = await new Promise<number | null>((resolve) => proc.once("exit", resolve));
      expect(code).toBe(2);
      expect(output).toContain("ENCRYPTION_KEY must be 64 hex characters");
      expect(output).not.toContain("short-passphrase");
      expect(readdirSync(dir)).not.toContain("db"); // nothing was created
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
