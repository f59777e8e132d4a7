import type { BurstSettings } from "./checks/burst.js";
import type { Platform } from "./report.js";

/** One `--resolve host:port:address` entry: connect there for that host and port (curl semantics). */
export interface ResolveEntry {
  host: string;
  port: number;
  address: string;
}

export type SignatureScheme = "github" | "stripe" | "standard-webhooks" | "slack" | "meta" | "custom";

export type AuthSpec =
  | {
      kind: "hmac";
      scheme: SignatureScheme;
      /** custom scheme only */
      header?: string;
      algorithm?: "sha1" | "sha256" | "sha512";
      encoding?: "hex" | "base64";
      prefix?: string;
    }
  | { kind: "bearer" };

/** Secrets are kept apart so a report can never pick them up by accident. */
export interface CheckSecrets {
  botToken?: string;
  secretToken?: string;
  verifyToken?: string;
  appSecret?: string;
  signingSecret?: string;
  bearerToken?: string;
}

/**
 * What a check sends. "full" (/check, the CLI): every probe of the platform, negative ones included (wrong and
 * missing credentials, a 3 MB notification, re-printed twins). "watch" (the monitor, every interval, at someone's
 * production endpoint): only what the platform itself would send in one delivery (Telegram's sample update,
 * WhatsApp's handshake and one signed notification, one signed or bearer delivery), so findings that only the
 * negative probes can show do not appear, and no deep probe or burst runs.
 */
export type CheckProfile = "full" | "watch";

export interface CheckOptions {
  /** Bot API base, e.g. https://api.telegram.org (a local fake in tests). */
  apiRoot: string;
  resolve: ResolveEntry[];
  /** Probe private and loopback targets like public ones (tests, self-hosted internal use). */
  allowPrivate: boolean;
  deep: boolean;
  /** How long the HTTP probe waits for an answer. */
  httpTimeoutMs: number;
  /** Bound on the whole check. */
  totalTimeoutMs: number;
  /** How long the keep-alive probe stays idle watching for the server to hang up (default 20 s). */
  keepaliveWaitMs?: number;
  /** Path for the deep health probe (default /health). */
  healthPath?: string;
  /** DNS servers to ask ("127.0.6.1:5353"); default: the system's. Tests point this at a local fake. */
  dnsServers?: string[];
  /** Extra PEM trust anchors in addition to the system store (NODE_EXTRA_CA_CERTS is honoured too). */
  extraCa?: string[];
  /** Default "full". */
  profile?: CheckProfile;
  /** The burst test at the sender's concurrency; set only after burst-gate.ts allowed it (owner, rate limit). */
  burst?: BurstSettings;
}

export interface CheckRequest {
  url: string;
  platform: Platform;
  secrets: CheckSecrets;
  auth?: AuthSpec;
  options: CheckOptions;
}

/** Platform deadlines: how long the sender waits before it gives up on one delivery. */
export const PLATFORM_DEADLINE_MS: Record<Platform, number> = {
  telegram: 60_000,
  whatsapp: 20_000,
  generic: 30_000,
};

export const DEFAULT_API_ROOT = "https://api.telegram.org";

export function defaultOptions(platform: Platform, overrides: Partial<CheckOptions> = {}): CheckOptions {
  const httpTimeoutMs = overrides.httpTimeoutMs ?? PLATFORM_DEADLINE_MS[platform];
  return {
    apiRoot: DEFAULT_API_ROOT,
    resolve: [],
    allowPrivate: false,
    deep: false,
    totalTimeoutMs: httpTimeoutMs * 2 + 30_000,
    ...overrides,
    httpTimeoutMs,
  };
}
