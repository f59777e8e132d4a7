import { Socket, isIP } from "node:net";
import { checkServerIdentity, connect, type DetailedPeerCertificate, type PeerCertificate, type SecureVersion, type TLSSocket } from "node:tls";
import type { PinnedEndpoint } from "../model.js";
import { unbracket } from "./addresses.js";
import { pinnedLookup, trustAnchors, trustContext } from "./connect.js";
import { cutText } from "../text.js";

/**
 * TLS observation of one pinned endpoint: what the handshake did, which certificates the server
 * presented and what OpenSSL and the host-name check think of them. No judgement here: an expired or
 * untrusted certificate, or a failed handshake, is data for src/diagnosis/checks/tls.ts.
 */

export interface CertificateInfo {
  subject: string;
  issuer: string;
  /** ISO 8601. */
  valid_from: string;
  valid_to: string;
  /** DNS names and IP addresses from subjectAltName. */
  sans: string[];
  /** AIA "CA Issuers" URLs: where the issuer certificate is published (read, never fetched). */
  ca_issuers: string[];
  fingerprint256: string;
  /** Subject equals issuer: a root or a self-signed certificate. */
  self_issued: boolean;
  /** basicConstraints CA:TRUE: an authority (intermediate or root), not a leaf. */
  is_ca: boolean;
}

export interface TlsHandshake {
  /** "TLSv1.3", "TLSv1.2", "TLSv1.1", "TLSv1" … */
  protocol: string | null;
  cipher: string | null;
  /**
   * Leaf first, as Node reports the peer chain: the certificates the server sent, ordered by issuer,
   * completed with a root from the trust store when one matched.
   */
  chain: CertificateInfo[];
  /** OpenSSL's verification against the trust anchors, host name aside. */
  authorized: boolean;
  /** Node's name for the OpenSSL verify error, e.g. UNABLE_TO_VERIFY_LEAF_SIGNATURE (21). */
  authorizationError: string | null;
  /** Why the certificate does not cover the URL's host (tls.checkServerIdentity), or null when it does. */
  hostnameError: string | null;
  /**
   * The server refused us for sending no client certificate (mTLS). In TLS 1.3 the client's side of the
   * handshake completes first and the refusal (alert 116, certificate_required) follows it, so the probe
   * waits for the server's first word after the handshake: a session ticket, or that alert.
   */
  clientCertificateRequired?: boolean;
}

export interface TlsFailure {
  /** Node/OpenSSL error code (ERR_SSL_WRONG_VERSION_NUMBER, ECONNRESET …), or TIMEOUT / ABORTED. */
  code: string;
  /**
   * The server's certificate had arrived before the failure: protocol and cipher were agreed, and the server
   * gave up on our second flight. With TLS 1.2's handshake_failure alert that is the empty client certificate.
   */
  afterServerCertificate?: boolean;
  /** OpenSSL's reason text when there is one ("wrong version number"), else the error message. */
  message: string;
}

export interface PlainHttpAnswer {
  /** First line of the answer, e.g. "HTTP/1.1 400 Bad Request". */
  statusLine: string;
  server: string | null;
}

export interface TlsObservation {
  host: string;
  address: string;
  port: number;
  /** The handshake a modern client (TLS 1.2 or newer, Node's defaults) makes. */
  handshake?: TlsHandshake;
  failure?: TlsFailure;
  /** Only after a protocol-version failure: the same handshake allowing TLS 1.0/1.1 and weak ciphers. */
  legacy?: { handshake?: TlsHandshake; failure?: TlsFailure };
  /** Only after a failure that looks like plain HTTP on the port: what a plain HTTP request got back. */
  plainHttp?: PlainHttpAnswer;
  duration_ms: number;
}

export interface ProbeTlsOptions {
  /** Bound on the whole probe, retries included. */
  timeoutMs: number;
  signal?: AbortSignal;
  /** Extra PEM trust anchors (NODE_EXTRA_CA_CERTS is added by trustAnchors). */
  extraCa?: string[];
  /** An open TCP connection to the pinned address to run the first handshake over (saves a round trip). */
  socket?: Socket;
  /** Takes the socket of a completed first handshake instead of closing it (the HTTP probe reuses it). */
  keep?: (socket: TLSSocket) => void;
}

