import { isFindingCode, type FindingCode } from "./catalogue.js";
import { codeForStatus } from "./checks/http.js";
import type { Evidence } from "./report.js";
import { cutText } from "../text.js";

/**
 * Free text → finding code. Accepts what people paste: a bare last_error_message, a setWebhook error
 * (with or without a client library's prefix, or inside the Bot API's JSON), an HTTP status line, an
 * `openssl s_client` verify line, or a reverse proxy's error-log line. Never throws.
 */
export interface Classification {
  code: FindingCode;
  evidence: Evidence;
}

/** Inputs beyond this are cut: the signal is always near the start, and regexes stay fast. */
const MAX_INPUT = 8_000;

/** OpenSSL verify codes (X509_V_ERR_*) to the TLS finding they name. */
const OPENSSL_VERIFY: Record<number, FindingCode> = {
  2: "tls.incomplete_chain",
  9: "tls.not_yet_valid",
  10: "tls.expired",
  18: "tls.self_signed",
  // A root was sent in the chain and is not trusted: a private CA, not a lone self-signed certificate.
  19: "tls.untrusted_root",
  20: "tls.incomplete_chain",
  21: "tls.incomplete_chain",
  62: "tls.hostname_mismatch",
};

type Rule = [RegExp, FindingCode];

/**
 * The short forms guides and dashboards quote instead of Telegram's own text (SSL_ERROR: "certificate
 * issues", NETWORK_ERROR: "firewall, blocked IP or DNS", TIMEOUT: "backend too slow", WRONG_URL).
 * Upper case, whole tokens: SSL_ERROR_SYSCALL or ETIMEDOUT are other messages.
 */
const SHORT_FORMS: Rule[] = [
  [/(?<![\w.])SSL_ERROR(?![\w])/, "tls.verify_failed"],
  [/(?<![\w.])NETWORK_ERROR(?![\w])/, "tcp.timeout"],
  [/(?<![\w.])TIMEOUT(?![\w])/, "http.timeout"],
  [/(?<![\w.])WRONG_URL(?![\w])/, "url.invalid"],
];

/**
 * HAProxy's termination state (4 characters in HTTP logs, 2 in TCP logs): who ended the session and in which
 * phase. Only the pairs that name a webhook cause; the rest of the line is context.
 */
const HAPROXY_TERMINATION: Record<string, FindingCode> = {
  // The server timeout struck before the app sent its response headers: the app is slower than `timeout server` (504).
  sH: "http.gateway_timeout",
  // Connecting to the app timed out, or the app refused it (503): the app is down or on another port.
  sC: "http.bad_gateway",
  SC: "http.bad_gateway",
  // The app closed before sending full headers (502): a crash, or a reused connection it had just closed.
  SH: "http.bad_gateway",
  // The sender gave up waiting for the answer: its own deadline passed.
  CH: "http.timeout",
  // The sender went silent for `timeout client` in the data phase.
  cD: "http.timeout",
  // The sender's side broke the connection during the transfer (network, equipment, an aborted keep-alive session).
  CD: "http.connection_reset",
};
/** The 4-character form inside a log line; the bare 2-character form only alone or on a line naming HAProxy ("CD" is common prose). */
const HAPROXY_STATE = /(?:^|[\s"])([sSCc][CHD])([-NIDVEOU][-NIPRVUD])(?=$|[\s"])/;
const HAPROXY_STATE_ALONE = /^\s*([sSCc][CHD])\s*$/;
const HAPROXY_STATE_TCP = /[Hh][Aa][Pp][Rr][Oo][Xx][Yy]\b.*\s([sSCc][CHD])(?=\s)/;

