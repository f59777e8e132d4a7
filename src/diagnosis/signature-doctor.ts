import {
  candidateValues,
  digest,
  encode,
  escapeNonAscii,
  InvalidSecretError,
  safeEqual,
  schemeSpec,
  sign,
  standardWebhooksKey,
  stripeTimestamp,
  type Algorithm,
  type CustomOptions,
  type HmacScheme,
  type SignInput,
} from "../probes/signatures/schemes.js";
import type { FindingCode } from "./catalogue.js";
import type { Evidence } from "./report.js";

/** Senders and libraries reject signed timestamps further than this from now. */
export const TIMESTAMP_TOLERANCE_S = 300;

export type DoctorScheme = HmacScheme | "bearer";

export interface SignatureCase {
  scheme: DoctorScheme;
  /** The secret (or, for bearer, the expected token) the receiver holds. */
  secret: string;
  payload: Buffer;
  /** What the receiver got: the signature header value, or the Authorization value for bearer. */
  signature: string;
  timestamp?: string;
  id?: string;
  now?: Date;
  custom?: CustomOptions;
}

export interface SignatureDiagnosis {
  code: FindingCode;
  evidence: Evidence;
}

/**
 * The case cannot be judged as given (not a mistake of the sender or receiver): the message id says what to
 * give instead. The command line exits 2 with it; the /verify dialog says it.
 */
export class SignatureInputError extends Error {
  constructor(
    readonly messageId: "sig-input-stripe-needs-t" | "sig-input-timestamp-conflict" | "sig-input-header-other-scheme",
    readonly args: Record<string, string> = {},
  ) {
    super(messageId);
  }
}

/** Header names people paste in front of the value, and the schemes that send them. */
const SIGNATURE_HEADERS: Record<string, DoctorScheme[]> = {
  "x-hub-signature-256": ["github", "meta"],
  "x-hub-signature": ["github", "meta"],
  "stripe-signature": ["stripe"],
  "webhook-signature": ["standard-webhooks"],
  "svix-signature": ["standard-webhooks"],
  "x-slack-signature": ["slack"],
  authorization: ["bearer"],
};

/**
 * The received value without a header name pasted in front of it ("X-Hub-Signature-256: sha256=…",
 * "Stripe-Signature: t=…"). A name that belongs to another scheme is refused: the scheme was chosen wrongly.
 */
export function receivedValue(scheme: DoctorScheme, pasted: string, custom: CustomOptions = {}): { value: string; pastedName?: string } {
  const m = /^\s*([A-Za-z][A-Za-z0-9-]*)\s*:\s*(\S[\s\S]*)$/.exec(pasted);
  if (!m) return { value: pasted.trim() };
  const name = m[1].toLowerCase();
  const customName = (custom.header ?? "x-signature").toLowerCase();
  const ours = (SIGNATURE_HEADERS[name] ?? []).includes(scheme) || (scheme === "custom" && name === customName);
  if (ours) return { value: m[2].trim(), pastedName: name };
  if (SIGNATURE_HEADERS[name]) throw new SignatureInputError("sig-input-header-other-scheme", { header: m[1], schemes: SIGNATURE_HEADERS[name].join(", ") });
  return { value: pasted.trim() };
}

/**
 * Whether a Standard Webhooks secret can make a key. Whitespace is looked at before strict decoding: a
 * secret pasted with a space or newline around it is otherwise fine, and that is the mistake to name.
 */
export function standardWebhooksSecretProblem(secret: string): "sig.secret_whitespace" | "sig.secret_encoding" | undefined {
  const decodes = (s: string) => {
    try {
      standardWebhooksKey(s);
      return true;
    } catch (error) {
      if (error instanceof InvalidSecretError) return false;
      throw error;
    }
  };
  if (decodes(secret)) return undefined;
  return secret !== secret.trim() && decodes(secret.trim()) ? "sig.secret_whitespace" : "sig.secret_encoding";
}

/**
 * Given what a receiver got and the secret it holds: is the signature right, and if not, which common
 * mistake explains it? Each variant re-signs the payload the way a mistaken party would and compares in
 * constant time. Never puts the secret or a correct signature into the evidence.
 */
