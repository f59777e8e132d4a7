import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logger.js";
import { isBotToken, isEncryptionKey, isSecretQueryKey, isTelegramSecretToken, redactBotTokens, redactKnownSecrets, redactSecretLooking } from "../../src/secrets.js";
import { sanitizeUrl } from "../../src/probes/target.js";
import { redactToken } from "../../src/probes/telegram-api.js";
import { describeError } from "../../src/server/intake.js";

// The one module for secret shapes and redaction, table-driven, and the places that used to carry their own
// copy of the token pattern, fed the same table (they must agree).
const TOKEN = "123456789:AAHk3x9Qw7LmZpR2tYv8sN4bC6dF1gJ0eUi";
const OLD_SHORT_ID = "54040:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0";

describe("secret shapes", () => {
  it.each([
    [TOKEN, true],
    [OLD_SHORT_ID, true],
    ["7300001:AAGsenderSENDERsenderSENDERsender01", true],
    ["1234:AAHk3x9Qw7LmZpR2tYv8sN4bC6dF1gJ0eUi", false], // bot ids have 5 digits or more
    ["123456789:AAHk3x9Qw7LmZpR2tYv8", false], // secret part too short
    ["123456789:AAHk3x9Qw7LmZpR2tYv8sN4bC6dF1gJ0e!i", false],
    [` ${TOKEN}`, false],
    ["", false],
  ])("isBotToken(%j) = %s", (text, expected) => {
    expect(isBotToken(text)).toBe(expected);
  });

  it.each([
    ["a", true],
    ["A-z_09", true],
    ["x".repeat(256), true],
    ["x".repeat(257), false],
    ["", false],
    ["with space", false],
    ["ключ", false],
  ])("isTelegramSecretToken(%j) = %s", (text, expected) => {
    expect(isTelegramSecretToken(text)).toBe(expected);
  });

  it.each([
    ["ab".repeat(32), true],
    ["AB".repeat(32), true],
    ["ab".repeat(31), false],
    ["ab".repeat(33), false],
    ["zz".repeat(32), false],
    ["a passphrase", false],
    ["q83vEjRWeJq83vEjRWeJq83vEjRWeJq83vEjRWeJq80=", false], // base64 of 32 bytes: not accepted any more
  ])("isEncryptionKey(%j) = %s", (text, expected) => {
    expect(isEncryptionKey(text)).toBe(expected);
  });

  it.each([
    ["token", true],
    ["hub.verify_token", true],
    ["X-Signature", true],
    ["api_key", true],
    ["page", false],
    ["id", false],
  ])("isSecretQueryKey(%j) = %s", (name, expected) => {
    expect(isSecretQueryKey(name)).toBe(expected);
  });
});

const REDACTIONS: Array<[string, string, string]> = [
  ["a token alone", TOKEN, "<bot-token>"],
  ["a token in a Bot API path", `https://api.telegram.org/bot${TOKEN}/getMe`, "https://api.telegram.org/bot<bot-token>/getMe"],
  ["two tokens", `${TOKEN} and ${OLD_SHORT_ID}`, "<bot-token> and <bot-token>"],
  ["a webhook path named after the token", `https://bot.example.com/${TOKEN}`, "https://bot.example.com/<bot-token>"],
  ["times and statuses stay", "502 at 12:30:15, retry 3", "502 at 12:30:15, retry 3"],
  ["a short id:word pair stays", "error 1234:timeout", "error 1234:timeout"],
];

describe("redaction: every former copy of the token pattern agrees", () => {
  it.each(REDACTIONS)("%s", (_what, input, expected) => {
    expect(redactBotTokens(input)).toBe(expected);
    expect(redactKnownSecrets(input, [])).toBe(expected);
    expect(redactSecretLooking(input)).toBe(expected);
    expect(describeError(new Error(input))).toBe(expected);
    expect(redactToken(input, "unrelated-token-value")).toBe(expected);
  });

  it.each([
    ["query values go, names stay", "https://h.example/hook?token=abc123&page=2", "https://h.example/hook?token=…&page=…"],
    ["user-info goes", "https://admin:hunter2@h.example/hook", "https://…@h.example/hook"],
    ["plain text stays", "Connection refused", "Connection refused"],
  ])("redactSecretLooking: %s", (_what, input, expected) => {
    expect(redactSecretLooking(input)).toBe(expected);
  });

  it("known secrets are hidden wherever they are echoed, shorter than 4 characters is left alone", () => {
    expect(redactKnownSecrets("sig mismatch for s3cr3t-value (ok)", ["s3cr3t-value", "ok", undefined])).toBe("sig mismatch for <secret> (ok)");
  });

  it("a token of any shape we called with is hidden by the Bot API client", () => {
    expect(redactToken("GET /botodd-token-shape/getMe failed", "odd-token-shape")).toBe("GET /bot<bot-token>/getMe failed");
  });

  it("sanitizeUrl hides path tokens and secret query values", () => {
    expect(sanitizeUrl(`https://bot.example.com/tg/${TOKEN}?secret=xyz&page=1`)).toBe("https://bot.example.com/tg/<bot-token>?secret=***&page=1");
  });
});

describe("the logger", () => {
  function capture() {
    const lines: Array<Record<string, any>> = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) lines.push(JSON.parse(line));
        done();
      },
    });
    return { logger: createLogger("debug", stream), lines };
  }

  it("keeps an error's stack (and its cause), scrubbed of tokens and secret query values", () => {
    const { logger, lines } = capture();
    const cause = new Error(`connect ECONNREFUSED https://api.telegram.org/bot${TOKEN}/sendMessage?secret=hunter2`);
    logger.error({ err: new Error(`Network request for 'sendMessage' failed (bot${TOKEN})`, { cause }) }, "alert sender failed");
    const [line] = lines;
    const text = JSON.stringify(line);
    expect(line.err.stack).toMatch(/at .*secrets\.test\.ts/); // where it was thrown: the stack is there
    expect(line.err.message).toContain("<bot-token>");
    expect(text).not.toContain(TOKEN);
    expect(text).not.toContain(TOKEN.split(":")[1]);
    expect(text).not.toContain("hunter2");
  });

  it("scrubs an error passed as the first argument, under `error`, or nested anywhere", () => {
    const { logger, lines } = capture();
    logger.warn(new Error(`boom ${TOKEN}`));
    logger.warn({ error: new Error(`boom ${TOKEN}`) }, "under error");
    logger.warn({ event: { failures: [new Error(`deep ${TOKEN}`)], url: `https://x.example/bot${TOKEN}/` } }, "nested");
    logger.info(`message with ${TOKEN} inside`);
    logger.info("format %s", TOKEN);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(JSON.stringify(line)).not.toContain(TOKEN);
    expect(lines[0].err.stack).toContain("Error: boom <bot-token>");
    expect(lines[1].error.stack).toContain("Error: boom <bot-token>");
    expect(lines[2].event.failures[0].stack).toContain("deep <bot-token>");
  });

  it("redacts secret-bearing fields by path", () => {
    const { logger, lines } = capture();
    logger.info({ config: { botToken: "x", webhookSecret: "y", encryptionKey: "z", port: 1 }, request: { secrets: { appSecret: "s" } }, headers: { authorization: "Bearer b" } }, "start");
    expect(lines[0].config).toEqual({ botToken: "[redacted]", webhookSecret: "[redacted]", encryptionKey: "[redacted]", port: 1 });
    expect(lines[0].request.secrets).toBe("[redacted]");
    expect(lines[0].headers.authorization).toBe("[redacted]");
  });
});
