import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import { familyOf, unbracket, type Address } from "./addresses.js";

/** What DNS said about a host, per record type. An expected failure is data, not an exception. */
export interface DnsObservation {
  host: string;
  /** How the addresses were obtained. */
  source: "literal" | "resolve_override" | "dns";
  a: string[];
  aaaa: string[];
  /** Error codes per record type when the answer was not a list (ENOTFOUND = NXDOMAIN, ENODATA = no such record). */
  aError?: string;
  aaaaError?: string;
  duration_ms: number;
}

export interface DnsProbeOptions {
  servers?: string[];
  timeoutMs: number;
  /** curl-style overrides: for this host and port, use these addresses and skip DNS. */
  overrides?: Array<{ host: string; port: number; address: string }>;
  port: number;
}

export async function probeDns(rawHost: string, opts: DnsProbeOptions): Promise<DnsObservation> {
  const started = Date.now();
  const host = unbracket(rawHost);
  const done = (o: Omit<DnsObservation, "host" | "duration_ms">): DnsObservation => ({ host, duration_ms: Date.now() - started, ...o });

  if (isIP(host)) {
    return done({ source: "literal", a: isIP(host) === 4 ? [host] : [], aaaa: isIP(host) === 6 ? [host] : [] });
  }
  const pinned = (opts.overrides ?? []).filter((o) => o.host.toLowerCase() === host.toLowerCase() && o.port === opts.port);
  if (pinned.length > 0) {
    const addresses = pinned.map((o) => unbracket(o.address));
    return done({ source: "resolve_override", a: addresses.filter((a) => isIP(a) === 4), aaaa: addresses.filter((a) => isIP(a) === 6) });
  }

  // One try per server and a short timeout: a check must answer in seconds, not after resolv.conf's retries.
  const resolver = new Resolver({ timeout: Math.max(500, Math.floor(opts.timeoutMs / 2)), tries: 2 });
  if (opts.servers?.length) resolver.setServers(opts.servers);
  const timer = setTimeout(() => resolver.cancel(), opts.timeoutMs);
  try {
    const [a, aaaa] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
    return done({
      source: "dns",
      a: a.status === "fulfilled" ? a.value : [],
      aaaa: aaaa.status === "fulfilled" ? aaaa.value : [],
      aError: a.status === "rejected" ? errorCode(a.reason) : undefined,
      aaaaError: aaaa.status === "rejected" ? errorCode(aaaa.reason) : undefined,
    });
  } finally {
    clearTimeout(timer);
  }
}

function errorCode(error: unknown): string {
  return (error as NodeJS.ErrnoException)?.code ?? "EUNKNOWN";
}

export function addressesOf(o: DnsObservation): Address[] {
  return [...o.a, ...o.aaaa].map((address) => ({ address, family: familyOf(address) }));
}
