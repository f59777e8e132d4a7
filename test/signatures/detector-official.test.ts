import { createHmac } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { Webhooks } from "@octokit/webhooks";
import { Webhook } from "standardwebhooks";
import Stripe from "stripe";
import { afterAll, describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { diagnoseSignature, SignatureInputError } from "../../src/diagnosis/signature-doctor.js";
import { tempDir } from "../support/temp.js";

/**
 * The signature detector against signatures made by the providers' own libraries (stripe-node's
 * generateTestHeaderString, @octokit/webhooks' sign, standardwebhooks' Webhook.sign), through the real
 * `verify-signature` command. Where no library signs (the legacy SHA-1 header), GitHub's documented formula.
 */
const dir = tempDir("wd-sig-official-");
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const file = (content: string) => {
  const path = `${dir}/body-${files++}.json`;
  writeFileSync(path, content);
  return path;
};

async function run(argv: string[], lang?: string) {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} };
  const r = { code: await main(["verify-signature", ...argv, ...(lang ? ["--lang", lang] : [])], io), ...out };
  return { ...r, json: r.stdout ? (JSON.parse(r.stdout) as { code: string; evidence: Record<string, unknown> }) : undefined };
}

const stripe = new Stripe("sk_test_webhook_doctor");
const body = '{"id":"evt_1","object":"event","data":{"object":{"name":"Zoë","url":"https://example.com/a"}}}';
const now = () => Math.floor(Date.now() / 1000);

describe("legacy X-Hub-Signature: sha1=<hex> is the wrong algorithm, not a mismatch", () => {
  const secret = "github-hook-secret";
  // GitHub and Meta send it beside X-Hub-Signature-256, computed the same way with SHA-1.
  const sha1 = `sha1=${createHmac("sha1", secret).update(body).digest("hex")}`;

  it.each(["github", "meta"])("%s: the value alone and pasted with its header name", async (scheme) => {
    for (const signature of [sha1, `X-Hub-Signature: ${sha1}`]) {
      const r = await run(["--scheme", scheme, "--secret", secret, "--payload-file", file(body), "--signature", signature, "--json"]);
      expect(r.code).toBe(1);
      expect(r.json).toMatchObject({ code: "sig.wrong_algorithm", evidence: { expected: "sha256", found: "sha1", legacy_header: "X-Hub-Signature", expected_header: "X-Hub-Signature-256" } });
    }
  });

  it("a sha1= value made with another secret stays a mismatch", async () => {
    const other = `sha1=${createHmac("sha1", "other").update(body).digest("hex")}`;
    const r = await run(["--scheme", "github", "--secret", secret, "--payload-file", file(body), "--signature", other, "--json"]);
    expect(r.json?.code).toBe("sig.mismatch");
  });
});

describe("a Standard Webhooks secret with whitespace around it is sig.secret_whitespace, not sig.secret_encoding", () => {
  const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const ts = now();
  const signature = new Webhook(secret).sign("msg_official", new Date(ts * 1000), body);

  it.each([
    ["a leading space", ` ${secret}`],
    ["a CRLF from a Windows .env file", `${secret}\r\n`],
  ])("%s: the official library cannot even load it; the detector names the whitespace", async (_name, held) => {
    expect(() => new Webhook(held)).toThrow();
    const r = await run(["--scheme", "standard-webhooks", "--secret", held, "--id", "msg_official", "--timestamp", String(ts), "--payload-file", file(body), "--signature", signature, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json).toMatchObject({ code: "sig.secret_whitespace", evidence: { scheme: "standard-webhooks", matches_after_trimming: true } });
  });

  it("`check` given such a secret says whitespace, not base64, and exits 2 before probing", async () => {
    const out = { stdout: "", stderr: "" };
    const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env: {} };
    const argv = ["check", "https://sw.example.test/hook", "--platform", "generic", "--auth", "hmac", "--scheme", "standard-webhooks", "--secret"];
    expect(await main([...argv, `${secret}\r\n`], io)).toBe(2);
    expect(out.stderr).toContain("spaces or a line break around it");
    out.stderr = "";
    expect(await main([...argv, "whsec_not*base64!"], io)).toBe(2);
    expect(out.stderr).toContain("must be base64");
  });

  it("the trimmed secret verifies (sig.ok), and one that is not base64 at all stays sig.secret_encoding", async () => {
    const ok = await run(["--scheme", "standard-webhooks", "--secret", secret, "--id", "msg_official", "--timestamp", String(ts), "--payload-file", file(body), "--signature", signature, "--json"]);
    expect(ok.json?.code).toBe("sig.ok");
    const bad = await run(["--scheme", "standard-webhooks", "--secret", "whsec_not*base64!", "--id", "msg_official", "--timestamp", String(ts), "--payload-file", file(body), "--signature", signature, "--json"]);
    expect(bad.json?.code).toBe("sig.secret_encoding");
  });
});