/** Errors that mean "we could not agree on a protocol version": worth one retry allowing TLS 1.0/1.1. */
const PROTOCOL_VERSION_ERRORS = new Set([
  "ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION",
  "ERR_SSL_UNSUPPORTED_PROTOCOL",
  "ERR_SSL_NO_PROTOCOLS_AVAILABLE",
  "ERR_SSL_VERSION_TOO_LOW",
  "ERR_SSL_WRONG_SSL_VERSION",
  "ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE",
  // The same alert as OpenSSL 3.2 and later name it (Node 24).
  "ERR_SSL_SSL/TLS_ALERT_HANDSHAKE_FAILURE",
]);

/**
 * Errors a TLS client sees when the server answers in plain HTTP: OpenSSL reads "HTTP/1.1 400" as a TLS
 * record with a nonsense version, or the server hangs up on the binary ClientHello.
 */
const PLAIN_HTTP_SUSPECT_ERRORS = new Set([
  "ERR_SSL_WRONG_VERSION_NUMBER",
  "ERR_SSL_PACKET_LENGTH_TOO_LONG",
  "ERR_SSL_RECORD_LENGTH_MISMATCH",
  "ERR_SSL_HTTP_REQUEST",
  "ECONNRESET",
]);

/** Alerts a server sends when it demands a client certificate we did not present. */
const CLIENT_CERTIFICATE_ALERTS = new Set(["ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED"]);
/** How long to wait after a TLS 1.3 handshake for the server's first word (its session tickets come at once). */
const POST_HANDSHAKE_WAIT_MS = 1_000;

/** Security level 0 lets OpenSSL 3 negotiate TLS 1.0/1.1 at all (SHA-1 handshake signatures). */
const LEGACY_CIPHERS = "DEFAULT@SECLEVEL=0";
const PLAIN_HTTP_MAX_BYTES = 4096;

export async function probeTls(ep: PinnedEndpoint, opts: ProbeTlsOptions): Promise<TlsObservation> {
  const started = Date.now();
  const deadline = started + opts.timeoutMs;
  const host = unbracket(ep.host);
  const observation: TlsObservation = { host, address: ep.address.address, port: ep.port, duration_ms: 0 };
  const ca = trustAnchors(opts.extraCa);

  const first = await handshake(ep, host, ca, { deadline, signal: opts.signal, socket: opts.socket, keep: opts.keep });
  observation.handshake = first.handshake;
  observation.failure = first.failure;

  const code = first.failure?.code;
  // A failure after the server's certificate came is not about protocol versions: they were agreed already.
  if (code && PROTOCOL_VERSION_ERRORS.has(code) && !first.failure?.afterServerCertificate && Date.now() < deadline) {
    observation.legacy = await handshake(ep, host, ca, { deadline, signal: opts.signal, minVersion: "TLSv1", ciphers: LEGACY_CIPHERS });
  } else if (code && PLAIN_HTTP_SUSPECT_ERRORS.has(code) && Date.now() < deadline) {
    observation.plainHttp = (await askPlainHttp(ep, host, deadline, opts.signal)) ?? undefined;
  }
  observation.duration_ms = Date.now() - started;
  return observation;
}

interface HandshakeOptions {
  deadline: number;
  signal?: AbortSignal;
  minVersion?: SecureVersion;
  ciphers?: string;
  socket?: Socket;
  keep?: (socket: TLSSocket) => void;
}

/**
 * One TLS handshake to exactly the pinned address (over `opts.socket` when given), SNI = the URL's host;
 * closes as soon as it completes, unless `opts.keep` takes the socket.
 */
