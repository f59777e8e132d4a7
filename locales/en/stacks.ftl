## Findings from real-stack diagnosis (private CAs, mTLS, firewall allowlists, missing health endpoints).
## One message per finding code: code with "." replaced by "-". Attributes: title, why, fix.

tls-untrusted_root =
    .title = The certificate chain ends at a root senders do not trust
    .why = The server sends its chain, but the chain leads to a private root: Caddy's `tls internal` authority, a Cloudflare Origin CA certificate served to the public, or a company CA. No public trust store has that root, so Telegram and other senders fail with "certificate verify failed". Sending more certificates cannot fix it.
    .fix =
        Serve a certificate from a publicly trusted CA for { $host }. With Caddy, remove `tls internal` and let automatic HTTPS get one (ports 80 and 443 reachable); with certbot:
        ```
        certbot certonly -d { $host }
        ```
        A Cloudflare Origin CA certificate is only valid behind Cloudflare's proxy: keep the record proxied, or use a public certificate on the origin.
tls-client_certificate_required =
    .title = The server demands a client certificate (mTLS)
    .why = The TLS endpoint refuses every client that presents no certificate of its own. Telegram, WhatsApp and other webhook senders never present one, so every delivery fails during the TLS handshake.
    .fix =
        Do not require client certificates on the webhook's host or path. In Apache use `SSLVerifyClient none` (or `optional`) there; in nginx `ssl_verify_client off;` (or `optional`). To restrict who may post, check the sender's secret token or signature instead, or allowlist the sender's IP ranges.
tcp-filtered_but_telegram_delivers =
    .title = Unreachable from here, but Telegram records no delivery failure
    .why = The connection from this checker was refused or timed out, yet Telegram's own record shows no recent delivery error and no growing backlog. The usual reason is a firewall that lets in only Telegram's webhook senders (149.154.160.0/20 and 91.108.4.0/22): then the endpoint works for Telegram and the checks after TCP could not run from here.
    .fix =
        Nothing to change if the firewall allowlist is intended. To check the rest of the path (TLS, HTTP, deep checks), run the check from an address the firewall admits, or allow this checker's address for a while. If no allowlist exists, the endpoint really is down for others: see whether the server listens on port { $port }.
health-not_found =
    .title = No health endpoint at the guessed path
    .why = No health path was named, so /health was tried and answered with a client error: there is probably none there. This is not a failure; it only means the health probe checked nothing.
    .fix = If a load balancer or orchestrator checks health, name that path with `--health-path` so it is probed; otherwise ignore this note.
