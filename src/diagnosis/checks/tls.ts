import { probeTls, type CertificateInfo, type TlsHandshake, type TlsObservation } from "../../probes/tls.js";
import type { CheckContext, CheckOutcome, PinnedEndpoint } from "../context.js";
import { finding, type Evidence, type Finding } from "../report.js";

/** The certificate facts shown beside a report; the monitor alerts on days_left. */
export interface CertificateSummary {
  subject: string;
  issuer: string;
  /** ISO 8601. */
  valid_from: string;
  valid_to: string;
  /** Whole days until valid_to (negative once expired). */
  days_left: number;
  sans: string[];
}

export interface TlsCheckResult extends CheckOutcome {
  /** Whether the HTTP probe should still run: true when TLS has at most warnings. */
  proceed: boolean;
  certificate?: CertificateSummary;
  observation?: TlsObservation;
}

/** Longest a TLS probe (retries included) may take; a healthy handshake takes milliseconds. */
const TLS_TIMEOUT_MS = 10_000;
/** Warn this long before expiry: enough time to notice a broken renewal job. */
const EXPIRY_WARNING_DAYS = 14;
const DAY_MS = 86_400_000;

/** OpenSSL's numbers for the verify errors users meet in logs and `openssl s_client` output. */
const OPENSSL_VERIFY_CODES: Record<string, number> = {
  UNABLE_TO_GET_ISSUER_CERT: 2,
  CERT_SIGNATURE_FAILURE: 7,
  CERT_NOT_YET_VALID: 9,
  CERT_HAS_EXPIRED: 10,
  DEPTH_ZERO_SELF_SIGNED_CERT: 18,
  SELF_SIGNED_CERT_IN_CHAIN: 19,
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 20,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 21,
  CERT_REVOKED: 23,
  INVALID_CA: 24,
  CERT_UNTRUSTED: 27,
};

/** Verify errors meaning "the server did not send the certificate that issued the last one it sent". */
const MISSING_ISSUER_ERRORS = new Set(["UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT"]);
const SELF_SIGNED_ERRORS = new Set(["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN"]);
/** Judged from the dates directly, so they are not reported a second time as "other" verify errors. */
const DATE_ERRORS = new Set(["CERT_HAS_EXPIRED", "CERT_NOT_YET_VALID"]);

/** TLS's handshake_failure alert, as OpenSSL 3.0/3.1 (Node 20) and 3.2 and later (Node 24) name it. */
const HANDSHAKE_FAILURE_ALERTS = new Set(["ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE", "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE"]);

/** Protocols a modern sender (Telegram included) still accepts. */
const MODERN_PROTOCOLS = new Set(["TLSv1.2", "TLSv1.3"]);

export async function checkTls(ep: PinnedEndpoint, ctx: CheckContext): Promise<TlsCheckResult> {
  const started = Date.now();
  const timeoutMs = Math.min(TLS_TIMEOUT_MS, ctx.remainingMs());
  if (timeoutMs <= 0) return { id: "tls", findings: [], status: "skip", proceed: false, duration_ms: 0 };

  const observation = await probeTls(ep, {
    timeoutMs,
    signal: ctx.signal,
    extraCa: ctx.request.options.extraCa,
    socket: ctx.connections.takeTcp(ep.address.address, ep.port),
    // Handed on only where the delivery-like POST of checkHttp follows; the platforms' own probes open theirs.
    keep: sendsHttpNext(ctx) ? (socket) => ctx.connections.keepTls(ep, socket) : undefined,
  });
  const { findings, certificate } = judgeTls(observation, ctx.now());
  return {
    id: "tls",
    findings,
    proceed: !findings.some((f) => f.severity === "fail"),
    certificate,
    observation,
    duration_ms: Date.now() - started,
  };
}