export function diagnoseSignature(c: SignatureCase): SignatureDiagnosis {
  if (c.scheme === "bearer") return diagnoseBearer({ ...c, signature: receivedValue("bearer", c.signature).value });
  const scheme = c.scheme;
  const { value: signature, pastedName } = receivedValue(scheme, c.signature, c.custom);
  // Stripe carries its t= inside the value; a --timestamp beside it must agree (timestamps are public).
  const stripeT = scheme === "stripe" ? stripeTimestamp(signature) : undefined;
  if (scheme === "stripe" && !stripeT && !c.timestamp) throw new SignatureInputError("sig-input-stripe-needs-t");
  if (stripeT && c.timestamp && stripeT !== c.timestamp) throw new SignatureInputError("sig-input-timestamp-conflict", { given: c.timestamp, header: stripeT });
  const timestamp = c.timestamp ?? stripeT;
  const base: SignInput = { secret: c.secret, payload: c.payload, timestamp, id: c.id };
  const received = candidateValues(scheme, signature);
  const spec = schemeSpec(scheme, c.custom);
  const expectedFor = (input: SignInput, overrides: Partial<{ algorithm: Algorithm; key: Buffer; uppercase: boolean; encoding: "hex" | "base64"; prefix: string }> = {}) => {
    const raw = digest(overrides.algorithm ?? spec.algorithm, overrides.key ?? spec.key(input.secret), spec.signedBytes(input));
    let value = encode(raw, overrides.encoding ?? spec.encoding);
    if (overrides.uppercase) value = value.toUpperCase();
    return (overrides.prefix ?? spec.prefix) + value;
  };
  const matches = (value: string) => received.some((r) => safeEqual(r, value));
  /** Whether a variant's signature was received; a variant secret that is not base64 (Standard Webhooks) matches nothing. */
  const matchesFor = (...args: Parameters<typeof expectedFor>) => {
    try {
      return matches(expectedFor(...args));
    } catch (error) {
      if (error instanceof InvalidSecretError) return false;
      throw error;
    }
  };
  const result = (code: FindingCode, evidence: Evidence = {}): SignatureDiagnosis => ({ code, evidence: { scheme, ...evidence } });

  let correct: string;
  try {
    correct = expectedFor(base);
  } catch (error) {
    if (!(error instanceof InvalidSecretError)) throw error;
    // The receiver's Standard Webhooks secret makes no key: its library cannot load it either. Whitespace
    // around an otherwise good secret is the commoner reason, so it is named first.
    if (standardWebhooksSecretProblem(c.secret) === "sig.secret_whitespace") {
      return result("sig.secret_whitespace", { matches_after_trimming: matchesFor({ ...base, secret: c.secret.trim() }) });
    }
    return result("sig.secret_encoding", { secret_is_base64: false });
  }
  if (matches(correct)) {
    if (spec.needsTimestamp && timestamp) {
      const skew = Math.round((c.now ?? new Date()).getTime() / 1000 - Number(timestamp));
      if (Math.abs(skew) > TIMESTAMP_TOLERANCE_S) return result("sig.timestamp_out_of_tolerance", { skew_s: skew, tolerance_s: TIMESTAMP_TOLERANCE_S });
    }
    return result("sig.ok");
  }

  // GitHub's and Meta's legacy header: X-Hub-Signature: sha1=<hex>, where X-Hub-Signature-256 is read.
  if (spec.prefix === "sha256=" && (pastedName === "x-hub-signature" || received.some((r) => r.startsWith("sha1=")))) {
    if (matchesFor(base, { algorithm: "sha1", prefix: "sha1=" }) || matchesFor(base, { algorithm: "sha1" })) {
      return result("sig.wrong_algorithm", { expected: spec.algorithm, found: "sha1", legacy_header: "X-Hub-Signature", expected_header: "X-Hub-Signature-256" });
    }
  }

  // Prefix missing or doubled: the digest itself is right. A Stripe entry without "v1=" is not among the
  // v1 values, so every entry of its header other than t= and v0= is looked at here.
  const bare = correct.slice(spec.prefix.length);
  const entries = scheme === "stripe" ? signature.split(",").map((p) => p.trim()).filter((p) => p && !/^(t|v0)=/.test(p)) : received;
  if (spec.prefix && entries.some((r) => safeEqual(r, bare) || safeEqual(r, spec.prefix + correct))) return result("sig.prefix", { expected_prefix: spec.prefix });

  // The secret with surrounding whitespace or a trailing newline on one side.
  for (const variant of [c.secret.trim(), `${c.secret}\n`, `${c.secret.trim()}\n`, ` ${c.secret.trim()}`]) {
    if (variant !== c.secret && matchesFor({ ...base, secret: variant })) return result("sig.secret_whitespace");
  }

  // Another algorithm.
  for (const algorithm of ["sha1", "sha256", "sha512"] as const) {
    if (algorithm !== spec.algorithm && matchesFor(base, { algorithm })) return result("sig.wrong_algorithm", { expected: spec.algorithm, found: algorithm });
  }

  // Another encoding or letter case.
  const otherEncoding = spec.encoding === "hex" ? "base64" : "hex";
  if (matchesFor(base, { encoding: otherEncoding }) || matchesFor(base, { uppercase: true })) return result("sig.wrong_encoding", { expected: spec.encoding });

  // The secret decoded the wrong way (Standard Webhooks' base64 after whsec_, Stripe's string as-is).
  const secretVariants: Buffer[] =
    scheme === "standard-webhooks"
      ? [Buffer.from(c.secret, "utf8"), Buffer.from(c.secret.replace(/^whsec_/, ""), "utf8")]
      : [Buffer.from(c.secret.replace(/^whsec_/, ""), "base64"), Buffer.from(c.secret.replace(/^whsec_/, ""), "utf8")];
  if (secretVariants.some((key) => key.length > 0 && matchesFor(base, { key }))) return result("sig.secret_encoding");

  // A trailing newline added or lost (an editor saving the payload file, a heredoc, echo): named before
  // re-serialisation, which would otherwise claim it as "minified".
  const text = c.payload.toString("utf8");
  const endsWithNewline = /\r?\n$/.test(text);
  const newlineVariants = endsWithNewline ? [text.replace(/\r?\n$/, ""), text.replace(/(\r?\n)+$/, "")] : [`${text}\n`, `${text}\r\n`];
  for (const variant of newlineVariants) {
    if (matchesFor({ ...base, payload: Buffer.from(variant, "utf8") })) return result("sig.body_trailing_newline", { payload_ends_with_newline: endsWithNewline, signed_ends_with_newline: !endsWithNewline });
  }

  // The body re-serialised: one side signed other bytes than the other verified.
  for (const [form, body] of reserializations(c.payload)) {
    if (matchesFor({ ...base, payload: body })) return result("sig.body_reserialized", { form });
  }
  return result("sig.mismatch");
}

