## Burst test at the sender's concurrency and delivery confirmation (issue 12).
## Findings: variables host, port, path, url only.

burst-errors_under_load =
    .title = Errors appear when many deliveries arrive at once
    .why = One request at a time is answered, but with as many parallel connections as Telegram opens (max_connections, 40 by default) some requests get a 5xx, a reset or no answer. Telegram opens that many after a quiet spell or when a backlog drains, so these failures show up exactly during traffic spikes.
    .fix = Let the endpoint hold the sender's concurrency: more application workers or a larger connection pool, upstream keep-alive connections between the proxy and the application, and a handler that answers 200 at once and works later. Until then, lower max_connections with setWebhook to the level the evidence shows as held.
burst-latency_degrades =
    .title = Answers slow down sharply under parallel deliveries
    .why = With many connections at once the slowest answers take a large part of the sender's deadline (Telegram waits 60 s). A longer spike or a backlog drain pushes them past it, and Telegram records "Read timeout expired" and retries, which adds to the load.
    .fix = Answer the update first and process it in the background (a job queue), give the application enough workers for the sender's concurrency, or lower max_connections with setWebhook so fewer requests queue at once.

check-burst = Burst

burst-refused-no_token = a burst test needs the bot token (--token or WEBHOOK_DOCTOR_BOT_TOKEN): only the bot's owner may load the endpoint
burst-refused-token_invalid = Telegram does not accept this bot token (revoked or mistyped), so ownership of the URL cannot be proven; no burst was sent
burst-refused-api_unreachable = Telegram's Bot API could not be reached to prove ownership of the URL; no burst was sent
burst-refused-webhook_not_set = this bot has no webhook set, so it does not own the URL; no burst was sent
burst-refused-url_mismatch = this bot's webhook (getWebhookInfo.url) is not the URL given; a burst is only sent to the bot's own webhook URL
burst-refused-no_secret = a burst test of a signed webhook needs its secret (WhatsApp: --app-secret; others: --auth with --secret or --bearer-token): only the receiver's owner may load it
burst-refused-signature_not_accepted = the endpoint did not accept a correctly signed request, so holding its secret is not proven; no burst was sent
burst-refused-rate_limited = this URL had a burst test less than 10 minutes ago; the next one is possible in about { $minutes } min
burst-refused-in_progress = a burst test of this URL is running right now; wait for it to finish

burst-heading = Burst test
burst-progress-bar = burst [{ $bar }] { $connections }/{ $concurrency } connections · { $done }/{ $total } answers
burst-line-load = { $concurrency } parallel connections, { $requests } requests (at most { $peak } in flight at once)
burst-line-status = answers: { $counts }
burst-line-latency = latency: baseline p50 { $baseline } ms, under load p50 { $p50 } ms, p99 { $p99 } ms
burst-line-began = errors began at { $began } requests in flight; { $held } at once were answered without error
burst-line-held = no errors with up to { $peak } requests in flight
burst-table-connections = connections
burst-table-requests = requests
burst-table-baseline = baseline p50
burst-table-began = errors began at
burst-table-held = held

burst-fix-gateway =
    The proxy in front answered 502/504 once more than { $held } requests were in flight: the application behind it had no free worker or connection. Either:
    - raise the application's workers or pool (gunicorn/uvicorn --workers, Node cluster, PHP-FPM pm.max_children, the database pool) above { $concurrency };
    - keep upstream connections open between proxy and application (nginx: `keepalive 64;` in the upstream block with `proxy_http_version 1.1;` and an empty Connection header; ingress-nginx: `upstream-keepalive-connections`);
    - or, until then, lower max_connections to { $held } with setWebhook (the bot's fix button does it).
burst-fix-unavailable =
    503 appeared once more than { $held } requests were in flight: a concurrency limit refused the rest (nginx limit_conn, a pod or function concurrency limit, a rate limiter). Raise that limit above { $concurrency } for the webhook path, or lower max_connections to { $held } with setWebhook.
burst-fix-reset =
    Connections were reset once more than { $held } requests were in flight: the server refuses connections beyond its limit (a connection cap, a small listen backlog, a worker that exits). Raise the connection limit and backlog, keep upstream connections alive, or lower max_connections to { $held } with setWebhook.
burst-fix-timeout =
    Requests went unanswered once more than { $held } were in flight: the handler does its work before answering, and requests queue behind it. Answer 200 at once and process the update from a queue; until then lower max_connections to { $held } with setWebhook.
burst-fix-server_error =
    The application itself failed (500) once more than { $held } requests were in flight: a pool (database, HTTP client) or a lock runs out under concurrency. Size the pools for { $concurrency } parallel requests, or answer first and work from a queue; until then lower max_connections to { $held } with setWebhook.
burst-fix-slow =
    Nothing failed, but the slowest answers under { $concurrency } parallel connections take a large part of Telegram's 60 s deadline. Answer 200 first and process in the background, or add workers.

confirm-needs-token = confirm needs the bot token (--token or WEBHOOK_DOCTOR_BOT_TOKEN)
confirm-bad-wait = "{ $value }" must be a number of seconds (wait: up to 600, interval: up to 60)
confirm-refused-token_invalid = Telegram does not accept this bot token (revoked or mistyped)
confirm-refused-api_unreachable = Telegram's Bot API could not be reached
confirm-watching = Watching Telegram's webhook record for up to { $seconds } s…
confirm-point = +{ $t } s  pending { $pending }  { $event }  (last error: { $error })
confirm-event-start = first reading
confirm-event-pending_down = going down
confirm-event-pending_up = going up
confirm-event-new_error = new delivery error
confirm-event-unchanged = unchanged
confirm-event-webhook_removed = no webhook set
confirm-verdict-delivered = Telegram delivered { $n } pending updates; no new error ({ $pending } still pending).
confirm-verdict-nothing_pending = Nothing was pending, so nothing proves delivery yet: send the bot a message now and confirm again.
confirm-verdict-failing-error = Telegram still fails: { $cause } [{ $code }] "{ $message }"
confirm-verdict-failing-missing = Telegram still fails: no webhook is set, so { $pending } pending updates have nowhere to go.
confirm-verdict-failing-stuck = Telegram still fails: { $pending } updates stayed pending and none was delivered while we watched.

burst-button = ⚡ Burst test
burst-starting = Burst test starting…
burst-progress = burst { $connections }/{ $concurrency } connections… { $done }/{ $total } answers
burst-not-run = The burst could not run: { $reason }
burst-held-all = No errors at { $concurrency } parallel connections.