function handshake(ep: PinnedEndpoint, host: string, ca: string[] | undefined, opts: HandshakeOptions): Promise<{ handshake?: TlsHandshake; failure?: TlsFailure }> {
  return new Promise((resolve) => {
    let settled = false;
    /** Set once our side of the handshake is done and we wait for the server's first word (TLS 1.3). */
    let afterHandshake: ((clientCertificateRequired: boolean) => void) | undefined;
    const socket = connect({
      ...(opts.socket ? { socket: opts.socket } : {}),
      host: ep.address.address,
      port: ep.port,
      // host is already an IP literal; the pinned lookup makes sure no resolver is ever consulted.
      lookup: pinnedLookup(ep.address),
      // SNI carries a host name only; an IP-literal URL sends none (as every client does).
      servername: isIP(host) ? undefined : host,
      // The legacy retry needs its own ciphers and versions; the normal handshake reuses the cached store.
      ...(opts.minVersion || opts.ciphers ? { ca } : { secureContext: trustContext(ca) }),
      // We judge the certificate ourselves, after seeing it.
      rejectUnauthorized: false,
      // Keep authorizationError about the chain alone; the host name is checked below against the URL's host.
      checkServerIdentity: () => undefined,
      minVersion: opts.minVersion,
      ciphers: opts.ciphers,
      ALPNProtocols: ["http/1.1"],
    });
    const finish = (result: { handshake?: TlsHandshake; failure?: TlsFailure }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener("abort", onAbort);
      if (result.handshake && opts.keep) opts.keep(socket);
      else socket.destroy();
      resolve(result);
    };
    const onAbort = () => finish({ failure: { code: "ABORTED", message: "the check's deadline was reached" } });
    const timer = setTimeout(
      () => finish({ failure: { code: "TIMEOUT", message: "no TLS handshake before the timeout" } }),
      Math.max(0, opts.deadline - Date.now()),
    );
    if (opts.signal?.aborted) return onAbort();
    opts.signal?.addEventListener("abort", onAbort, { once: true });

    socket.once("secureConnect", () => {
      const peer = socket.getPeerCertificate(true);
      const hasCert = peer && Object.keys(peer).length > 0;
      const hostnameError = hasCert ? (checkServerIdentity(host, peer)?.message ?? null) : "no certificate";
      const cipher = socket.getCipher();
      const protocol = socket.getProtocol();
      const observed: TlsHandshake = {
        protocol,
        cipher: cipher?.name ?? null,
        chain: hasCert ? chainOf(peer) : [],
        authorized: socket.authorized,
        authorizationError: socket.authorizationError ? String(socket.authorizationError) : null,
        hostnameError,
      };
      // A connection handed on (opts.keep) carries the HTTP request at once: a TLS 1.3 server that wants a client
      // certificate refuses that request with its alert, and the HTTP judge names it. Waiting here for the
      // server's first word would cost every quick check a round trip (measured: 1.51 × curl instead of 0.87).
      if (protocol !== "TLSv1.3" || opts.keep) return finish({ handshake: observed });
      // TLS 1.3: a server that demands a client certificate says so only after our Finished. Its first word
      // is either its session tickets (we are in) or that refusal; both come at once, so the wait is short.
      afterHandshake = (required) => {
        clearTimeout(wait);
        socket.off("session", onTicket);
        finish({ handshake: required ? { ...observed, clientCertificateRequired: true } : observed });
      };
      const onTicket = () => afterHandshake?.(false);
      const wait = setTimeout(onTicket, Math.max(0, Math.min(POST_HANDSHAKE_WAIT_MS, opts.deadline - Date.now())));
      // Deferred: the event fires inside OpenSSL's read, where handing the socket on would stall its reads.
      socket.once("session", () => setImmediate(onTicket));
    });
    socket.once("error", (error: NodeJS.ErrnoException & { reason?: string }) => {
      if (afterHandshake) return afterHandshake(CLIENT_CERTIFICATE_ALERTS.has(error.code ?? ""));
      const peer = socket.getPeerCertificate();
      const afterServerCertificate = !!peer && Object.keys(peer).length > 0;
      finish({ failure: { code: error.code ?? "UNKNOWN", message: error.reason ?? firstLine(error.message), ...(afterServerCertificate ? { afterServerCertificate } : {}) } });
    });
    // A server that closes without error or handshake (e.g. after reading the ClientHello).
    socket.once("close", () => {
      if (afterHandshake) return afterHandshake(false);
      finish({ failure: { code: "ECONNRESET", message: "connection closed during the TLS handshake" } });
    });
  });
}

function chainOf(leaf: DetailedPeerCertificate): CertificateInfo[] {
  const chain: CertificateInfo[] = [];
  const seen = new Set<string>();
  let current: DetailedPeerCertificate | undefined = leaf;
  // A root's issuerCertificate points at itself; the seen-set ends the walk there.
  while (current && current.fingerprint256 && !seen.has(current.fingerprint256) && chain.length < 10) {
    seen.add(current.fingerprint256);
    chain.push(describeCertificate(current));
    current = current.issuerCertificate;
  }
  return chain;
}

