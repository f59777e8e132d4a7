## One message per finding code: code with "." replaced by "-". Attributes: title, why, fix.
## Variables: host, port, path, url.

url-invalid =
    .title = The webhook URL is not a valid URL
    .why = The text given cannot be parsed as an address (a space inside it, no host, or far too long), so no sender can deliver to it.
    .fix = Copy the URL again from the place it is configured and make sure it looks like https://bot.example.com/webhook, with no spaces.
url-not_https =
    .title = The webhook URL does not use https
    .why = Telegram, WhatsApp and most webhook senders only deliver over TLS; setWebhook rejects an http:// URL outright.
    .fix =
        Serve the endpoint over TLS and register the https:// URL. A free certificate from Let's Encrypt:
        ```
        certbot certonly --nginx -d { $host }
        ```
url-port_not_allowed =
    .title = The port is not one Telegram accepts
    .why = Telegram delivers webhooks only to ports 443, 80, 88 and 8443; setWebhook refuses any other port.
    .fix =
        Listen on 443 or 8443 (or put a reverse proxy there) and register the URL without the other port, e.g.:
        ```
        curl "https://api.telegram.org/bot<TOKEN>/setWebhook?url=https://{ $host }{ $path }"
        ```
url-hidden_characters =
    .title = The URL contains invisible or look-alike characters
    .why = A zero-width space, a no-break space, a direction mark or a letter from another alphabet (copied from a chat, PDF or editor) makes the URL point somewhere else, or nowhere, while it looks right on screen.
    .fix = Type the URL again by hand (do not paste it), or use the cleaned URL shown in the evidence, then register it again with setWebhook.

dns-not_found =
    .title = The host name does not resolve
    .why = DNS has no address for { $host }, so the sender cannot even start a connection ("Failed to resolve host").
    .fix = Create an A record for { $host } pointing to the server's public IPv4 address, check it with `dig +short A { $host }`, and wait for the TTL to pass.
dns-private_address =
    .title = The host resolves to a private or reserved address
    .why = { $host } points to an address on a private, loopback, link-local, CGNAT or metadata range; Telegram and other cloud senders cannot reach it, and Telegram refuses it at setWebhook ("IP address is reserved").
    .fix = Publish the server's public IPv4 address in DNS, or expose the service through a public reverse proxy or tunnel, and keep internal addresses out of public DNS.
dns-no_ipv4 =
    .title = The host has no IPv4 address (A record)
    .why = Telegram delivers webhooks over IPv4 only; a host with only AAAA records is refused ("IPv6-only addresses are not allowed").
    .fix = Add an A record for { $host } with the server's public IPv4 address (`dig +short A { $host }` must answer).
dns-ipv6_unreachable =
    .title = The host publishes IPv6 but does not answer on it
    .why = IPv4 works, but the AAAA address does not accept connections. Senders and clients that prefer IPv6 will time out or fail intermittently.
    .fix = Either make the service listen on IPv6 too (nginx: `listen [::]:443 ssl;` and open the firewall for IPv6), or remove the AAAA record for { $host }.

tcp-refused =
    .title = The connection is refused
    .why = The server answered the connection attempt with a reset: nothing listens on port { $port }, or a firewall rejects it.
    .fix = Start the service or reverse proxy on port { $port } (`ss -ltnp | grep :{ $port }`), and allow the port in the firewall (`ufw allow { $port }/tcp`) and in the cloud security group.
