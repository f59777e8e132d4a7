import { classifyAddress, familyOf, type Address } from "../../probes/addresses.js";
import { probeDns, type DnsObservation } from "../../probes/dns.js";
import type { CheckContext } from "../context.js";
import { finding, type Finding } from "../report.js";

export interface DnsCheckResult {
  findings: Finding[];
  observation: DnsObservation;
  /** Addresses we may connect to: public ones, or all of them with allowPrivate. */
  approved: Address[];
}

const NOT_FOUND = new Set(["ENOTFOUND", "ENODATA", "ESERVFAIL", "EREFUSED", "ETIMEOUT", "ECANCELLED", "ECONNREFUSED", "EUNKNOWN"]);

export async function checkDns(url: URL, ctx: CheckContext): Promise<DnsCheckResult> {
  const { options } = ctx.request;
  const observation = await probeDns(url.hostname, {
    servers: options.dnsServers,
    timeoutMs: Math.min(5_000, Math.max(500, ctx.remainingMs())),
    overrides: options.resolve,
    port: Number(url.port || 443),
  });
  const findings: Finding[] = [];
  const all = [...observation.a, ...observation.aaaa];

  if (all.length === 0) {
    const nxdomain = observation.aError === "ENOTFOUND" || observation.aaaaError === "ENOTFOUND";
    findings.push(
      finding("dns.not_found", "dns", {
        host: observation.host,
        answer: nxdomain ? "NXDOMAIN" : (observation.aError ?? "no records"),
      }),
    );
    // A resolver that timed out is not proof the name is missing: say so in the evidence.
    if (observation.aError && !NOT_FOUND.has(observation.aError)) findings[0].evidence.resolver_error = observation.aError;
    return { findings, observation, approved: [] };
  }

  if (observation.a.length === 0) {
    findings.push(finding("dns.no_ipv4", "dns", { host: observation.host, aaaa: observation.aaaa }));
  }

  const blocked = all.filter((a) => classifyAddress(a) !== "public");
  if (blocked.length > 0 && !options.allowPrivate) {
    findings.push(
      finding("dns.private_address", "dns", {
        host: observation.host,
        addresses: blocked.map((a) => `${a} (${classifyAddress(a)})`),
      }),
    );
  }
  const approved = all
    .filter((a) => options.allowPrivate || classifyAddress(a) === "public")
    .map((address) => ({ address, family: familyOf(address) }));
  return { findings, observation, approved };
}
