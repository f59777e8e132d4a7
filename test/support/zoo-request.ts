import { defaultOptions, type CheckOptions, type CheckRequest } from "../../src/diagnosis/check-request.js";
import type { Platform } from "../../src/diagnosis/report.js";

/** The check options a zoo test overrides (the rest come from zooRequest's defaults). */
export type ZooOptions = Partial<CheckOptions>;

/** A check request aimed at a zoo endpoint: `host` resolves to a loopback `address` via --resolve. */
export function zooRequest(
  url: string,
  address: string,
  rootPem: string,
  extra: { platform?: Platform; secrets?: CheckRequest["secrets"]; options?: ZooOptions } = {},
): CheckRequest {
  const u = new URL(url);
  const platform = extra.platform ?? "telegram";
  return {
    url,
    platform,
    secrets: extra.secrets ?? {},
    options: defaultOptions(platform, {
      resolve: [{ host: u.hostname, port: Number(u.port || 443), address }],
      allowPrivate: true,
      extraCa: [rootPem],
      httpTimeoutMs: 3_000,
      ...extra.options,
    }),
  };
}