function describeCertificate(cert: PeerCertificate): CertificateInfo {
  const subject = formatName(cert.subject);
  const issuer = formatName(cert.issuer);
  return {
    subject,
    issuer,
    valid_from: isoDate(cert.valid_from),
    valid_to: isoDate(cert.valid_to),
    sans: parseSans(cert.subjectaltname),
    ca_issuers: cert.infoAccess?.["CA Issuers - URI"] ?? [],
    fingerprint256: cert.fingerprint256,
    self_issued: subject === issuer,
    is_ca: (cert as PeerCertificate & { ca?: boolean }).ca === true,
  };
}

/** Distinguished name as "CN=…, O=…, C=…" (most specific first, the way people read them). */
function formatName(name: PeerCertificate["subject"] | undefined): string {
  if (!name) return "";
  const order = ["CN", "OU", "O", "L", "ST", "C"];
  const keys = Object.keys(name).sort((a, b) => rankOf(order, a) - rankOf(order, b));
  return keys
    .map((k) => {
      const v = (name as unknown as Record<string, string | string[]>)[k];
      return `${k}=${Array.isArray(v) ? v.join("+") : v}`;
    })
    .join(", ");
}

const rankOf = (order: string[], key: string) => (order.includes(key) ? order.indexOf(key) : order.length);

function isoDate(openSslDate: string): string {
  const ms = Date.parse(openSslDate);
  return Number.isNaN(ms) ? openSslDate : new Date(ms).toISOString();
}

/** "DNS:a.test, IP Address:127.0.0.1" → ["a.test", "127.0.0.1"]. */
function parseSans(subjectAltName: string | undefined): string[] {
  if (!subjectAltName) return [];
  return subjectAltName
    .split(/,\s*/)
    .map((entry) => entry.trim())
    .filter((entry) => entry.startsWith("DNS:") || entry.startsWith("IP Address:"))
    .map((entry) => entry.replace(/^(DNS|IP Address):/, "").replace(/^"|"$/g, ""));
}

function firstLine(text: string): string {
  return cutText(text.split("\n")[0], 300, "");
}

/**
 * Sends a minimal plain HTTP request to the TLS port. A server that answers "HTTP/1.x …" is speaking
 * HTTP where TLS was expected (listener without `ssl`, or a proxy forwarding to the wrong port).
 * Bounded by the probe deadline and PLAIN_HTTP_MAX_BYTES.
 */
function askPlainHttp(ep: PinnedEndpoint, host: string, deadline: number, signal?: AbortSignal): Promise<PlainHttpAnswer | null> {
  return new Promise((resolve) => {
    let settled = false;
    let received = Buffer.alloc(0);
    const socket = new Socket();
    const finish = () => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener("abort", finish);
      socket.destroy();
      resolve(parseHttpHead(received));
    };
    const timer = setTimeout(finish, Math.max(0, deadline - Date.now()));
    if (signal?.aborted) return finish();
    signal?.addEventListener("abort", finish, { once: true });
    socket.on("data", (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]).subarray(0, PLAIN_HTTP_MAX_BYTES);
      if (received.length >= PLAIN_HTTP_MAX_BYTES || received.includes("\r\n\r\n")) finish();
    });
    socket.once("error", finish);
    socket.once("close", finish);
    socket.connect({ host: ep.address.address, port: ep.port, family: ep.address.family }, () => {
      const hostHeader = isIP(host) === 6 ? `[${host}]` : host;
      socket.write(`HEAD / HTTP/1.1\r\nHost: ${hostHeader}\r\nUser-Agent: webhook-doctor\r\nConnection: close\r\n\r\n`);
    });
  });
}

function parseHttpHead(bytes: Buffer): PlainHttpAnswer | null {
  const text = bytes.toString("latin1");
  if (!/^HTTP\/\d(\.\d)? \d{3}/.test(text)) return null;
  const lines = text.split("\r\n");
  const server = lines.find((l) => /^server:/i.test(l));
  return { statusLine: lines[0].slice(0, 200), server: server ? server.slice(server.indexOf(":") + 1).trim().slice(0, 200) : null };
}