/**
 * The bytes a sender or receiver may have signed instead of the ones received, most specific first:
 * a difference in escaping alone is named as such, not as a re-serialisation.
 */
function reserializations(payload: Buffer): Array<[string, Buffer]> {
  const original = payload.toString("utf8");
  let parsed: unknown;
  try {
    parsed = JSON.parse(original);
  } catch {
    return [];
  }
  // Meta signs the escaped form (\u00e9, and \/ for slashes); a receiver that re-prints JSON unescapes it, and the reverse.
  const escapeUnicode = escapeNonAscii;
  const unescapeUnicode = (s: string) => s.replace(/\\u([0-9a-fA-F]{4})/g, (_m, h) => String.fromCharCode(parseInt(h, 16)));
  const escapeSlashes = (s: string) => s.replace(/(?<!\\)\//g, "\\/");
  const unescapeSlashes = (s: string) => s.replace(/\\\//g, "/");
  const structural: Array<[string, string]> = [
    ["minified", JSON.stringify(parsed)],
    ["pretty", JSON.stringify(parsed, null, 2)],
    ["pretty_4", JSON.stringify(parsed, null, 4)],
    ["keys_sorted", JSON.stringify(sortKeys(parsed))],
  ];
  const forms: Array<[string, string]> = [
    ["unicode_escaped", escapeUnicode(original)],
    ["unicode_unescaped", unescapeUnicode(original)],
    ["slashes_escaped", escapeSlashes(original)],
    ["slashes_unescaped", unescapeSlashes(original)],
    ["unicode_and_slashes_escaped", escapeSlashes(escapeUnicode(original))],
    ["unicode_and_slashes_unescaped", unescapeSlashes(unescapeUnicode(original))],
    ...structural,
    // JSON.stringify never escapes, so the escaped variants of each layout are made here.
    ...structural.map(([name, text]): [string, string] => [`${name}+unicode_escaped`, escapeUnicode(text)]),
    ...structural.map(([name, text]): [string, string] => [`${name}+unicode_and_slashes_escaped`, escapeSlashes(escapeUnicode(text))]),
  ];
  const seen = new Set([original]);
  return forms.filter(([, text]) => !seen.has(text) && Boolean(seen.add(text))).map(([name, text]) => [name, Buffer.from(text, "utf8")]);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.keys(value as object).sort().map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]));
  }
  return value;
}

/** Bearer tokens: compared as given; JWTs have `exp` decoded (never verified: we hold no key for that). */
function diagnoseBearer(c: SignatureCase): SignatureDiagnosis {
  const value = c.signature.trim();
  const token = value.replace(/^Bearer\s+/i, "");
  const result = (code: FindingCode, evidence: Evidence = {}): SignatureDiagnosis => ({ code, evidence: { scheme: "bearer", ...evidence } });
  if (/^Bearer\s+Bearer\s+/i.test(value)) return result("sig.bearer_prefix");
  const exp = jwtExpiry(token);
  if (exp !== undefined && exp * 1000 < (c.now ?? new Date()).getTime()) return result("sig.token_expired", { expired_at: new Date(exp * 1000).toISOString() });
  // Whether the held secret carries whitespace is decided on the secret alone, not by comparing with what was received.
  if (safeEqual(token, c.secret.trim())) return c.secret === c.secret.trim() ? result("sig.ok") : result("sig.secret_whitespace");
  return result("sig.mismatch");
}

function jwtExpiry(token: string): number | undefined {
  const parts = token.split(".");
  if (parts.length !== 3) return undefined;
  try {
    const claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8")) as { exp?: unknown };
    return typeof claims.exp === "number" ? claims.exp : undefined;
  } catch {
    return undefined;
  }
}

export { sign };
