import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/**
 * How each provider signs a webhook: which bytes, which key, which encoding, which header format.
 * One table so the signer (for probes), the verifier and the mistake detector all agree.
 */
export type HmacScheme = "github" | "meta" | "slack" | "stripe" | "standard-webhooks" | "custom";
export type Algorithm = "sha1" | "sha256" | "sha512";
export type Encoding = "hex" | "base64";

export interface SignInput {
  secret: string;
  payload: Buffer;
  /** Unix seconds, for schemes that sign a timestamp (Slack, Stripe, Standard Webhooks). */
  timestamp?: string;
  /** Message id, for Standard Webhooks. */
  id?: string;
}

export interface CustomOptions {
  header?: string;
  algorithm?: Algorithm;
  encoding?: Encoding;
  prefix?: string;
}

export const JSON_TYPE = "application/json";
export const FORM_TYPE = "application/x-www-form-urlencoded";
export type ContentType = typeof JSON_TYPE | typeof FORM_TYPE;

/**
 * What the provider's own sender does, so probes send what it would send and judge only what it could send.
 * - contentTypes: JSON only for Stripe, Standard Webhooks and Meta; GitHub lets the hook owner choose JSON or
 *   form (`payload=`); Slack's Events API is JSON while slash commands and interactivity are form-encoded.
 *   A custom sender is unknown, so both are possible.
 * - form: how a form body carries the event: GitHub's `payload=<json>`, or plain fields (Slack's slash commands).
 * - legacyHeader: GitHub and Meta also send `X-Hub-Signature: sha1=<hex>` beside the SHA-256 header; older
 *   receivers still read only that one, and they are right to as long as the sender sends it.
 * - json: how it writes the JSON text it signs. Meta escapes non-ASCII as \uXXXX and "/" as "\/"; Stripe
 *   pretty-prints with two spaces. "non_ascii_escaped" for the others is a form they may send that no receiver
 *   re-printing parsed JSON reproduces (JSON.stringify never escapes), so such a receiver shows itself.
 */
export interface SenderFacts {
  contentTypes: readonly ContentType[];
  form: "payload_json" | "fields";
  legacyHeader?: "x-hub-signature";
  json: "meta_escaped" | "pretty_printed" | "non_ascii_escaped";
}

const JSON_ONLY = [JSON_TYPE] as const;
const JSON_OR_FORM = [JSON_TYPE, FORM_TYPE] as const;

export interface SchemeSpec {
  algorithm: Algorithm;
  encoding: Encoding;
  /** Text before the digest in the header value. */
  prefix: string;
  header: string;
  needsTimestamp: boolean;
  needsId: boolean;
  /** The bytes that are signed. */
  signedBytes(input: SignInput): Buffer;
  /** The HMAC key from the configured secret. */
  key(secret: string): Buffer;
  sender: SenderFacts;
}

const text = (s: string) => Buffer.from(s, "utf8");

export function schemeSpec(scheme: HmacScheme, custom: CustomOptions = {}): SchemeSpec {
  switch (scheme) {
    case "github":
    case "meta":
      return {
        algorithm: "sha256", encoding: "hex", prefix: "sha256=", header: "x-hub-signature-256", needsTimestamp: false, needsId: false, signedBytes: (i) => i.payload, key: text,
        sender:
          scheme === "meta"
            ? { contentTypes: JSON_ONLY, form: "fields", json: "meta_escaped", legacyHeader: "x-hub-signature" }
            : { contentTypes: JSON_OR_FORM, form: "payload_json", json: "non_ascii_escaped", legacyHeader: "x-hub-signature" },
      };
    case "slack":
      return {
        algorithm: "sha256", encoding: "hex", prefix: "v0=", header: "x-slack-signature", needsTimestamp: true, needsId: false,
        signedBytes: (i) => Buffer.concat([text(`v0:${i.timestamp}:`), i.payload]), key: text,
        sender: { contentTypes: JSON_OR_FORM, form: "fields", json: "non_ascii_escaped" },
      };
    case "stripe":
      return {
        algorithm: "sha256", encoding: "hex", prefix: "v1=", header: "stripe-signature", needsTimestamp: true, needsId: false,
        signedBytes: (i) => Buffer.concat([text(`${i.timestamp}.`), i.payload]),
        // Stripe uses the whole "whsec_..." string as the key, undecoded.
        key: text,
        sender: { contentTypes: JSON_ONLY, form: "fields", json: "pretty_printed" },
      };
    case "standard-webhooks":
      return {
        algorithm: "sha256", encoding: "base64", prefix: "v1,", header: "webhook-signature", needsTimestamp: true, needsId: true,
        signedBytes: (i) => Buffer.concat([text(`${i.id}.${i.timestamp}.`), i.payload]),
        // The key is the base64 after the "whsec_" prefix, decoded.
        key: standardWebhooksKey,
        sender: { contentTypes: JSON_ONLY, form: "fields", json: "non_ascii_escaped" },
      };
    case "custom":
      return {
        algorithm: custom.algorithm ?? "sha256", encoding: custom.encoding ?? "hex", prefix: custom.prefix ?? "", header: (custom.header ?? "x-signature").toLowerCase(),
        needsTimestamp: false, needsId: false, signedBytes: (i) => i.payload, key: text,
        sender: { contentTypes: JSON_OR_FORM, form: "fields", json: "non_ascii_escaped" },
      };
  }
}

