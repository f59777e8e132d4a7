import { observeUrl, sanitizeUrl, type UrlObservation } from "../../probes/target.js";
import { finding, type Finding, type Platform } from "../report.js";

/** URL layer: judged from the text alone, before any packet leaves. */
export function checkUrl(raw: string, platform: Platform): { findings: Finding[]; url?: URL; observation: UrlObservation } {
  const observation = observeUrl(raw, platform);
  const findings: Finding[] = [];
  for (const p of observation.problems) {
    switch (p.kind) {
      case "empty":
        findings.push(finding("url.invalid", "url", { reason: "empty" }));
        break;
      case "too_long":
        findings.push(finding("url.invalid", "url", { reason: "too_long", length: p.length }));
        break;
      case "unparsable":
        findings.push(finding("url.invalid", "url", { reason: p.reason }));
        break;
      case "not_https":
        findings.push(finding("url.not_https", "url", { scheme: p.scheme }));
        break;
      case "port_not_allowed":
        findings.push(finding("url.port_not_allowed", "url", { port: p.port, allowed: ["443", "80", "88", "8443"] }));
        break;
      case "hidden_characters":
        findings.push(
          finding("url.hidden_characters", "url", {
            characters: p.characters.map((c) => `${c.codePoint} ${c.name} at position ${c.index}`),
            cleaned_url: p.cleaned,
          }),
        );
        break;
      case "lookalike_host":
        findings.push(
          finding("url.hidden_characters", "url", {
            host: p.host,
            characters: p.characters.map((c) => `${c.codePoint} ${c.name} at position ${c.index}`),
          }),
        );
        break;
    }
  }
  return { findings, url: observation.url, observation };
}

export { sanitizeUrl };
