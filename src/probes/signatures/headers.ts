import { randomBytes } from "node:crypto";
import { sign, schemeSpec, type CustomOptions, type HmacScheme } from "./schemes.js";

/** The headers a correct sender of this scheme attaches to `payload`, signed with `secret`. */
export function signedHeaders(scheme: HmacScheme, secret: string, payload: Buffer, custom: CustomOptions = {}, now = new Date()): Record<string, string> {
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const id = `msg_${randomBytes(8).toString("hex")}`;
  const value = sign(scheme, { secret, payload, timestamp, id }, custom);
  const header = schemeSpec(scheme, custom).header;
  switch (scheme) {
    case "slack":
      return { [header]: value, "x-slack-request-timestamp": timestamp };
    case "standard-webhooks":
      return { [header]: value, "webhook-id": id, "webhook-timestamp": timestamp };
    default:
      return { [header]: value };
  }
}