/** Envoy's response flags (access logs, Istio): upstream connection termination is the keep-alive race. */
const ENVOY_FLAGS: Record<string, FindingCode> = {
  UC: "keepalive.idle_race",
  UF: "http.bad_gateway",
  URX: "http.bad_gateway",
  UT: "http.gateway_timeout",
  UH: "http.service_unavailable",
};
/** A flag after the status (`" 503 UC 0 95`), as a JSON field, or pasted alone. */
const ENVOY_FLAG = /(?:\b[1-5]\d\d\s+|response_flags"?\s*[:=]\s*"?|^\s*)(UC|UF|URX|UT|UH)(?=$|[\s",}])/;

/** Reverse-proxy error-log wordings, checked before any status code the same line carries. */
const PROXY_LOG: Rule[] = [
  // nginx / ingress-nginx: the upstream closed a reused keep-alive connection as the request arrived.
  [/upstream prematurely closed connection while reading response header|recv\(\) failed \(104: connection reset by peer\) while reading response header from upstream/i, "keepalive.idle_race"],
  // Envoy's body for the same race: the pooled upstream connection was terminated.
  [/upstream connect error or disconnect\/reset before headers\. reset reason: connection termination/i, "keepalive.idle_race"],
  [/upstream request timeout|timeout awaiting response headers|context deadline exceeded/i, "http.gateway_timeout"],
  // A server demanding a client certificate (before the status: nginx says it on a 400 page): OpenSSL's TLS 1.3
  // alert 116, nginx's page, Apache's error log.
  [/alert certificate required|alert number 116|no required ssl certificate was sent|peer did not return a certificate|certificate_required/i, "tls.client_certificate_required"],
];

/** Ordered: the first matching rule wins, so specific wordings come before generic ones. */
const RULES: Rule[] = [
  [/secret token (contains unallowed characters|is too long)/i, "telegram.secret_token_invalid"],
  [/\b409\b|conflict: (can't use getupdates|terminated by (other getupdates|setwebhook))/i, "telegram.polling_conflict"],
  [/https url must be provided|an https url must be provided|unsupported url protocol|https (?:url )?(?:is )?required/i, "url.not_https"],
  [/webhook can be set up only on ports|only on ports 80, 88, 443/i, "url.port_not_allowed"],
  [/invalid webhook url specified|failed to parse url|can't parse url|invalid url|url host is empty|wrong port number specified in the url/i, "url.invalid"],
  [/ipv6-only addresses are not allowed/i, "dns.no_ipv4"],
  [/ip address .* is reserved|is reserved/i, "dns.private_address"],
  [/failed to resolve host|name or service not known|name does not resolve|no address associated with hostname|temporary failure in name resolution|getaddrinfo enotfound|nxdomain|could not resolve host/i, "dns.not_found"],
  [/wrong version number|packet length too long|http request on https port|plain http request was sent to https port|ssl3_get_record/i, "tls.plain_http"],
  [/certificate has expired|certificate expired|cert_has_expired/i, "tls.expired"],
  [/certificate is not yet valid|cert_not_yet_valid/i, "tls.not_yet_valid"],
  [/unable to verify the first certificate|unable to get local issuer certificate|unable_to_verify_leaf_signature|unable_to_get_issuer_cert/i, "tls.incomplete_chain"],
  [/self[- ]signed certificate in certificate chain|self_signed_cert_in_chain/i, "tls.untrusted_root"],
  [/self[- ]signed certificate|depth_zero_self_signed_cert/i, "tls.self_signed"],
  [/hostname mismatch|doesn't match|does not match|altname|err_tls_cert_altname_invalid|no alternative certificate subject name/i, "tls.hostname_mismatch"],
  [/unsupported protocol|tlsv1 alert protocol version|protocol version/i, "tls.old_protocol"],
  [/certificate verify failed|ssl certificate problem|certificate_verify_failed/i, "tls.verify_failed"],
  [/handshake failure|ssl_error_syscall|ssl error|ssl routines|tls handshake|alert/i, "tls.handshake_failed"],
  [/upstream timed out|gateway time-?out/i, "http.gateway_timeout"],
  [/client intended to send too large body|request entity too large|payload too large/i, "http.payload_too_large"],
  [/no live upstreams|connect\(\) failed .* while connecting to upstream|bad gateway|dial tcp .* connect: connection refused|upstream connect error/i, "http.bad_gateway"],
  [/read timeout expired|timed out waiting for response|read timed out/i, "http.timeout"],
  [/connection timed out|connect timed out|operation timed out|etimedout/i, "tcp.timeout"],
  [/connection refused|econnrefused/i, "tcp.refused"],
  [/connection reset|econnreset|reset by peer|socket hang up|remote end closed connection|connection closed/i, "http.connection_reset"],
  [/^unauthorized$|401: unauthorized|"error_code":\s*401/i, "telegram.token_invalid"],
];

/** Looks for an HTTP status: "Wrong response from the webhook: 502 Bad Gateway", "HTTP/1.1 502", "502 Bad Gateway". */
const STATUS_PATTERNS = [/wrong response from the webhook:\s*(\d{3})/i, /HTTP\/\d(?:\.\d)?\s+(\d{3})/i, /^\s*(\d{3})(?:\s+[A-Za-z][\w -]*)?\s*$/, /status(?: code)?[:= ]+(\d{3})/i];

const WAF_TEXT = /cf-mitigated|Attention Required! \| Cloudflare|Sorry, you have been blocked|cloudflare.{0,40}\b(error )?10(06|07|08|10|12|20)\b|\bmod_?security\b|aws ?waf|request blocked.{0,40}cloudfront|web application firewall/i;
const CREDENTIAL_TEXT = /secret[ _-]?token|signature|credential|api[ _-]?key|\bauth/i;

export function classifyMessage(input: string): Classification {
  const text = normalize(input);
  if (!text) return { code: "unknown", evidence: { reason: "empty" } };
  const fragment = cutText(text, 300);

  // A finding code itself, as a report prints it ("tls.untrusted_root", "[tls.untrusted_root]", `code`):
  // operators paste it from CI output or a forwarded report to read what it means.
  const quoted = /^[\[`"']?([a-z]+\.[a-z0-9_]+)[\]`"']?$/.exec(text);
  if (quoted && isFindingCode(quoted[1]) && quoted[1] !== "unknown") return { code: quoted[1], evidence: {} };

  const verify = /verify (?:return code|error:num)[:=]\s*(\d+)/i.exec(text);
  if (verify) {
    const n = Number(verify[1]);
    if (n === 0) return { code: "unknown", evidence: { openssl_verify_code: 0, note: "verification succeeded" } };
    return { code: OPENSSL_VERIFY[n] ?? "tls.verify_failed", evidence: { openssl_verify_code: n, message: fragment } };
  }

  // A 403 or a block page that names a WAF or bot challenge, and a 403 that names a missing credential (the
  // receiver's secret check answering 403), are told apart from an application's plain 403 (http.forbidden).
  if (WAF_TEXT.test(text)) return { code: "http.waf_blocked", evidence: { message: fragment } };
  if (/\b403\b/.test(text) && CREDENTIAL_TEXT.test(text)) return { code: "http.unauthorized", evidence: { status: 403, message: fragment } };

  const haproxy = HAPROXY_STATE.exec(text) ?? HAPROXY_STATE_ALONE.exec(text) ?? HAPROXY_STATE_TCP.exec(text);
  if (haproxy && HAPROXY_TERMINATION[haproxy[1]]) {
    return { code: HAPROXY_TERMINATION[haproxy[1]], evidence: { proxy: "haproxy", termination_state: haproxy[1] + (haproxy[2] ?? ""), message: fragment } };
  }
  const envoy = ENVOY_FLAG.exec(text);
  if (envoy) return { code: ENVOY_FLAGS[envoy[1]], evidence: { proxy: "envoy", response_flags: envoy[1], message: fragment } };
  for (const [pattern, code] of PROXY_LOG) {
    if (pattern.test(text)) return { code, evidence: { message: fragment } };
  }

  for (const pattern of STATUS_PATTERNS) {
    const m = pattern.exec(text);
    if (!m) continue;
    const status = Number(m[1]);
    if (status < 100 || status > 599) continue;
    if (status === 401 && /^unauthorized$/i.test(text)) break;
    const code = codeForStatus(status);
    if (code) return { code, evidence: { status, message: fragment } };
  }

  // After the statuses: "504 GATEWAY TIMEOUT" is a status line, not the short form TIMEOUT.
  for (const [pattern, code] of [...SHORT_FORMS, ...RULES]) {
    if (pattern.test(text)) return { code, evidence: { message: fragment } };
  }
  return { code: "unknown", evidence: { message: fragment } };
}

/** Unwraps JSON answers ({"description": ...} or a getWebhookInfo result) and library prefixes. */
function normalize(input: string): string {
  // Strip control characters except newlines so pasted binary junk cannot confuse the patterns.
  let text = cutText(String(input ?? ""), MAX_INPUT, "").replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, " ").trim();
  if (text.startsWith("{")) {
    try {
      const parsed = JSON.parse(text) as { description?: string; last_error_message?: string; result?: { last_error_message?: string } };
      text = parsed.result?.last_error_message ?? parsed.last_error_message ?? parsed.description ?? text;
    } catch {
      /* not JSON after all: classify the text as it is */
    }
  }
  return text.trim();
}
