import type { AuthSpec, CheckSecrets } from "../diagnosis/check-request.js";
import type { Platform } from "../model.js";
import type { SecretBox } from "../store/secret-box.js";
import type { WatchRow } from "../store/watches-repository.js";

/**
 * What a watch keeps sealed, and the associated data that binds each ciphertext to its row and purpose:
 * a ciphertext copied to another row, or from the token column to the endpoint column, does not open.
 */
export function watchAad(watchId: number): string {
  return `watch:${watchId}`;
}

export function endpointAad(watchId: number): string {
  return `watch:${watchId}:endpoint`;
}

/** The endpoint's secrets a quick check can use; the watched bot's own token is kept apart (token_sealed). */
export type EndpointSecrets = Omit<CheckSecrets, "botToken">;

/** Everything the endpoint check of a watch needs: the real URL (the row keeps a sanitised copy), platform, secrets. */
export interface EndpointTarget {
  url: string;
  platform: Platform;
  secrets: EndpointSecrets;
  auth?: AuthSpec;
}

export function sealEndpoint(box: SecretBox, watchId: number, target: Omit<EndpointTarget, "platform">): string {
  return box.seal(JSON.stringify({ url: target.url, secrets: target.secrets, ...(target.auth ? { auth: target.auth } : {}) }), endpointAad(watchId));
}

/**
 * The endpoint target of a row: the sealed one when the URL or the check carries secrets, else the row's
 * URL as it is (then it was stored unchanged). Undefined when the row watches no endpoint. Throws when the
 * sealed target does not open (another ENCRYPTION_KEY, a tampered row): never falls back to the sanitised URL.
 */
export function openEndpoint(box: SecretBox, row: Pick<WatchRow, "id" | "url" | "platform" | "endpoint_sealed">): EndpointTarget | undefined {
  if (!row.url) return undefined;
  const platform = row.platform ?? "telegram";
  if (!row.endpoint_sealed) return { url: row.url, platform, secrets: {} };
  const opened = JSON.parse(box.open(row.endpoint_sealed, endpointAad(row.id))) as { url?: unknown; secrets?: unknown; auth?: unknown };
  if (typeof opened.url !== "string") throw new Error("sealed endpoint target has no URL");
  const secrets: EndpointSecrets = {};
  if (opened.secrets && typeof opened.secrets === "object") {
    for (const [key, value] of Object.entries(opened.secrets)) {
      if (key !== "botToken" && typeof value === "string" && value) (secrets as Record<string, string>)[key] = value;
    }
  }
  return { url: opened.url, platform, secrets, ...(opened.auth && typeof opened.auth === "object" ? { auth: opened.auth as AuthSpec } : {}) };
}