tcp-timeout =
    .title = The connection times out
    .why = Nothing answers on port { $port }: packets are dropped by a firewall, a security group or a wrong route, so the sender waits and logs "Connection timed out".
    .fix = Open port { $port } to the internet (at least to Telegram's 149.154.160.0/20 and 91.108.4.0/22) in the firewall and cloud security group, and check that the DNS address is the right server.

tls-plain_http =
    .title = Plain HTTP is spoken on the TLS port
    .why = The server answered in clear text where a TLS handshake was expected, which senders log as "wrong version number".
    .fix =
        Enable TLS on that listener, e.g. in nginx:
        ```
        listen { $port } ssl;
        ssl_certificate     /etc/letsencrypt/live/{ $host }/fullchain.pem;
        ssl_certificate_key /etc/letsencrypt/live/{ $host }/privkey.pem;
        ```
tls-expired =
    .title = The certificate has expired
    .why = Senders refuse an expired certificate, so every delivery fails with "certificate verify failed" until it is renewed.
    .fix =
        Renew it and reload the server, then make renewal automatic:
        ```
        certbot renew --cert-name { $host } && systemctl reload nginx
        ```
tls-not_yet_valid =
    .title = The certificate is not valid yet
    .why = Its start date is in the future: either it was issued with a wrong date or the server's clock is wrong.
    .fix = Check the server clock (`timedatectl`, enable NTP) and reissue the certificate if its dates are wrong.
tls-self_signed =
    .title = The certificate is self-signed
    .why = No trusted authority vouches for it. Telegram accepts a self-signed certificate only when it was uploaded with setWebhook; other senders refuse it.
    .fix =
        Use a certificate from a public CA (`certbot certonly -d { $host }`), or upload the self-signed one to Telegram:
        ```
        curl -F "url=https://{ $host }{ $path }" -F "certificate=@public.pem" https://api.telegram.org/bot<TOKEN>/setWebhook
        ```
tls-incomplete_chain =
    .title = The server does not send its intermediate certificate
    .why = Only the leaf certificate is served. Browsers hide this by fetching the missing intermediate from the certificate's AIA address; Telegram and most servers do not, so they fail with "certificate verify failed".
    .fix =
        Serve the full chain. With certbot use fullchain.pem, not cert.pem:
        ```
        ssl_certificate /etc/letsencrypt/live/{ $host }/fullchain.pem;
        ```
        Then reload and verify: `openssl s_client -connect { $host }:{ $port } -servername { $host }` must end with "Verify return code: 0".
tls-hostname_mismatch =
    .title = The certificate is for another host name
    .why = None of the names in the certificate matches { $host }, so senders refuse the connection.
    .fix = Issue a certificate that includes { $host } (`certbot certonly -d { $host }`), or fix the SNI/server_name routing so this host gets its own certificate.
tls-old_protocol =
    .title = The server only speaks TLS older than 1.2
    .why = Telegram and modern senders refuse TLS 1.0 and 1.1.
    .fix =
        Enable TLS 1.2 and 1.3, e.g. in nginx:
        ```
        ssl_protocols TLSv1.2 TLSv1.3;
        ```
tls-expires_soon =
    .title = The certificate expires soon
    .why = It still works, but deliveries will start failing the moment it expires.
    .fix = Renew now and check that automatic renewal runs: `certbot renew --dry-run`.
tls-handshake_failed =
    .title = The TLS handshake fails
    .why = The server closed or rejected the handshake (no shared cipher, missing SNI certificate, or a broken TLS terminator).
    .fix = Test with `openssl s_client -connect { $host }:{ $port } -servername { $host }` and check the TLS terminator's error log; make sure a certificate is configured for { $host }.
tls-verify_failed =
    .title = Certificate verification failed
    .why = The sender could not verify the certificate. The message alone cannot say why: a self-signed certificate, a missing intermediate, a certificate for another host, or a root the sender does not trust all produce it.
    .fix = Run `webhook-doctor check { $url }`: its TLS step tells these causes apart. Most often the fix is serving fullchain.pem instead of cert.pem.

http-redirect =
    .title = The endpoint answers with a redirect
    .why = Telegram and most senders never follow redirects: a 3xx counts as a failed delivery. Typical causes are http→https, a trailing slash, or www.
    .fix = Register the final URL (the Location in the evidence) as the webhook URL, or exempt the webhook path from the redirect rule.
http-bad_request =
    .title = The endpoint answers 400 Bad Request
    .why = The application rejected the body: often it expects another format or validates fields that a real update does not always contain.
    .fix = Accept any JSON update, ignore the fields the bot does not use, and answer 200 for updates it does not handle.
http-unauthorized =
    .title = The endpoint refuses the request as unauthenticated (401)
    .why = An auth layer (secret token check, basic auth, WAF, IP allow-list) rejects the sender.
    .fix = Compare the secret_token given to setWebhook with what the handler checks (header X-Telegram-Bot-Api-Secret-Token), and allow Telegram's ranges 149.154.160.0/20 and 91.108.4.0/22 in any allow-list.
http-not_found =
    .title = The webhook path does not exist (404)
    .why = The server is up but nothing is routed at { $path }: a typo, a missing route, or a proxy that strips a prefix.
    .fix = Check the route in the application and the proxy's location block for { $path }, then register exactly that URL.
http-method_not_allowed =
    .title = The endpoint does not accept POST (405)
    .why = Deliveries are POST requests; the route only allows GET or another method.
    .fix = Register a POST handler on { $path } (e.g. `app.post("{ $path }", handler)`).
http-gone =
    .title = The endpoint answers 410 Gone
    .why = Telegram treats 410 as "this webhook is gone" and deletes the webhook.
    .fix = Never answer 410 on the webhook route; answer 200 and set the webhook again with setWebhook.
http-csrf_rejected =
    .title = A CSRF guard rejects the webhook (419)
    .why = The web framework (often Laravel) protects the route with a CSRF token that an external sender cannot have.
    .fix = Exclude the webhook route from CSRF verification (Laravel: add "{ $path }" to the except list of VerifyCsrfToken).
http-payload_too_large =
    .title = The request body is too large for the server (413)
    .why = A proxy or the application limits the body size below what the sender delivers.
    .fix =
        Raise the limit, e.g. nginx `client_max_body_size 10m;`, or on ingress-nginx:
        ```
        nginx.ingress.kubernetes.io/proxy-body-size: "10m"
        ```
http-unsupported_media_type =
    .title = The endpoint refuses the JSON content type (415)
    .why = Deliveries are sent as application/json; the route expects another content type.
    .fix = Accept application/json on { $path } (e.g. `express.json()` middleware).
http-rate_limited =
    .title = The endpoint rate-limits the sender (429)
    .why = A rate limiter or WAF throttles the webhook; bursts of updates then fail and are retried later.
    .fix = Exempt the webhook path or the sender's IP ranges from the rate limit, or raise it well above the expected update rate.
http-server_error =
    .title = The application fails with a server error (5xx)
    .why = The handler crashed or threw while processing the update.
    .fix = Read the application's log around the time of the check; wrap the handler so that an error is logged and 200 is still returned for updates that cannot be processed.
http-bad_gateway =
    .title = The proxy cannot reach the application (502)
    .why = The reverse proxy is up but the upstream is down, restarting, listening on another port, or closed an idle keep-alive connection.
    .fix =
        Check that the application runs and listens where the proxy points (`curl -v http://127.0.0.1:<app port>{ $path }` on the server), and look in the proxy's error log for "connect() failed" or "upstream prematurely closed". Keep the upstream's keep-alive longer than the proxy's, e.g. in Node:
        ```
        server.keepAliveTimeout = 65000; server.headersTimeout = 66000;
        ```
http-service_unavailable =
    .title = The service is unavailable (503)
    .why = The server or a load balancer has no healthy instance right now (deploy, overload, maintenance).
    .fix = Check the health of the instances behind the load balancer and keep at least one instance serving during deploys.
http-gateway_timeout =
    .title = The proxy gave up waiting for the application (504)
    .why = The handler took longer than the proxy's read timeout, usually because it processes the update before answering.
    .fix =
        Acknowledge fast and process in the background; as a stopgap raise the proxy timeout:
        ```
        proxy_read_timeout 75s;
        ```
http-cdn_origin_error =
    .title = The CDN cannot reach the origin server (52x)
    .why = A CDN such as Cloudflare answered on behalf of the origin: the origin refused, timed out, or presented a bad certificate.
    .fix = Check that the origin is up and reachable from the CDN, and that the origin certificate is valid for { $host } (Cloudflare SSL mode "Full (strict)" needs a valid origin certificate).
http-connection_reset =
    .title = The connection is reset before an answer
    .why = The server or a proxy closed the connection without answering: a crash, a request size limit, or a keep-alive race.
    .fix = Check the application and proxy logs at the time of the check; if it happens on reused connections, make the upstream's keep-alive timeout longer than the proxy's.
http-timeout =
    .title = No answer within the sender's deadline
    .why = The sender waits a limited time (Telegram 60 s, then "Read timeout expired" and a retry), and the endpoint did not answer in time.
    .fix = Answer 200 immediately and do the work in a queue or background task; never call slow APIs before answering.
http-slow =
    .title = The endpoint answers slowly
    .why = Answers above a second keep delivery connections busy and build a backlog under load.
    .fix = Acknowledge the update first and process it asynchronously (a job queue, or a task started after the response).
http-content_type_rejected =
    .title = The endpoint accepts only one content type
    .why = It refuses either JSON or form-encoded bodies, so senders that use the other encoding fail.
    .fix = Parse both application/json and application/x-www-form-urlencoded on { $path }, or configure the sender to use the accepted one.

whatsapp-verify_failed =
    .title = The WhatsApp verification handshake fails
    .why = Meta verifies a webhook with a GET carrying hub.mode, hub.verify_token and hub.challenge, and expects 200 with exactly the challenge as body.
    .fix = On GET { $path }, when hub.verify_token equals the configured verify token, answer 200 with the hub.challenge value as plain text and nothing else.
whatsapp-verify_token_ignored =
    .title = The handshake echoes the challenge for a wrong verify token
    .why = Anyone can subscribe the endpoint because the verify token is not checked.
    .fix = Compare hub.verify_token with the configured token (in constant time) and answer 403 when it differs.

auth-valid_rejected =
    .title = A correctly signed request is refused
    .why = The receiver computes the signature differently from the sender: a wrong secret, a re-serialised body, or another algorithm.
    .fix = Verify the HMAC over the raw request body bytes (e.g. the `express.raw()` middleware on that route), with the exact secret and the scheme's header format.
auth-not_enforced =
    .title = Requests with a bad or missing signature are accepted
    .why = Anyone who knows the URL can forge events.
    .fix = Reject requests whose signature is missing or does not match (401), comparing in constant time.
auth-bearer_rejected =
    .title = The bearer token is refused
    .why = The receiver does not accept the configured token: it differs, expired, or the header is formatted differently.
    .fix = Compare the Authorization header with "Bearer " plus the token exactly, and renew the token if it expired.

telegram-token_invalid =
    .title = The bot token is invalid
    .why = The Bot API answered 401 Unauthorized: the token is mistyped or was revoked in BotFather.
    .fix = Copy the current token from @BotFather (/mybots → API Token) and update it wherever the bot runs.
telegram-webhook_not_set =
    .title = No webhook is set for this bot
    .why = Telegram has no URL to deliver to, so updates wait in the queue (or the bot is meant to use long polling).
    .fix =
        Register the webhook:
        ```
        curl "https://api.telegram.org/bot<TOKEN>/setWebhook?url=https://{ $host }{ $path }&secret_token=<random>"
        ```
telegram-url_mismatch =
    .title = Telegram delivers to a different URL
    .why = The webhook registered with Telegram is not the URL that was checked, so fixing this endpoint will not help deliveries.
    .fix = Check the URL that is really registered (in the evidence) or register this one with setWebhook.
telegram-backlog =
    .title = Updates are piling up
    .why = Many updates are waiting: deliveries have been failing or are slower than the incoming rate.
    .fix = Fix the failing deliveries first; to discard stale updates call setWebhook with drop_pending_updates=true.
telegram-ip_mismatch =
    .title = Telegram connects to an address DNS no longer gives
    .why = The IP address Telegram resolved for the webhook is not among the current DNS answers: a DNS change not yet seen, or a fixed ip_address in setWebhook.
    .fix = Call setWebhook again (without ip_address, or with the right one) so Telegram resolves { $host } afresh.
telegram-last_error =
    .title = Telegram reports a recent delivery error
    .why = getWebhookInfo keeps the last error Telegram got when delivering; its cause is classified in the evidence.
    .fix = Fix the cause named in the evidence, then watch last_error_date: it stops changing once deliveries succeed. Do not re-set the webhook just to clear it: that also erases the evidence.
telegram-secret_token_invalid =
    .title = setWebhook refused the secret token
    .why = The secret token may only contain A–Z, a–z, 0–9, "_" and "-", up to 256 characters; a bot token (with ":") is not allowed.
    .fix = Generate a valid one, e.g. `openssl rand -hex 32`, and use it both in setWebhook and in the handler check.
telegram-polling_conflict =
    .title = A webhook and long polling are used at the same time
    .why = While a webhook is set, getUpdates fails with 409; two pollers also conflict with each other.
    .fix = Choose one mode: call deleteWebhook before polling, or stop the poller (and other instances) when using the webhook.

keepalive-idle_race =
    .title = The server closes idle keep-alive connections too early
    .why = The application closes idle connections sooner than the proxy or sender in front of it reuses them. A request sent on a connection at the moment it is closed fails: the classic intermittent 502.
    .fix =
        Make the upstream keep idle connections longer than the proxy does (at least 65 s), e.g. in Node:
        ```
        server.keepAliveTimeout = 65000; server.headersTimeout = 66000;
        ```
        or in nginx: `keepalive_timeout 75s;`.
payload-limit_too_small =
    .title = Large updates are refused
    .why = A large body (1 MiB for Telegram, about 3 MB for WhatsApp) was refused while a small one was accepted: a body limit in front of the handler is below what senders may deliver. Not every stack says 413: Caddy 2.6 answers 502, others 500 or drop the connection.
    .fix =
        Raise the body limit, e.g. nginx `client_max_body_size 10m;` or on ingress-nginx:
        ```
        nginx.ingress.kubernetes.io/proxy-body-size: "10m"
        ```
health-failing =
    .title = The health endpoint is failing or slow
    .why = Load balancers and orchestrators use it to route traffic; a failing or slow health check takes instances out of service.
    .fix = Serve a fast 200 on the health path that does not depend on slow downstream services.

sig-ok =
    .title = The signature is correct
    .why = The signature matches the payload and the secret under this scheme.
    .fix = Nothing to fix.
sig-secret_whitespace =
    .title = The secret has extra whitespace
    .why = The signature matches once surrounding spaces or a trailing newline are removed from the secret.
    .fix = Trim the secret where it is loaded (environment files often add a newline).
sig-wrong_algorithm =
    .title = The wrong hash algorithm is used
    .why = The signature matches with another algorithm (e.g. SHA-1 instead of SHA-256).
    .fix = Use the algorithm the scheme specifies.
sig-wrong_encoding =
    .title = The signature is encoded differently
    .why = The digest is right but encoded as hex instead of base64 (or the reverse), or in another letter case.
    .fix = Encode the digest as the scheme specifies before comparing.
sig-body_reserialized =
    .title = The body was re-serialised before verifying
    .why = The signature matches the original bytes, not the parsed-and-reprinted JSON the receiver used.
    .fix = Verify over the raw body bytes, before any JSON parsing (e.g. the `express.raw()` middleware on that route).
sig-secret_encoding =
    .title = The secret is decoded wrongly
    .why = Some schemes base64-decode the secret after its prefix (Standard Webhooks "whsec_"); others use it as text (Stripe).
    .fix = Decode the secret exactly as the scheme requires.
sig-timestamp_out_of_tolerance =
    .title = The timestamp is outside the tolerance
    .why = The signed timestamp is more than five minutes away from now: a replay, a delayed retry, or a wrong clock.
    .fix = Check the receiver's clock (NTP) and process deliveries promptly.
sig-prefix =
    .title = The signature prefix is missing or doubled
    .why = The value matches once the scheme's prefix (sha256=, v1,, v0=) is added or removed.
    .fix = Build the header value exactly as the scheme specifies, with its prefix once.
sig-bearer_prefix =
    .title = The bearer value has a doubled prefix
    .why = "Bearer " appears twice in the Authorization header.
    .fix = Store only the token and add "Bearer " once when building the header.
sig-token_expired =
    .title = The bearer token has expired
    .why = Its exp claim is in the past.
    .fix = Obtain a fresh token and refresh it before expiry.
sig-mismatch =
    .title = The signature does not match
    .why = None of the usual mistakes explains the difference: the secret is probably not the one the sender uses.
    .fix = Copy the signing secret again from the sender's dashboard and verify over the raw body.

unknown =
    .title = Not recognised
    .why = This text does not match any known webhook error.
    .fix = Run a full check of the endpoint with `webhook-doctor check { $url }`, or paste the exact last_error_message from getWebhookInfo.
