import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { Webhooks } from "@octokit/webhooks";
import Stripe from "stripe";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BotHarness } from "../support/bot-harness.js";
import { FakeBotApi } from "../support/fake-bot-api.js";
import { tempDir } from "../support/temp.js";

// This file's loopback block: 127.0.111.x. The real bot (grammY, conversations, SQLite) behind the fake Bot API:
// /verify uses the same detector as verify-signature, so what is pasted there gets the same answers.
const TOKEN = "711100:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T1";
const api = new FakeBotApi({ strict: true });
let harness: BotHarness;
let nextUser = 11_100;
const dir = tempDir("wd-verify-dialog-");

beforeAll(async () => {
  await api.start("127.0.111.1");
  api.addBot(TOKEN, { username: "webhook_doctor_sigs_bot" });
  harness = await new BotHarness(api, TOKEN, { dbPath: `${dir}/bot.sqlite` }).start();
});
afterAll(async () => {
  await harness.close();
  await api.stop();
  rmSync(dir, { recursive: true, force: true });
});

const lastText = (chatId: number, since: number) => harness.textsTo(chatId, since).at(-1) ?? "";
const body = '{"action":"opened","note":"caf\u00e9"}';

async function verify(scheme: string, secret: string, payload: { text: string } | { file: Buffer }, signature: string) {
  const user = nextUser++;
  await harness.say(user, "/verify");
  await harness.press(user, `wd:choice:${scheme}`);
  await harness.say(user, secret);
  if ("text" in payload) await harness.say(user, payload.text);
  else await harness.sendDocument(user, api.addFile(payload.file), payload.file.length);
  const since = api.calls.length;
  await harness.say(user, signature);
  return lastText(user, since);
}

describe("/verify: the detector's new answers, from pasted text and files", () => {
  it("a body file saved with a trailing newline → sig.body_trailing_newline; the exact bytes → sig.ok", async () => {
    const signature = await new Webhooks({ secret: "dialog-secret" }).sign(body);
    expect(await verify("github", "dialog-secret", { file: Buffer.from(`${body}\n`) }, signature)).toContain("<code>sig.body_trailing_newline</code>");
    expect(await verify("github", "dialog-secret", { file: Buffer.from(body) }, signature)).toContain("<code>sig.ok</code>");
  });

  it("the legacy header pasted whole (X-Hub-Signature: sha1=…) → sig.wrong_algorithm", async () => {
    const sha1 = createHmac("sha1", "dialog-secret").update(body).digest("hex");
    expect(await verify("github", "dialog-secret", { text: body }, `X-Hub-Signature: sha1=${sha1}`)).toContain("<code>sig.wrong_algorithm</code>");
  });

  it("Stripe-Signature pasted with its name → sig.ok; a v1= without t= → asked for the t= value, no finding", async () => {
    const header = new Stripe("sk_test_dialog").webhooks.generateTestHeaderString({ payload: body, secret: "whsec_dialog", timestamp: Math.floor(Date.now() / 1000) });
    expect(await verify("stripe", "whsec_dialog", { text: body }, `Stripe-Signature: ${header}`)).toContain("<code>sig.ok</code>");
    const answer = await verify("stripe", "whsec_dialog", { text: body }, header.split(",")[1]);
    expect(answer).toContain("t=");
    expect(answer).not.toContain("<code>sig.");
  });
});
