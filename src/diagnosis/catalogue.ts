/**
 * The finding catalogue: every code Webhook Doctor can report, the layer it belongs to and its
 * default severity. A code is the unit of knowledge: its words live in locales/<lang>/findings.ftl
 * (message id = code with dots replaced by dashes), its detection lives in one check or classifier rule.
 */

/** Layers in checklist order. The earliest failing layer names the primary cause. */
export const LAYERS = [
  "url",
  "dns",
  "tcp",
  "tls",
  "http",
  "whatsapp",
  "auth",
  "telegram",
  "deep",
  "burst",
  "sig",
] as const;
export type Layer = (typeof LAYERS)[number];

export type Severity = "fail" | "warn" | "info";

interface Entry {
  layer: Layer;
  severity: Severity;
  /** True for codes only a pasted message can produce (explain / last_error classification). */
  messageOnly?: boolean;
}

const fail = (layer: Layer, messageOnly = false): Entry => ({ layer, severity: "fail", messageOnly });
const warn = (layer: Layer): Entry => ({ layer, severity: "warn" });
const info = (layer: Layer): Entry => ({ layer, severity: "info" });

export const CATALOGUE = {
  "url.invalid": fail("url"),
  "url.not_https": fail("url"),
  "url.port_not_allowed": fail("url"),
  "url.hidden_characters": fail("url"),

  "dns.not_found": fail("dns"),
  "dns.private_address": fail("dns"),
  "dns.no_ipv4": fail("dns"),
  "dns.ipv6_unreachable": warn("dns"),

  "tcp.refused": fail("tcp"),
  "tcp.timeout": fail("tcp"),
  "tcp.filtered_but_telegram_delivers": warn("tcp"),

  "tls.plain_http": fail("tls"),
  "tls.expired": fail("tls"),
  "tls.not_yet_valid": fail("tls"),
  "tls.self_signed": fail("tls"),
  "tls.incomplete_chain": fail("tls"),
  "tls.untrusted_root": fail("tls"),
  "tls.client_certificate_required": fail("tls"),
  "tls.hostname_mismatch": fail("tls"),
  "tls.old_protocol": fail("tls"),
  "tls.expires_soon": warn("tls"),
  "tls.handshake_failed": fail("tls"),
  "tls.verify_failed": fail("tls", true),

  "http.redirect": fail("http"),
  "http.bad_request": fail("http", true),
  "http.unauthorized": fail("http"),
  "http.forbidden": fail("http"),
  "http.waf_blocked": fail("http"),
  "http.not_found": fail("http"),
  "http.method_not_allowed": fail("http"),
  "http.gone": fail("http", true),
  "http.csrf_rejected": fail("http", true),
  "http.payload_too_large": fail("http"),
  "http.unsupported_media_type": fail("http"),
  "http.rate_limited": fail("http"),
  "http.server_error": fail("http"),
  "http.bad_gateway": fail("http"),
  "http.service_unavailable": fail("http"),
  "http.gateway_timeout": fail("http"),
  "http.cdn_origin_error": fail("http"),
  "http.connection_reset": fail("http"),
  "http.timeout": fail("http"),
  "http.slow": warn("http"),
  "http.content_type_rejected": fail("http"),

  "whatsapp.verify_failed": fail("whatsapp"),
  "whatsapp.verify_token_ignored": fail("whatsapp"),

  "auth.valid_rejected": fail("auth"),
  "auth.not_enforced": fail("auth"),
  "auth.bearer_rejected": fail("auth"),
  "auth.equivalent_body_rejected": info("auth"),

  "telegram.token_invalid": fail("telegram"),
  "telegram.webhook_not_set": fail("telegram"),
  "telegram.url_mismatch": fail("telegram"),
  "telegram.backlog": warn("telegram"),
  "telegram.ip_mismatch": warn("telegram"),
  "telegram.last_error": fail("telegram"),
  "telegram.secret_token_invalid": fail("telegram", true),
  "telegram.polling_conflict": fail("telegram", true),

  "keepalive.idle_race": fail("deep"),
  "payload.limit_too_small": fail("deep"),
  "health.failing": fail("deep"),
  "health.not_found": info("deep"),

  "burst.errors_under_load": fail("burst"),
  "burst.latency_degrades": warn("burst"),

  "sig.ok": info("sig"),
  "sig.secret_whitespace": fail("sig"),
  "sig.wrong_algorithm": fail("sig"),
  "sig.wrong_encoding": fail("sig"),
  "sig.body_reserialized": fail("sig"),
  "sig.body_trailing_newline": fail("sig"),
  "sig.secret_encoding": fail("sig"),
  "sig.timestamp_out_of_tolerance": fail("sig"),
  "sig.prefix": fail("sig"),
  "sig.bearer_prefix": fail("sig"),
  "sig.token_expired": fail("sig"),
  "sig.mismatch": fail("sig"),

  unknown: info("url"),
} as const satisfies Record<string, Entry>;

export type FindingCode = keyof typeof CATALOGUE;

export function isFindingCode(code: string): code is FindingCode {
  return Object.prototype.hasOwnProperty.call(CATALOGUE, code);
}

export function layerOf(code: FindingCode): Layer {
  return CATALOGUE[code].layer;
}

export function defaultSeverity(code: FindingCode): Severity {
  return CATALOGUE[code].severity;
}

/** Fluent message id for a code: `tls.incomplete_chain` → `tls-incomplete_chain`. */
export function messageIdOf(code: FindingCode): string {
  return code.replace(/\./g, "-");
}