describe("Stripe's t=: missing or contradicting --timestamp is bad input (exit 2), not a mismatch", () => {
  const secret = "whsec_stripe_official";
  const ts = now();
  const header = stripe.webhooks.generateTestHeaderString({ payload: body, secret, timestamp: ts });
  const v1Only = header.split(",").find((p) => p.startsWith("v1="))!;

  it("v1= alone without --timestamp → exit 2 saying to give the t= value, in each language", async () => {
    const en = await run(["--scheme", "stripe", "--secret", secret, "--payload-file", file(body), "--signature", v1Only]);
    expect(en.code).toBe(2);
    expect(en.stderr).toContain("give the t= value");
    expect(en.stdout).toBe("");
    const ru = await run(["--scheme", "stripe", "--secret", secret, "--payload-file", file(body), "--signature", v1Only], "ru");
    expect(ru.code).toBe(2);
    expect(ru.stderr).toContain("нужно значение t=");
    const zh = await run(["--scheme", "stripe", "--secret", secret, "--payload-file", file(body), "--signature", v1Only], "zh");
    expect(zh.stderr).toContain("t= 的值");
  });

  it("v1= alone with --timestamp is judged (sig.ok); the whole header is judged without it", async () => {
    expect((await run(["--scheme", "stripe", "--secret", secret, "--payload-file", file(body), "--signature", v1Only, "--timestamp", String(ts), "--json"])).code).toBe(0);
    expect((await run(["--scheme", "stripe", "--secret", secret, "--payload-file", file(body), "--signature", header, "--json"])).json?.code).toBe("sig.ok");
  });

  it("--timestamp that differs from t= → exit 2 naming both values", async () => {
    const r = await run(["--scheme", "stripe", "--secret", secret, "--payload-file", file(body), "--signature", header, "--timestamp", String(ts - 7)]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`--timestamp ${ts - 7}`);
    expect(r.stderr).toContain(`t=${ts}`);
    // The same --timestamp as t= is no conflict.
    expect((await run(["--scheme", "stripe", "--secret", secret, "--payload-file", file(body), "--signature", header, "--timestamp", String(ts), "--json"])).code).toBe(0);
  });

  it("the /verify dialog's code path gets the same answer as a message id", () => {
    expect(() => diagnoseSignature({ scheme: "stripe", secret, payload: Buffer.from(body), signature: v1Only })).toThrow(SignatureInputError);
  });
});

describe("a payload file that differs only by a trailing newline is named as such", () => {
  const secret = "octokit-secret";
  const webhooks = new Webhooks({ secret });

  it("the file gained a newline (an editor, echo) → sig.body_trailing_newline, not re-serialised", async () => {
    const signature = await webhooks.sign(body);
    const r = await run(["--scheme", "github", "--secret", secret, "--payload-file", file(`${body}\n`), "--signature", signature, "--json"]);
    expect(r.code).toBe(1);
    expect(r.json).toEqual(expect.objectContaining({ code: "sig.body_trailing_newline", evidence: { scheme: "github", payload_ends_with_newline: true, signed_ends_with_newline: false } }));
  });

  it("the file lost the newline the sender signed (Stripe's pretty body ends with one) → sig.body_trailing_newline", async () => {
    const pretty = `${JSON.stringify(JSON.parse(body), null, 2)}\n`;
    const header = stripe.webhooks.generateTestHeaderString({ payload: pretty, secret: "whsec_x", timestamp: now() });
    const r = await run(["--scheme", "stripe", "--secret", "whsec_x", "--payload-file", file(pretty.trimEnd()), "--signature", header, "--json"]);
    expect(r.json).toMatchObject({ code: "sig.body_trailing_newline", evidence: { payload_ends_with_newline: false, signed_ends_with_newline: true } });
  });

  it("the same file without the extra newline verifies, and a pretty-printed one is still re-serialised", async () => {
    const signature = await webhooks.sign(body);
    expect((await run(["--scheme", "github", "--secret", secret, "--payload-file", file(body), "--signature", signature, "--json"])).code).toBe(0);
    const pretty = await run(["--scheme", "github", "--secret", secret, "--payload-file", file(`${JSON.stringify(JSON.parse(body), null, 2)}\n`), "--signature", signature, "--json"]);
    expect(pretty.json?.code).toBe("sig.body_reserialized");
  });
});

describe("a --signature pasted with its header name is accepted", () => {
  it("X-Hub-Signature-256 (octokit), Stripe-Signature (stripe-node), webhook-signature (standardwebhooks), Authorization", async () => {
    const gh = await new Webhooks({ secret: "gh" }).sign(body);
    const ts = now();
    const st = stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_st", timestamp: ts });
    const swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const sw = new Webhook(swSecret).sign("msg_1", new Date(ts * 1000), body);
    const cases: string[][] = [
      ["--scheme", "github", "--secret", "gh", "--signature", `X-Hub-Signature-256: ${gh}`],
      ["--scheme", "meta", "--secret", "gh", "--signature", `x-hub-signature-256:${gh}`],
      ["--scheme", "stripe", "--secret", "whsec_st", "--signature", `Stripe-Signature: ${st}`],
      ["--scheme", "standard-webhooks", "--secret", swSecret, "--id", "msg_1", "--timestamp", String(ts), "--signature", `webhook-signature: ${sw}`],
      ["--scheme", "bearer", "--secret", "tok_12345678", "--signature", "Authorization: Bearer tok_12345678"],
    ];
    for (const argv of cases) {
      const r = await run([...argv, "--payload-file", file(body), "--json"]);
      expect({ argv, code: r.code, finding: r.json?.code }).toEqual({ argv, code: 0, finding: "sig.ok" });
    }
  });

  it("a header of another scheme → exit 2 saying the scheme does not match the header", async () => {
    const st = stripe.webhooks.generateTestHeaderString({ payload: body, secret: "whsec_st", timestamp: now() });
    const r = await run(["--scheme", "github", "--secret", "whsec_st", "--payload-file", file(body), "--signature", `Stripe-Signature: ${st}`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("belongs to another signing scheme");
  });
});
