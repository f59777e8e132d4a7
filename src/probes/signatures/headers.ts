import { randomBytes, randomUUID } from "node:crypto";
import { digest, encode, sign, schemeSpec, type CustomOptions, type HmacScheme } from "./schemes.js";

/** The headers a correct sender of this scheme attaches to `payload`, signed with `secret`. */
export function signedHeaders(scheme: HmacScheme, secret: string, payload: Buffer, custom: CustomOptions = {}, now = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const id = `msg_${randomBytes(8).toString("hex")}`;
  const value = sign(scheme, { secret, payload, timestamp, id }, custom);
  const spec = schemeSpec(scheme, custom);
  const header = spec.header;
  // GitHub and Meta send the legacy SHA-1 header too, over the same bytes with the same key.
  const legacy: Record<string, string> = spec.sender.legacyHeader ? { [spec.sender.legacyHeader]: `sha1=${encode(digest("sha1", spec.key(secret), payload), "hex")}` } : {};
  switch (scheme) {
    case "slack":
      return { [header]: value, "x-slack-request-timestamp": timestamp };
    case "standard-webhooks":
      return { [header]: value, "webhook-id": id, "webhook-timestamp": timestamp };
    case "github":
      // GitHub names the event and the delivery on every request; Octokit's middleware refuses a request without them.
      return { [header]: value, ...legacy, "x-github-event": "ping", "x-github-delivery": randomUUID() };
    default:
      return { [header]: value, ...legacy };
  }
}

/** What the same sender attaches without a secret: every header but the signature (a refusal then concerns the signature alone). */
export function unsignedHeaders(scheme: HmacScheme, payload: Buffer, custom: CustomOptions = {}, now = new Date()): Record<string, string> {
  // Any key will do (its signature is removed); Standard Webhooks needs one that decodes.
  const headers = signedHeaders(scheme, `whsec_${Buffer.from("webhook-doctor-no-secret").toString("base64")}`, payload, custom, now);
  const spec = schemeSpec(scheme, custom);
  delete headers[spec.header];
  if (spec.sender.legacyHeader) delete headers[spec.sender.legacyHeader];
  return headers;
}