/** Observation → findings, most fundamental first (the first one becomes the primary cause within TLS). */
export function judgeTls(observation: TlsObservation, now: Date): { findings: Finding[]; certificate?: CertificateSummary } {
  const where: Evidence = { host: observation.host, port: observation.port, address: observation.address };

  if (observation.plainHttp) {
    const { statusLine, server } = observation.plainHttp;
    return { findings: [finding("tls.plain_http", "tls", { ...where, response: statusLine, ...(server ? { server } : {}) })] };
  }

  if (observation.handshake) return judgeHandshake(observation.handshake, where, now);

  const legacy = observation.legacy?.handshake;
  if (legacy && legacy.protocol && !MODERN_PROTOCOLS.has(legacy.protocol)) {
    // The server only speaks TLS 1.0/1.1: that alone stops Telegram; certificate problems still matter after the upgrade.
    const judged = judgeHandshake(legacy, where, now);
    const old = finding("tls.old_protocol", "tls", {
      ...where,
      protocol: legacy.protocol,
      ...(legacy.cipher ? { cipher: legacy.cipher } : {}),
      ...(observation.failure ? { modern_client_error: observation.failure.code } : {}),
      ...(judged.certificate ? certificateEvidence(judged.certificate) : {}),
    });
    return { findings: [old, ...judged.findings], certificate: judged.certificate };
  }

  const failure = observation.failure ?? { code: "UNKNOWN", message: "no handshake" };
  // TLS 1.3 names it (alert 116); TLS 1.2 says handshake_failure right after our empty client certificate.
  const refusedWithoutClientCertificate =
    failure.code === "ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED" || (HANDSHAKE_FAILURE_ALERTS.has(failure.code) && failure.afterServerCertificate === true);
  if (refusedWithoutClientCertificate) {
    return { findings: [finding("tls.client_certificate_required", "tls", { ...where, error_code: failure.code, reason: failure.message })] };
  }
  const evidence: Evidence = { ...where, error_code: failure.code, reason: failure.message };
  const legacyFailure = observation.legacy?.failure;
  if (legacyFailure) evidence.legacy_error_code = legacyFailure.code;
  if (legacy?.protocol) evidence.legacy_protocol = legacy.protocol;
  return { findings: [finding("tls.handshake_failed", "tls", evidence)] };
}

