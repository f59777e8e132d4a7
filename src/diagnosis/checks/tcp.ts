import type { Socket } from "node:net";
import type { Address } from "../../probes/addresses.js";
import { probeTcp, type TcpObservation } from "../../probes/tcp.js";
import type { CheckContext } from "../context.js";
import { finding, type Finding } from "../report.js";

/** At most this many addresses per family are tried: enough for round-robin DNS, bounded for a check. */
const MAX_PER_FAMILY = 3;
const CONNECT_TIMEOUT_MS = 5_000;

export interface TcpCheckResult {
  findings: Finding[];
  observations: TcpObservation[];
  /** Reachable addresses, IPv4 first (Telegram delivers over IPv4 only). */
  reachable: Address[];
}

export async function checkTcp(addresses: Address[], port: number, ctx: CheckContext): Promise<TcpCheckResult> {
  const v4 = addresses.filter((a) => a.family === 4).slice(0, MAX_PER_FAMILY);
  const v6 = addresses.filter((a) => a.family === 6).slice(0, MAX_PER_FAMILY);
  const timeout = Math.min(CONNECT_TIMEOUT_MS, Math.max(200, ctx.remainingMs()));
  // Connected sockets are kept so the TLS probe can upgrade the one it uses instead of connecting again.
  const open = new Map<string, Socket>();
  const observations = await Promise.all([...v4, ...v6].map((a) => probeTcp(a, port, timeout, ctx.signal, (s) => open.set(a.address, s))));
  const reachable = observations.filter((o) => o.outcome === "connected").map((o) => o.address);
  for (const [address, socket] of open) {
    if (address === reachable[0]?.address) ctx.connections.keepTcp(address, port, socket);
    else socket.destroy();
  }
  const findings: Finding[] = [];

  const failedOf = (family: 4 | 6) => observations.filter((o) => o.address.family === family && o.outcome !== "connected");
  const describe = (list: TcpObservation[]) => list.map((o) => `${o.address.address}:${o.port} ${o.outcome}${o.errorCode ? ` (${o.errorCode})` : ""}`);
  const v4ok = reachable.some((a) => a.family === 4);
  const v6ok = reachable.some((a) => a.family === 6);

  // The family the sender uses decides the failure; Telegram uses IPv4, so IPv4 matters first.
  const primaryFamily: 4 | 6 = v4.length > 0 ? 4 : 6;
  const primaryOk = primaryFamily === 4 ? v4ok : v6ok;
  if (!primaryOk) {
    const failed = failedOf(primaryFamily);
    const anyTimeout = failed.some((o) => o.outcome === "timeout" || o.outcome === "unreachable");
    const allRefused = failed.length > 0 && failed.every((o) => o.outcome === "refused");
    findings.push(
      finding(allRefused || !anyTimeout ? "tcp.refused" : "tcp.timeout", "tcp", {
        port,
        attempts: describe(failed),
        timeout_ms: timeout,
      }),
    );
  } else if (v6.length > 0 && !v6ok) {
    findings.push(finding("dns.ipv6_unreachable", "tcp", { port, aaaa: v6.map((a) => a.address), attempts: describe(failedOf(6)) }));
  }
  // Partial IPv4 failures (one of several A records dead) matter too: a sender picks one at random.
  else if (primaryFamily === 4 && failedOf(4).length > 0) {
    const failed = failedOf(4);
    findings.push(
      finding(failed.every((o) => o.outcome === "refused") ? "tcp.refused" : "tcp.timeout", "tcp", { port, attempts: describe(failed), partial: true }, "warn"),
    );
  }
  return { findings, observations, reachable };
}
