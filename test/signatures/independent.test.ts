import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { diagnoseSignature } from "../../src/diagnosis/signature-doctor.js";
import { safeEqual, sign, verify, type CustomOptions, type HmacScheme } from "../../src/probes/signatures/schemes.js";

/**
 * The signers checked against an implementation that shares no code with them: the openssl command line.
 * Meta publishes no secret/payload/signature example (its docs describe only the construction), so this
 * is what stands behind the meta scheme; for the others it backs the published vectors.
 */
function opensslHmac(algorithm: "sha1" | "sha256" | "sha512", key: Buffer, data: Buffer): Buffer {
  const out = execFileSync("openssl", ["dgst", `-${algorithm}`, "-mac", "HMAC", "-macopt", `hexkey:${key.toString("hex")}`], { input: data }).toString();
  const hex = /([0-9a-f]+)\s*$/.exec(out)?.[1];
  if (!hex) throw new Error(`unexpected openssl output: ${out}`);
  return Buffer.from(hex, "hex");
}

// Non-ASCII, an escaped code point and a trailing newline: bytes a careless implementation would change.
const payload = Buffer.from('{"text":"caf\u00e9 \\u2014 \u4f60\u597d","n":1}\n', "utf8");
const secret = "webhook-doctor-test-secret";
const timestamp = "1700000000";
const id = "msg_2KWPBgLlAfxdpx2AI54pPJ85f4W";
const swSecret = "whsec_C2FVsBQIhrscChlQIMV+b5sSYspob7oD";
const utf8 = (s: string) => Buffer.from(s, "utf8");

const cases: Array<{ scheme: HmacScheme; custom?: CustomOptions; key: Buffer; signed: Buffer; expected: (mac: Buffer) => string }> = [
  { scheme: "github", key: utf8(secret), signed: payload, expected: (mac) => `sha256=${mac.toString("hex")}` },
  { scheme: "meta", key: utf8(secret), signed: payload, expected: (mac) => `sha256=${mac.toString("hex")}` },
  { scheme: "slack", key: utf8(secret), signed: Buffer.concat([utf8(`v0:${timestamp}:`), payload]), expected: (mac) => `v0=${mac.toString("hex")}` },
  // Stripe keys the HMAC with the whole whsec_ string, undecoded.
  { scheme: "stripe", key: utf8(swSecret), signed: Buffer.concat([utf8(`${timestamp}.`), payload]), expected: (mac) => `t=${timestamp},v1=${mac.toString("hex")}` },
  {
    scheme: "standard-webhooks",
    key: Buffer.from(swSecret.slice("whsec_".length), "base64"),
    signed: Buffer.concat([utf8(`${id}.${timestamp}.`), payload]),
    expected: (mac) => `v1,${mac.toString("base64")}`,
  },
  { scheme: "custom", custom: { header: "X-Signature", algorithm: "sha512", encoding: "base64", prefix: "sha512=" }, key: utf8(secret), signed: payload, expected: (mac) => `sha512=${mac.toString("base64")}` },
  { scheme: "custom", custom: { header: "X-Sig", algorithm: "sha1", encoding: "hex" }, key: utf8(secret), signed: payload, expected: (mac) => mac.toString("hex") },
];

describe("signers agree with openssl dgst -hmac", () => {
  it.each(cases)("$scheme $custom", (c) => {
    const s = c.scheme === "standard-webhooks" || c.scheme === "stripe" ? swSecret : secret;
    const algorithm = c.custom?.algorithm ?? "sha256";
    const expected = c.expected(opensslHmac(algorithm, c.key, c.signed));
    const input = { secret: s, payload, timestamp, id };
    expect(sign(c.scheme, input, c.custom)).toBe(expected);
    expect(verify(c.scheme, input, expected, c.custom)).toBe(true);
    expect(diagnoseSignature({ scheme: c.scheme, secret: s, payload, signature: expected, timestamp, id, custom: c.custom, now: new Date(Number(timestamp) * 1000) }).code).toBe("sig.ok");
  });

  it("Stripe's published header is also what openssl computes from stripe-dotnet's fixture", () => {
    const vectors = JSON.parse(execFileSync("cat", [new URL("../fixtures/signatures/vectors.json", import.meta.url).pathname]).toString()) as Array<{ scheme: string; secret: string; timestamp: string; payload: string; header?: string }>;
    const v = vectors.find((x) => x.scheme === "stripe")!;
    const mac = opensslHmac("sha256", utf8(v.secret), utf8(`${v.timestamp}.${v.payload}`));
    expect(v.header).toContain(`v1=${mac.toString("hex")}`);
  });
});

describe("the Standard Webhooks secret is decoded strictly", () => {
  const input = { secret: swSecret, payload, timestamp, id };
  const good = sign("standard-webhooks", input);

  it.each([`${swSecret}x`, `${swSecret}!`, `${swSecret}====`, `whsec_C2FV sBQIhrscChlQIMV+b5sSYspob7oD`, "whsec_"])("a malformed secret %j verifies nothing", (bad) => {
    // Node's lenient decoder would turn the first one into the right key.
    expect(verify("standard-webhooks", { ...input, secret: bad }, good)).toBe(false);
    expect(() => sign("standard-webhooks", { ...input, secret: bad })).toThrow(/not valid base64/);
    expect(diagnoseSignature({ scheme: "standard-webhooks", secret: bad, payload, signature: good, timestamp, id, now: new Date(Number(timestamp) * 1000) })).toEqual({
      code: "sig.secret_encoding",
      evidence: { scheme: "standard-webhooks", secret_is_base64: false },
    });
  });
});

describe("safeEqual", () => {
  it("is true only for the same string, and never throws on unequal lengths", () => {
    expect(safeEqual("sha256=abc", "sha256=abc")).toBe(true);
    expect(safeEqual("sha256=abc", "sha256=abd")).toBe(false);
    expect(safeEqual("sha256=abc", "sha256=abcd")).toBe(false);
    expect(safeEqual("", "x")).toBe(false);
    expect(safeEqual("caf\u00e9", "cafe\u0301")).toBe(false);
  });
});