function judgeHandshake(hs: TlsHandshake, where: Evidence, now: Date): { findings: Finding[]; certificate?: CertificateSummary } {
  const leaf = hs.chain[0];
  if (!leaf) {
    return { findings: [finding("tls.handshake_failed", "tls", { ...where, error_code: "NO_CERTIFICATE", reason: "the server sent no certificate" })] };
  }
  const certificate = summarize(leaf, now);
  const base: Evidence = { ...where, ...certificateEvidence(certificate), ...(hs.protocol ? { protocol: hs.protocol } : {}) };
  const verifyError = hs.authorized ? null : hs.authorizationError;
  const verify: Evidence = verifyError ? { verify_error: describeVerifyError(verifyError) } : {};
  const findings: Finding[] = [];

  // Order: a server that lets no sender in without a client certificate, then the wrong certificate served,
  // then one nobody vouches for, then its dates, then its chain.
  if (hs.clientCertificateRequired) {
    findings.push(finding("tls.client_certificate_required", "tls", { ...base, alert: "certificate_required (116)" }));
  }
  if (hs.hostnameError) {
    findings.push(finding("tls.hostname_mismatch", "tls", { ...base, covers: leaf.sans.length > 0 ? leaf.sans : [nameOf(leaf.subject)], reason: hs.hostnameError }));
  }

  // One self-issued certificate alone is self-signed. A chain that goes on to a root nobody trusts (sent, or
  // not sent and not findable: no AIA URL on the last certificate) is a private CA: Caddy's `tls internal`,
  // Cloudflare's Origin CA served to the public, a corporate CA. Sending more certificates cannot fix either.
  const selfSignedLeaf = leaf.self_issued && hs.chain.length === 1;
  const last = hs.chain[hs.chain.length - 1];
  const rootSentUntrusted = verifyError === "SELF_SIGNED_CERT_IN_CHAIN" && !selfSignedLeaf;
  const issuerMissing = !!verifyError && MISSING_ISSUER_ERRORS.has(verifyError) && !selfSignedLeaf;
  const privateRoot = rootSentUntrusted || (issuerMissing && last.ca_issuers.length === 0);
  if (verifyError && (selfSignedLeaf || verifyError === "DEPTH_ZERO_SELF_SIGNED_CERT")) {
    findings.push(finding("tls.self_signed", "tls", { ...base, ...verify, untrusted_root: nameOf(last.subject) }));
  } else if (privateRoot) {
    findings.push(
      finding("tls.untrusted_root", "tls", {
        ...base,
        ...verify,
        untrusted_root: nameOf(rootSentUntrusted ? last.subject : last.issuer),
        root_sent: rootSentUntrusted,
        chain_sent: hs.chain.map((c) => nameOf(c.subject)),
      }),
    );
  }

  // The leaf's dates are judged by our clock. Other certificates only count when verification itself
  // says so: a path can end in an expired cross-sign that the verified path never uses.
  const nowMs = now.getTime();
  if (Date.parse(leaf.valid_to) < nowMs || verifyError === "CERT_HAS_EXPIRED") {
    const cert = Date.parse(leaf.valid_to) < nowMs ? leaf : (hs.chain.find((c) => Date.parse(c.valid_to) < nowMs) ?? leaf);
    findings.push(finding("tls.expired", "tls", { ...base, ...verify, expired_certificate: nameOf(cert.subject), expired_on: dateOnly(cert.valid_to) }));
  }
  if (Date.parse(leaf.valid_from) > nowMs || verifyError === "CERT_NOT_YET_VALID") {
    const cert = Date.parse(leaf.valid_from) > nowMs ? leaf : (hs.chain.find((c) => Date.parse(c.valid_from) > nowMs) ?? leaf);
    findings.push(finding("tls.not_yet_valid", "tls", { ...base, ...verify, early_certificate: nameOf(cert.subject), valid_from: dateOnly(cert.valid_from) }));
  }

  if (issuerMissing && !privateRoot) {
    // The missing certificate is the issuer of the last one sent; its AIA URL says where it is published.
    findings.push(
      finding("tls.incomplete_chain", "tls", {
        ...base,
        ...verify,
        missing_issuer: last.issuer,
        aia_ca_issuers: last.ca_issuers,
        chain_sent: hs.chain.map((c) => nameOf(c.subject)),
      }),
    );
  }

  const judgedAlready = !verifyError || SELF_SIGNED_ERRORS.has(verifyError) || MISSING_ISSUER_ERRORS.has(verifyError) || DATE_ERRORS.has(verifyError);
  if (!judgedAlready) {
    findings.push(finding("tls.handshake_failed", "tls", { ...base, ...verify, error_code: verifyError, reason: "certificate verification failed" }));
  }

  // Short-lived certificates (Caddy's internal ones live 12 hours, some ACME profiles days) are renewed at about
  // two thirds of their life: warn only once less than a third is left, and never earlier than 14 days before.
  const failed = findings.length > 0;
  const lifetimeMs = Date.parse(leaf.valid_to) - Date.parse(leaf.valid_from);
  const warnWithinMs = Math.min(EXPIRY_WARNING_DAYS * DAY_MS, lifetimeMs / 3);
  if (!failed && Date.parse(leaf.valid_to) - now.getTime() < warnWithinMs) {
    findings.push(finding("tls.expires_soon", "tls", { ...base, warn_days: EXPIRY_WARNING_DAYS }));
  }
  return { findings, certificate };
}

/** Said when a certificate's subject is empty (its names are only in subjectAltName, as Caddy issues them). */
export const EMPTY_NAME = "(empty subject)";
const nameOf = (dn: string) => (dn.trim() === "" ? EMPTY_NAME : dn);

function summarize(leaf: CertificateInfo, now: Date): CertificateSummary {
  return {
    subject: nameOf(leaf.subject),
    issuer: nameOf(leaf.issuer),
    valid_from: leaf.valid_from,
    valid_to: leaf.valid_to,
    days_left: Math.floor((Date.parse(leaf.valid_to) - now.getTime()) / DAY_MS),
    sans: leaf.sans,
  };
}

function certificateEvidence(c: CertificateSummary): Evidence {
  return { subject: c.subject, issuer: c.issuer, valid_to: dateOnly(c.valid_to), days_left: c.days_left };
}

const dateOnly = (iso: string) => iso.slice(0, 10);

/** "UNABLE_TO_VERIFY_LEAF_SIGNATURE" → "UNABLE_TO_VERIFY_LEAF_SIGNATURE (21)", matching what OpenSSL logs print. */
function describeVerifyError(code: string): string {
  const number = OPENSSL_VERIFY_CODES[code];
  return number === undefined ? code : `${code} (${number})`;
}

/** Whether checkHttp (which takes the TLS probe's connection) is the next step for this request. */
function sendsHttpNext(ctx: CheckContext): boolean {
  const { platform, auth } = ctx.request;
  return !(platform === "whatsapp" || (platform === "generic" && auth));
}
