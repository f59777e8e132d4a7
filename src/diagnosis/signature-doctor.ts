import {
  candidateValues,
  digest,
  encode,
  InvalidSecretError,
  safeEqual,
  schemeSpec,
  sign,
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
 * Given what a receiver got and the secret it holds: is the signature right, and if not, which common
 * mistake explains it? Each variant re-signs the payload the way a mistaken party would and compares in
 * constant time. Never puts the secret or a correct signature into the evidence.
 */
export function diagnoseSignature(c: SignatureCase): SignatureDiagnosis {
  if (c.scheme === "bearer") return diagnoseBearer(c);
  const scheme = c.scheme;
  const timestamp = c.timestamp ?? (scheme === "stripe" ? stripeTimestamp(c.signature) : undefined);
  const base: SignInput = { secret: c.secret, payload: c.payload, timestamp, id: c.id };
  const received = candidateValues(scheme, c.signature);
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
    // The receiver's Standard Webhooks secret is not base64 after whsec_: its library cannot decode it either.
    if (error instanceof InvalidSecretError) return result("sig.secret_encoding", { secret_is_base64: false });
    throw error;
  }
  if (matches(correct)) {
    if (spec.needsTimestamp && timestamp) {
      const skew = Math.round((c.now ?? new Date()).getTime() / 1000 - Number(timestamp));
      if (Math.abs(skew) > TIMESTAMP_TOLERANCE_S) return result("sig.timestamp_out_of_tolerance", { skew_s: skew, tolerance_s: TIMESTAMP_TOLERANCE_S });
    }
    return result("sig.ok");
  }

  // Prefix missing or doubled: the digest itself is right. A Stripe entry without "v1=" is not among the
  // v1 values, so every entry of its header other than t= and v0= is looked at here.
  const bare = correct.slice(spec.prefix.length);
  const entries = scheme === "stripe" ? c.signature.split(",").map((p) => p.trim()).filter((p) => p && !/^(t|v0)=/.test(p)) : received;
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
  const escapeUnicode = (s: string) => s.replace(/[\u007f-\uffff]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, "0")}`);
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
