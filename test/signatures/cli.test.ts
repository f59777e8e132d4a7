import { createHmac } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { main, type Io } from "../../src/cli/main.js";
import { sign } from "../../src/probes/signatures/schemes.js";
import { tempDir } from "../support/temp.js";

const dir = tempDir("wd-sig-");
const payloadFile = `${dir}/body.json`;
writeFileSync(payloadFile, '{"action":"opened"}');
const big = `${dir}/big.json`;
writeFileSync(big, Buffer.alloc(10 * 1024 * 1024 + 1, 0x20));

const aDirectory = `${dir}/not-a-file`;
mkdirSync(aDirectory);

async function run(argv: string[], env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: "", stderr: "" };
  const io: Io = { stdout: (s) => (out.stdout += s), stderr: (s) => (out.stderr += s), env };
  return { code: await main(["verify-signature", ...argv], io), ...out };
}

const good = sign("github", { secret: "topsecret", payload: Buffer.from('{"action":"opened"}') });

describe("webhook-doctor verify-signature", () => {
  it("exit 0 and sig.ok for a correct signature, without echoing the secret", async () => {
    const r = await run(["--scheme", "github", "--secret", "topsecret", "--payload-file", payloadFile, "--signature", good, "--json"]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).code).toBe("sig.ok");
    expect(r.stdout).not.toContain("topsecret");
  });

  it("exit 1 and the mistake for a wrong one", async () => {
    const r = await run(["--scheme", "github", "--secret", "topsecret", "--payload-file", payloadFile, "--signature", good.slice(7), "--json"]);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).code).toBe("sig.prefix");
  });

  it.each([
    [["--scheme", "hmac5", "--secret", "s", "--payload-file", payloadFile, "--signature", good], "unknown --scheme"],
    [["--scheme", "github", "--secret", "s", "--payload-file", payloadFile, "--signature", "!!not a signature!!"], "not in any known signature format"],
    [["--scheme", "github", "--secret", "s", "--signature", good], "--payload-file"],
    [["--scheme", "github", "--secret", "s", "--payload-file", `${dir}/missing.json`, "--signature", good], "cannot read the payload file"],
    [["--scheme", "github", "--secret", "s", "--payload-file", big, "--signature", good], "larger than 10 MB"],
    [["--scheme", "slack", "--secret", "s", "--payload-file", payloadFile, "--signature", "v0=abcdef0123456789"], "--timestamp"],
    [["--scheme", "github", "--secret", "s", "--payload-file", aDirectory, "--signature", good], "cannot read the payload file"],
    [["--scheme", "custom", "--algorithm", "md5", "--secret", "s", "--payload-file", payloadFile, "--signature", good], "--algorithm must be sha1, sha256 or sha512"],
    [["--scheme", "custom", "--encoding", "latin1", "--secret", "s", "--payload-file", payloadFile, "--signature", good], "--encoding must be hex or base64"],
    [["--scheme", "github", "--payload-file", payloadFile, "--signature", good], "--secret"],
  ])("bad input %# → exit 2 with a clear message", async (argv, message) => {
    const r = await run(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("webhook-doctor verify-signature: every code, end to end through the command", () => {
  const raw = '{"action":"opened","note":"caf\u00e9"}';
  const file = `${dir}/mistakes.json`;
  writeFileSync(file, raw);
  const secret = "cli-topsecret";
  const hmac = (alg: string, key: string | Buffer, data: string) => createHmac(alg, key).update(data);
  const nowS = Math.floor(Date.now() / 1000);
  const sw = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const jwt = (exp: number) => ["eyJhbGciOiJIUzI1NiJ9", Buffer.from(JSON.stringify({ exp })).toString("base64url"), "c2ln"].join(".");
  const stripe = (JSON.parse(readFileSync(new URL("../fixtures/signatures/vectors.json", import.meta.url), "utf8")) as Array<Record<string, string>>).find((v) => v.scheme === "stripe")!;
  const stripeFile = `${dir}/stripe-event.json`;
  writeFileSync(stripeFile, stripe.payload);

  const cases: Array<[string, string[]]> = [
    ["sig.ok", ["--scheme", "github", "--secret", secret, "--signature", `sha256=${hmac("sha256", secret, raw).digest("hex")}`]],
    ["sig.secret_whitespace", ["--scheme", "github", "--secret", `${secret}\n`, "--signature", `sha256=${hmac("sha256", secret, raw).digest("hex")}`]],
    ["sig.wrong_algorithm", ["--scheme", "github", "--secret", secret, "--signature", `sha256=${hmac("sha1", secret, raw).digest("hex")}`]],
    ["sig.wrong_encoding", ["--scheme", "github", "--secret", secret, "--signature", `sha256=${hmac("sha256", secret, raw).digest("hex").toUpperCase()}`]],
    ["sig.body_reserialized", ["--scheme", "meta", "--secret", secret, "--signature", `sha256=${hmac("sha256", secret, raw.replace("\u00e9", "\\u00e9")).digest("hex")}`]],
    ["sig.secret_encoding", ["--scheme", "standard-webhooks", "--secret", sw, "--id", "msg_1", "--timestamp", String(nowS), "--signature", `v1,${hmac("sha256", sw, `msg_1.${nowS}.${raw}`).digest("base64")}`]],
    ["sig.timestamp_out_of_tolerance", ["--scheme", "slack", "--secret", secret, "--timestamp", String(nowS - 3600), "--signature", `v0=${hmac("sha256", secret, `v0:${nowS - 3600}:${raw}`).digest("hex")}`]],
    ["sig.prefix", ["--scheme", "slack", "--secret", secret, "--timestamp", String(nowS), "--signature", hmac("sha256", secret, `v0:${nowS}:${raw}`).digest("hex")]],
    ["sig.bearer_prefix", ["--scheme", "bearer", "--secret", "tok_12345678", "--signature", "Bearer Bearer tok_12345678"]],
    ["sig.token_expired", ["--scheme", "bearer", "--secret", jwt(nowS - 60), "--signature", `Bearer ${jwt(nowS - 60)}`]],
    ["sig.mismatch", ["--scheme", "github", "--secret", secret, "--signature", `sha256=${hmac("sha256", "another", raw).digest("hex")}`]],
  ];

  it("covers all eleven codes", () => expect(new Set(cases.map(([c]) => c)).size).toBe(11));

  it.each(cases)("%s", async (code, argv) => {
    const r = await run([...argv, "--payload-file", file, "--json"]);
    expect(JSON.parse(r.stdout).code).toBe(code);
    expect(r.code).toBe(code === "sig.ok" ? 0 : 1);
    expect(r.stdout).not.toContain(secret);
  });

  it("Stripe's published header: the signature is right, the 2018 timestamp is out of tolerance today", async () => {
    const r = await run(["--scheme", "stripe", "--payload-file", stripeFile, "--signature", stripe.header, "--json"], { WEBHOOK_DOCTOR_SECRET: stripe.secret });
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.code).toBe("sig.timestamp_out_of_tolerance");
    expect(out.evidence.skew_s).toBeGreaterThan(300);
    // One byte changed in the body: no longer a timestamp question.
    writeFileSync(`${dir}/stripe-tampered.json`, stripe.payload.replace("evt_123", "evt_124"));
    const tampered = await run(["--scheme", "stripe", "--payload-file", `${dir}/stripe-tampered.json`, "--signature", stripe.header, "--json"], { WEBHOOK_DOCTOR_SECRET: stripe.secret });
    expect(JSON.parse(tampered.stdout).code).toBe("sig.mismatch");
  });

  it("the secret from WEBHOOK_DOCTOR_SECRET is used and never printed, in text or JSON", async () => {
    const sig = `sha256=${hmac("sha256", secret, raw).digest("hex")}`;
    for (const extra of [[], ["--json"]]) {
      const r = await run(["--scheme", "github", "--payload-file", file, "--signature", sig, ...extra], { WEBHOOK_DOCTOR_SECRET: secret });
      expect(r.code).toBe(0);
      expect(r.stdout + r.stderr).not.toContain(secret);
    }
  });
});
