import { readFileSync } from "node:fs";
import type { LookupFunction } from "node:net";
import { createSecureContext, rootCertificates, type SecureContext } from "node:tls";
import type { Socket } from "node:net";
import { Agent, buildConnector } from "undici";
import type { Address } from "./addresses.js";

/**
 * A DNS lookup that always answers with the one address the DNS step approved. Passing it to every
 * socket we open means we connect to exactly the address we checked (no second resolution that a
 * rebinding DNS server could point at our own network).
 */
export function pinnedLookup(pin: Address): LookupFunction {
  return ((_hostname: string, options: { all?: boolean } | number, callback: (...args: unknown[]) => void) => {
    const cb = typeof options === "function" ? (options as (...args: unknown[]) => void) : callback;
    const all = typeof options === "object" && options?.all;
    if (all) cb(null, [{ address: pin.address, family: pin.family }]);
    else cb(null, pin.address, pin.family);
  }) as unknown as LookupFunction;
}

/**
 * Trust anchors for verification: the system store, plus NODE_EXTRA_CA_CERTS, plus any PEMs given.
 * Returns undefined when nothing extra is configured, so Node's own defaults apply.
 */
const anchorCache = new Map<string, string[] | undefined>();

export function trustAnchors(extraCa: string[] = []): string[] | undefined {
  // Memoized: the same array comes back for the same inputs, so its parsed context can be cached too.
  const key = `${process.env.NODE_EXTRA_CA_CERTS ?? ""}\u0000${extraCa.join("\u0000")}`;
  if (!anchorCache.has(key)) anchorCache.set(key, readTrustAnchors(extraCa));
  return anchorCache.get(key);
}

const contextCache = new WeakMap<string[], SecureContext>();

/**
 * Parsing ~150 root certificates into an OpenSSL store costs tens of milliseconds: doing it per
 * connection made a check CPU-bound (measured in bench/). One context per anchor set, built once.
 */
export function trustContext(anchors: string[] | undefined): SecureContext | undefined {
  if (!anchors) return undefined;
  let context = contextCache.get(anchors);
  if (!context) {
    context = createSecureContext({ ca: anchors });
    contextCache.set(anchors, context);
  }
  return context;
}

function readTrustAnchors(extraCa: string[]): string[] | undefined {
  const fromEnv = process.env.NODE_EXTRA_CA_CERTS;
  const extra = [...extraCa];
  if (fromEnv) {
    try {
      extra.push(readFileSync(fromEnv, "utf8"));
    } catch {
      // Node itself warns about an unreadable NODE_EXTRA_CA_CERTS at start-up; nothing to add here.
    }
  }
  if (extra.length === 0) return undefined;
  return [...rootCertificates, ...extra];
}

export interface PinnedAgentOptions {
  pin: Address;
  connectTimeoutMs: number;
  /** Keep-alive behaviour matters for the deep probes; defaults are undici's. */
  keepAliveTimeoutMs?: number;
  extraCa?: string[];
  /** The TLS verdict comes from the TLS check; HTTP probes still want to talk to a bad certificate. */
  rejectUnauthorized?: boolean;
  /** An already open connection to use first (see ConnectionHandoff); called for every new connection. */
  handoff?: () => Socket | undefined;
}

/** An undici dispatcher whose every connection goes to the pinned address, with SNI for the URL's host. */
export function pinnedAgent(opts: PinnedAgentOptions): Agent {
  const connectOptions = {
    lookup: pinnedLookup(opts.pin),
    timeout: opts.connectTimeoutMs,
    rejectUnauthorized: opts.rejectUnauthorized ?? false,
    secureContext: trustContext(trustAnchors(opts.extraCa)),
    autoSelectFamily: false,
  };
  const handoff = opts.handoff;
  const connect: Agent.Options["connect"] = handoff
    ? (() => {
        const open = buildConnector(connectOptions);
        return (options: buildConnector.Options, callback: buildConnector.Callback) => {
          const socket = handoff();
          // Asynchronously, as undici's own connector answers: a synchronous answer leaves the request
          // queued forever (and deaf to its abort signal), measured with undici 7.
          if (socket) return void process.nextTick(() => callback(null, socket));
          open(options, callback);
        };
      })()
    : connectOptions;
  return new Agent({ connections: 4, pipelining: 1, keepAliveTimeout: opts.keepAliveTimeoutMs ?? 4_000, connect });
}