/** JSON text with every non-ASCII UTF-16 unit written as \uXXXX (lowercase hex, as Meta and PHP's json_encode do). */
export function escapeNonAscii(json: string): string {
  return json.replace(/[\u0080-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** JSON text as JSON.stringify prints it, rewritten the way Meta writes what it signs: non-ASCII and "/" escaped. */
export function escapeJsonLikeMeta(json: string): string {
  return escapeNonAscii(json).replace(/\//g, "\\/");
}

/** `value` written as JSON text the way this scheme's sender writes what it signs. */
export function senderJson(spec: SchemeSpec, value: unknown): string {
  if (spec.sender.json === "pretty_printed") return JSON.stringify(value, null, 2);
  if (spec.sender.json === "meta_escaped") return escapeJsonLikeMeta(JSON.stringify(value));
  return escapeNonAscii(JSON.stringify(value));
}

/** `value` as a form body the way this scheme's sender writes one. */
export function senderForm(spec: SchemeSpec, value: Record<string, string>): string {
  if (spec.sender.form === "payload_json") return new URLSearchParams({ payload: JSON.stringify(value) }).toString();
  return new URLSearchParams(Object.entries(value)).toString();
}

/** A Standard Webhooks secret whose text after "whsec_" is not base64: no key can be made from it. */
export class InvalidSecretError extends Error {
  constructor() {
    super('the Standard Webhooks secret is not valid base64 after its "whsec_" prefix');
  }
}

/**
 * Strict decoding, as the scheme's reference libraries do. Node's decoder silently drops characters it
 * cannot use, so a secret with one stray character would otherwise yield the right key and "verify".
 */
export function standardWebhooksKey(secret: string): Buffer {
  const text = secret.replace(/^whsec_/, "");
  const key = Buffer.from(text, "base64");
  const unpadded = (s: string) => s.replace(/=+$/, "");
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text) || unpadded(key.toString("base64")) !== unpadded(text)) throw new InvalidSecretError();
  return key;
}

export function digest(algorithm: Algorithm, key: Buffer, data: Buffer): Buffer {
  return createHmac(algorithm, key).update(data).digest();
}

export function encode(bytes: Buffer, encoding: Encoding): string {
  return bytes.toString(encoding);
}

/** The header value a correct sender would produce. */
export function sign(scheme: HmacScheme, input: SignInput, custom: CustomOptions = {}): string {
  const spec = schemeSpec(scheme, custom);
  const value = spec.prefix + encode(digest(spec.algorithm, spec.key(input.secret), spec.signedBytes(input)), spec.encoding);
  return scheme === "stripe" ? `t=${input.timestamp},${value}` : value;
}

/**
 * Constant-time string comparison. Both sides are hashed first so the comparison always runs over 32
 * bytes: no early exit on a length difference, and no exception for unequal lengths.
 */
export function safeEqual(a: string, b: string): boolean {
  const x = createHash("sha256").update(a, "utf8").digest();
  const y = createHash("sha256").update(b, "utf8").digest();
  return timingSafeEqual(x, y);
}

/** The signature values inside a header: Stripe's v1 entries, Standard Webhooks' space-separated list, or the value itself. */
export function candidateValues(scheme: HmacScheme, header: string): string[] {
  const value = header.trim();
  if (scheme === "stripe") return value.split(",").filter((p) => p.startsWith("v1=")).map((p) => p.trim());
  if (scheme === "standard-webhooks") return value.split(/\s+/).filter(Boolean);
  return [value];
}

/** Stripe carries its timestamp inside the header. */
export function stripeTimestamp(header: string): string | undefined {
  return /(?:^|,)\s*t=(\d+)/.exec(header)?.[1];
}

export function verify(scheme: HmacScheme, input: SignInput, header: string, custom: CustomOptions = {}): boolean {
  let expected: string;
  try {
    expected = sign(scheme, input, custom);
  } catch (error) {
    // A secret no key can be made from verifies nothing.
    if (error instanceof InvalidSecretError) return false;
    throw error;
  }
  const want = scheme === "stripe" ? expected.split(",")[1] : expected;
  return candidateValues(scheme, header).some((c) => safeEqual(c, want));
}
