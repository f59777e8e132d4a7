import { describe, expect, it } from "vitest";
import { judgeTls } from "../../src/diagnosis/checks/tls.js";
import type { CertificateInfo, TlsHandshake, TlsObservation } from "../../src/probes/tls.js";

// Judgement rules that real endpoints cannot easily stage (public-CA cross-signs, OpenSSL's last error).
const NOW = new Date("2026-06-01T00:00:00Z");

function cert(subject: string, issuer: string, validTo: string, validFrom = "2025-01-01T00:00:00.000Z"): CertificateInfo {
  return { subject, issuer, valid_from: validFrom, valid_to: validTo, sans: subject.startsWith("CN=") ? [subject.slice(3)] : [], ca_issuers: [], fingerprint256: subject, self_issued: subject === issuer, is_ca: !subject.startsWith("CN=hook.example") };
}

function observe(handshake: Partial<TlsHandshake>): TlsObservation {
  return {
    host: "hook.example",
    address: "203.0.113.7",
    port: 443,
    duration_ms: 5,
    handshake: { protocol: "TLSv1.3", cipher: "TLS_AES_128_GCM_SHA256", chain: [], authorized: true, authorizationError: null, hostnameError: null, ...handshake },
  };
}

const leaf = cert("CN=hook.example", "CN=R11, O=Let's Encrypt", "2026-07-20T00:00:00.000Z");
const intermediate = cert("CN=R11, O=Let's Encrypt", "CN=ISRG Root X1", "2027-03-12T00:00:00.000Z");

describe("judgeTls", () => {
  it("ignores an expired cross-sign at the end of a chain that verified", () => {
    const expiredCrossSign = cert("CN=DST Root CA X3", "CN=DST Root CA X3", "2021-09-30T14:01:15.000Z");
    const r = judgeTls(observe({ chain: [leaf, intermediate, expiredCrossSign] }), NOW);
    expect(r.findings).toEqual([]);
    expect(r.certificate?.days_left).toBe(49);
  });

  it("names the expired intermediate when verification reports CERT_HAS_EXPIRED for it", () => {
    const expiredIntermediate = { ...intermediate, valid_to: "2026-05-01T00:00:00.000Z" };
    const r = judgeTls(observe({ chain: [leaf, expiredIntermediate], authorized: false, authorizationError: "CERT_HAS_EXPIRED" }), NOW);
    expect(r.findings.map((f) => f.code)).toEqual(["tls.expired"]);
    expect(r.findings[0].evidence).toMatchObject({ expired_certificate: "CN=R11, O=Let's Encrypt", expired_on: "2026-05-01", days_left: 49 });
  });

  it("a self-signed leaf that has also expired gets both findings, self-signed first", () => {
    const own = cert("CN=hook.example", "CN=hook.example", "2026-01-01T00:00:00.000Z");
    // OpenSSL keeps only one error; the dates are judged on their own.
    const r = judgeTls(observe({ chain: [own], authorized: false, authorizationError: "DEPTH_ZERO_SELF_SIGNED_CERT" }), NOW);
    expect(r.findings.map((f) => f.code)).toEqual(["tls.self_signed", "tls.expired"]);
  });

  it("an unfamiliar verify error is a failed handshake that keeps OpenSSL's name", () => {
    const r = judgeTls(observe({ chain: [leaf, intermediate], authorized: false, authorizationError: "CERT_SIGNATURE_FAILURE" }), NOW);
    expect(r.findings.map((f) => f.code)).toEqual(["tls.handshake_failed"]);
    expect(r.findings[0].evidence.verify_error).toBe("CERT_SIGNATURE_FAILURE (7)");
  });

  it("expires_soon only when nothing failed", () => {
    const soon = { ...leaf, valid_to: "2026-06-10T00:00:00.000Z" };
    expect(judgeTls(observe({ chain: [soon, intermediate] }), NOW).findings.map((f) => f.code)).toEqual(["tls.expires_soon"]);
    expect(judgeTls(observe({ chain: [soon, intermediate], hostnameError: "mismatch" }), NOW).findings.map((f) => f.code)).toEqual(["tls.hostname_mismatch"]);
  });

  it("a failed handshake after a legacy retry that still found TLS 1.2 is not an old protocol", () => {
    const r = judgeTls(
      {
        host: "hook.example",
        address: "203.0.113.7",
        port: 443,
        duration_ms: 5,
        failure: { code: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", message: "sslv3 alert handshake failure" },
        legacy: { handshake: { protocol: "TLSv1.2", cipher: "AES128-SHA", chain: [leaf], authorized: true, authorizationError: null, hostnameError: null } },
      },
      NOW,
    );
    expect(r.findings.map((f) => f.code)).toEqual(["tls.handshake_failed"]);
    expect(r.findings[0].evidence).toMatchObject({ error_code: "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", legacy_protocol: "TLSv1.2" });
  });
});
