import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { diagnoseSignature, type SignatureCase } from "../../src/diagnosis/signature-doctor.js";
import { sign, verify } from "../../src/probes/signatures/schemes.js";

const body = (s: string) => Buffer.from(s, "utf8");
const hex = (key: string | Buffer, data: string, alg = "sha256") => createHmac(alg, key).update(data).digest("hex");

describe("signers against published vectors", () => {
  it("GitHub's documented example", () => {
    const input = { secret: "It's a Secret to Everybody", payload: body("Hello, World!") };
    expect(sign("github", input)).toBe("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
    expect(verify("github", input, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17")).toBe(true);
    expect(verify("github", input, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e18")).toBe(false);
  });

  it("Standard Webhooks' reference example", () => {
    const input = { secret: "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", id: "msg_p5jXN8AQM9LWM0D4loKWxJek", timestamp: "1614265330", payload: body('{"test": 2432232314}') };
    expect(sign("standard-webhooks", input)).toBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    expect(verify("standard-webhooks", input, "v1,bm9ldHUjKzFob2VudXRob2VodWUzMjRvdWVvdW9ldQo= v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=")).toBe(true);
  });

  it("Stripe and Slack constructions (t.body and v0:t:body, hex)", () => {
    const payload = body('{"id":"evt_1"}');
    expect(sign("stripe", { secret: "whsec_test", payload, timestamp: "1700000000" })).toBe(`t=1700000000,v1=${hex("whsec_test", '1700000000.{"id":"evt_1"}')}`);
    expect(sign("slack", { secret: "8f742231b10e8888abcd99yyyzzz85a5", payload: body("token=x&team_id=T1"), timestamp: "1531420618" })).toBe(
      `v0=${hex("8f742231b10e8888abcd99yyyzzz85a5", "v0:1531420618:token=x&team_id=T1")}`,
    );
  });
});

describe("verify-signature: each mistake is recognised", () => {
  const payload = body('{"b":1,"a":"caf\u00e9"}');
  const secret = "s3cret-value";
  const now = new Date(1_700_000_100_000);
  const base: Omit<SignatureCase, "signature"> = { scheme: "github", secret, payload, now };
  const code = (c: Partial<SignatureCase> & { signature: string }) => diagnoseSignature({ ...base, ...c }).code;

  it("sig.ok", () => expect(code({ signature: sign("github", { secret, payload }) })).toBe("sig.ok"));
  it("sig.secret_whitespace (receiver's secret has a trailing newline)", () =>
    expect(code({ secret: `${secret}\n`, signature: sign("github", { secret, payload }) })).toBe("sig.secret_whitespace"));
  it("sig.wrong_algorithm (sha1)", () => expect(code({ signature: `sha256=${hex(secret, payload.toString(), "sha1")}` })).toBe("sig.wrong_algorithm"));
  it("sig.wrong_encoding (base64 instead of hex)", () =>
    expect(code({ signature: `sha256=${createHmac("sha256", secret).update(payload).digest("base64")}` })).toBe("sig.wrong_encoding"));
  it("sig.wrong_encoding (upper-case hex)", () => expect(code({ signature: `sha256=${hex(secret, payload.toString()).toUpperCase()}` })).toBe("sig.wrong_encoding"));
  it("sig.body_reserialized (pretty-printed before signing)", () =>
    expect(code({ signature: sign("github", { secret, payload: body(JSON.stringify(JSON.parse(payload.toString()), null, 2)) }) })).toBe("sig.body_reserialized"));
  it("sig.body_reserialized (keys reordered)", () => expect(code({ signature: sign("github", { secret, payload: body('{"a":"caf\u00e9","b":1}') }) })).toBe("sig.body_reserialized"));
  it("sig.body_reserialized (Meta signs the unicode-escaped form)", () =>
    expect(code({ scheme: "meta", signature: sign("meta", { secret, payload: body('{"b":1,"a":"caf\\u00e9"}') }) })).toBe("sig.body_reserialized"));
  it("sig.secret_encoding (Standard Webhooks secret not base64-decoded)", () => {
    const swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    const wrong = `v1,${createHmac("sha256", swSecret).update(`msg_1.1700000000.${payload}`).digest("base64")}`;
    expect(code({ scheme: "standard-webhooks", secret: swSecret, id: "msg_1", timestamp: "1700000000", signature: wrong })).toBe("sig.secret_encoding");
  });
  it("sig.secret_encoding (Stripe secret wrongly base64-decoded)", () => {
    const stripeSecret = "whsec_dGVzdHNlY3JldGtleQ==";
    const key = Buffer.from("dGVzdHNlY3JldGtleQ==", "base64");
    const wrong = `t=1700000000,v1=${createHmac("sha256", key).update(`1700000000.${payload}`).digest("hex")}`;
    expect(code({ scheme: "stripe", secret: stripeSecret, signature: wrong })).toBe("sig.secret_encoding");
  });
  it("sig.timestamp_out_of_tolerance (Slack, 10 minutes old)", () => {
    const ts = String(Math.floor(now.getTime() / 1000) - 600);
    expect(code({ scheme: "slack", timestamp: ts, signature: sign("slack", { secret, payload, timestamp: ts }) })).toBe("sig.timestamp_out_of_tolerance");
  });
  it("sig.prefix (missing sha256=)", () => expect(code({ signature: hex(secret, payload.toString()) })).toBe("sig.prefix"));
  it("sig.prefix (doubled sha256=)", () => expect(code({ signature: `sha256=${sign("github", { secret, payload })}` })).toBe("sig.prefix"));
  it("sig.bearer_prefix", () => expect(code({ scheme: "bearer", secret: "tok_123", signature: "Bearer Bearer tok_123" })).toBe("sig.bearer_prefix"));
  it("sig.token_expired (JWT exp in the past, decoded, never verified)", () => {
    const jwt = ["eyJhbGciOiJIUzI1NiJ9", Buffer.from(JSON.stringify({ exp: 1_600_000_000 })).toString("base64url"), "sig"].join(".");
    expect(code({ scheme: "bearer", secret: jwt, signature: `Bearer ${jwt}` })).toBe("sig.token_expired");
  });
  it("sig.mismatch (another secret altogether)", () => expect(code({ signature: sign("github", { secret: "other", payload }) })).toBe("sig.mismatch"));
  it("never puts the secret or the correct signature in the evidence", () => {
    const d = diagnoseSignature({ ...base, signature: sign("github", { secret: "other", payload }) });
    const text = JSON.stringify(d);
    expect(text).not.toContain(secret);
    expect(text).not.toContain(sign("github", { secret, payload }).slice(7));
  });
});

describe("published vectors from test/fixtures/signatures/vectors.json", () => {
  const vectors = JSON.parse(readFileSync(new URL("../fixtures/signatures/vectors.json", import.meta.url), "utf8")) as Array<{
    source: string;
    scheme: "github" | "slack" | "standard-webhooks" | "stripe";
    secret: string;
    payload: string;
    /** What a correct signer produces. */
    signature: string;
    /** The whole header the provider sent, when it carries more than the signer's value (Stripe's v0 entry). */
    header?: string;
    timestamp?: string;
    id?: string;
  }>;

  it("covers every provider that publishes one: GitHub, Standard Webhooks, Slack, Stripe", () => {
    expect(new Set(vectors.map((v) => v.scheme))).toEqual(new Set(["github", "standard-webhooks", "slack", "stripe"]));
  });

  it.each(vectors)("$scheme: $source", (v) => {
    const input = { secret: v.secret, payload: Buffer.from(v.payload), timestamp: v.timestamp, id: v.id };
    const received = v.header ?? v.signature;
    expect(sign(v.scheme, input)).toBe(v.signature);
    expect(verify(v.scheme, input, received)).toBe(true);
    // One byte more in the body, or another secret, and the same header no longer verifies.
    expect(verify(v.scheme, { ...input, payload: Buffer.from(`${v.payload} `) }, received)).toBe(false);
    expect(verify(v.scheme, { ...input, secret: `${v.secret}x` }, received)).toBe(false);
    // The detector agrees, with the clock set to the vector's own time.
    const now = v.timestamp ? new Date(Number(v.timestamp) * 1000) : undefined;
    expect(diagnoseSignature({ scheme: v.scheme, secret: v.secret, payload: input.payload, signature: received, timestamp: v.timestamp, id: v.id, now }).code).toBe("sig.ok");
  });

  it("Stripe's published header: accepted 100 s later, out of tolerance 400 s later (as Stripe's own test does)", () => {
    const v = vectors.find((x) => x.scheme === "stripe")!;
    const at = (offset: number) =>
      diagnoseSignature({ scheme: "stripe", secret: v.secret, payload: Buffer.from(v.payload), signature: v.header!, now: new Date((Number(v.timestamp) + offset) * 1000) }).code;
    // No --timestamp given: the detector reads t= from the header.
    expect(at(100)).toBe("sig.ok");
    expect(at(400)).toBe("sig.timestamp_out_of_tolerance");
    // The same body with CRLF line endings (a Windows checkout, a proxy) is other bytes.
    const crlf = diagnoseSignature({ scheme: "stripe", secret: v.secret, payload: Buffer.from(v.payload.replace(/\n/g, "\r\n")), signature: v.header!, now: new Date(Number(v.timestamp) * 1000) });
    expect(crlf.code).not.toBe("sig.ok");
  });
});

describe("verify-signature: the variants the issue names, per scheme", () => {
  const payload = body('{"type":"ping","note":"caf\u00e9"}');
  const secret = "per-scheme-secret";
  const swSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  const ts = "1700000000";
  const now = new Date(Number(ts) * 1000 + 30_000);
  const d = (c: Omit<SignatureCase, "now" | "payload"> & { payload?: Buffer; now?: Date }) => diagnoseSignature({ payload, now, ...c });
  const swInput = { secret: swSecret, payload, id: "msg_1", timestamp: ts };

  it("sig.prefix: Standard Webhooks without its v1, marker", () =>
    expect(d({ scheme: "standard-webhooks", secret: swSecret, id: "msg_1", timestamp: ts, signature: sign("standard-webhooks", swInput).slice(3) }).code).toBe("sig.prefix"));
  it("sig.prefix: Slack's v0= missing, and doubled", () => {
    const good = sign("slack", { secret, payload, timestamp: ts });
    expect(d({ scheme: "slack", secret, timestamp: ts, signature: good.slice(3) })).toEqual({ code: "sig.prefix", evidence: { scheme: "slack", expected_prefix: "v0=" } });
    expect(d({ scheme: "slack", secret, timestamp: ts, signature: `v0=${good}` }).code).toBe("sig.prefix");
  });
  it("sig.prefix: Stripe's v1= missing from the header entry", () => {
    const good = sign("stripe", { secret, payload, timestamp: ts });
    expect(d({ scheme: "stripe", secret, signature: good.replace("v1=", "") }).code).toBe("sig.prefix");
    expect(d({ scheme: "stripe", secret, signature: good.replace("v1=", "v1=v1=") }).code).toBe("sig.prefix");
  });
  it("sig.secret_whitespace: the sender's copy of the secret had a trailing newline", () =>
    expect(d({ scheme: "github", secret, signature: sign("github", { secret: `${secret}\n`, payload }) }).code).toBe("sig.secret_whitespace"));
  it("sig.secret_whitespace: a leading space in the receiver's copy", () =>
    expect(d({ scheme: "stripe", secret: ` ${secret}`, signature: sign("stripe", { secret, payload, timestamp: ts }) }).code).toBe("sig.secret_whitespace"));
  it("sig.wrong_algorithm: sha512 where sha256 is expected", () =>
    expect(d({ scheme: "meta", secret, signature: `sha256=${createHmac("sha512", secret).update(payload).digest("hex")}` }).evidence).toEqual({ scheme: "meta", expected: "sha256", found: "sha512" }));
  it("sig.wrong_encoding: Standard Webhooks sent as hex", () => {
    const hexSig = `v1,${createHmac("sha256", Buffer.from(swSecret.slice(6), "base64")).update(`msg_1.${ts}.${payload}`).digest("hex")}`;
    expect(d({ scheme: "standard-webhooks", secret: swSecret, id: "msg_1", timestamp: ts, signature: hexSig }).code).toBe("sig.wrong_encoding");
  });
  it("sig.body_reserialized: the sender signed the minified body, the receiver got it pretty-printed", () => {
    const pretty = body(JSON.stringify(JSON.parse(payload.toString()), null, 2));
    expect(d({ scheme: "github", secret, payload: pretty, signature: sign("github", { secret, payload }) }).evidence).toEqual({ scheme: "github", form: "minified" });
  });
  it("sig.body_reserialized: Meta signed the escaped form, the receiver verified the unescaped one", () => {
    const escaped = body('{"type":"ping","note":"caf\\u00e9"}');
    expect(d({ scheme: "meta", secret, payload, signature: sign("meta", { secret, payload: escaped }) }).evidence).toEqual({ scheme: "meta", form: "unicode_escaped" });
    expect(d({ scheme: "meta", secret, payload: escaped, signature: sign("meta", { secret, payload }) }).evidence).toEqual({ scheme: "meta", form: "unicode_unescaped" });
  });
  it("sig.body_reserialized: Meta escaped the slashes (\\/) the receiver's framework unescaped", () => {
    const withUrl = body('{"url":"https://example.com/a","note":"caf\u00e9"}');
    const metaForm = body('{"url":"https:\\/\\/example.com\\/a","note":"caf\\u00e9"}');
    expect(d({ scheme: "meta", secret, payload: withUrl, signature: sign("meta", { secret, payload: metaForm }) }).evidence).toEqual({ scheme: "meta", form: "unicode_and_slashes_escaped" });
    expect(d({ scheme: "meta", secret, payload: metaForm, signature: sign("meta", { secret, payload: withUrl }) }).evidence).toEqual({ scheme: "meta", form: "unicode_and_slashes_unescaped" });
  });
  it("sig.body_reserialized: pretty-printed and escaped at once", () => {
    const prettyEscaped = body(JSON.stringify(JSON.parse(payload.toString()), null, 2).replace("\u00e9", "\\u00e9"));
    expect(d({ scheme: "github", secret, signature: sign("github", { secret, payload: prettyEscaped }) }).evidence).toEqual({ scheme: "github", form: "pretty+unicode_escaped" });
  });
  it("sig.timestamp_out_of_tolerance: Stripe 6 minutes late, Standard Webhooks 6 minutes early; 4 minutes is fine", () => {
    const stripe = sign("stripe", { secret, payload, timestamp: ts });
    expect(d({ scheme: "stripe", secret, signature: stripe, now: new Date((Number(ts) + 360) * 1000) }).evidence).toEqual({ scheme: "stripe", skew_s: 360, tolerance_s: 300 });
    expect(d({ scheme: "stripe", secret, signature: stripe, now: new Date((Number(ts) + 240) * 1000) }).code).toBe("sig.ok");
    const sw = sign("standard-webhooks", swInput);
    expect(d({ scheme: "standard-webhooks", secret: swSecret, id: "msg_1", timestamp: ts, signature: sw, now: new Date((Number(ts) - 360) * 1000) }).code).toBe("sig.timestamp_out_of_tolerance");
  });
  it("bearer: sig.ok, sig.secret_whitespace, sig.bearer_prefix in any letter case, sig.mismatch", () => {
    expect(d({ scheme: "bearer", secret: "tok_123", signature: "Bearer tok_123" }).code).toBe("sig.ok");
    expect(d({ scheme: "bearer", secret: "tok_123\n", signature: "Bearer tok_123" }).code).toBe("sig.secret_whitespace");
    expect(d({ scheme: "bearer", secret: "tok_123", signature: "bearer Bearer tok_123" }).code).toBe("sig.bearer_prefix");
    expect(d({ scheme: "bearer", secret: "tok_123", signature: "Bearer tok_456" }).code).toBe("sig.mismatch");
  });
  it("a JWT not yet expired is compared like any token", () => {
    const jwt = ["eyJhbGciOiJIUzI1NiJ9", Buffer.from(JSON.stringify({ exp: Number(ts) + 3600 })).toString("base64url"), "sig"].join(".");
    expect(d({ scheme: "bearer", secret: jwt, signature: `Bearer ${jwt}` }).code).toBe("sig.ok");
  });
});
