## Fixes tailored to the stack that answered. Message id: fix-<finding message id>-<stack key> (src/diagnosis/stack.ts);
## a variant named by the evidence's `upstream` comes first (fix-http-bad_gateway-apache-slow). Without a text for the
## stack found, the finding's generic .fix is shown. Adding a stack's fix is adding one message here (and in ru, zh).

## Keep-alive idle race: the front server must keep idle connections longer than the sender or proxy reuses them.
fix-keepalive-idle_race-nginx =
    nginx closes idle client connections after `keepalive_timeout` (default 75 s). Keep it above 60 s in the server block:
    ```
    keepalive_timeout 75s;
    ```
fix-keepalive-idle_race-ingress-nginx =
    Set the controller's ConfigMap so idle client connections stay open longer than senders reuse them:
    ```
    keep-alive: "75"
    ```
fix-keepalive-idle_race-caddy =
    Raise Caddy's idle timeout in the global options block:
    ```
    {"{"}
        servers {"{"}
            timeouts {"{"}
                idle 2m
            {"}"}
        {"}"}
    {"}"}
    ```
fix-keepalive-idle_race-haproxy =
    Keep idle client connections open longer than senders reuse them, in `defaults` or the frontend:
    ```
    timeout http-keep-alive 75s
    timeout client 75s
    ```
fix-keepalive-idle_race-apache =
    Apache closes idle connections after `KeepAliveTimeout` (default 5 s). Raise it:
    ```
    KeepAlive On
    KeepAliveTimeout 75
    ```
fix-keepalive-idle_race-traefik =
    Raise the entry point's idle timeout (default 180 s) if it was lowered:
    ```
    --entryPoints.websecure.transport.respondingTimeouts.idleTimeout=180s
    ```
fix-keepalive-idle_race-aws-alb =
    The app behind the ALB must keep idle connections longer than the ALB's idle timeout (default 60 s), or the ALB reuses a connection the app is closing and answers 502. For Node:
    ```
    server.keepAliveTimeout = 65000; server.headersTimeout = 66000;
    ```
fix-keepalive-idle_race-gcp-lb =
    Google's load balancers keep connections to the backend for 600 s: the app's keep-alive timeout must be longer. For Node:
    ```
    server.keepAliveTimeout = 620000; server.headersTimeout = 621000;
    ```
fix-keepalive-idle_race-express =
    Node closes idle connections after 5 s by default. On the server `app.listen()` returns:
    ```
    const server = app.listen(port);
    server.keepAliveTimeout = 75000;
    server.headersTimeout = 76000;
    ```
fix-keepalive-idle_race-fastify =
    Raise Fastify's keep-alive timeout (the server option, in milliseconds):
    ```
    const app = Fastify({"{"} keepAliveTimeout: 75000 {"}"});
    ```
fix-keepalive-idle_race-uvicorn =
    uvicorn closes idle connections after 5 s. Start it with:
    ```
    uvicorn app:app --timeout-keep-alive 75
    ```
fix-keepalive-idle_race-gunicorn =
    gunicorn's keep-alive is 2 s (and sync workers close after every request). Use a threaded or async worker and raise it:
    ```
    gunicorn --worker-class gthread --keep-alive 75 app:app
    ```

## Body limit: a 1 MiB update (or WhatsApp's ~3 MB notification) must be accepted.
fix-http-payload_too_large-nginx =
    nginx refuses bodies above `client_max_body_size` (default 1m). Raise it in the server or location block:
    ```
    client_max_body_size 10m;
    ```
fix-http-payload_too_large-ingress-nginx =
    Raise the body limit with an annotation on the Ingress (default 1m):
    ```
    nginx.ingress.kubernetes.io/proxy-body-size: "10m"
    ```
fix-http-payload_too_large-caddy =
    A `request_body` limit in the site block refuses the body (Caddy 2.6 answers such a body with 502, not 413). Raise or remove it:
    ```
    request_body {"{"}
        max_size 10MB
    {"}"}
    ```
fix-http-payload_too_large-haproxy =
    HAProxy sets no body limit by default: look for an `http-request deny` rule on `req.body_size` and raise it, or for the limit in the app behind HAProxy.
fix-http-payload_too_large-apache =
    Apache refuses bodies above `LimitRequestBody` (in bytes; 0 means no limit). Raise it for the webhook location:
    ```
    LimitRequestBody 10485760
    ```
fix-http-payload_too_large-traefik =
    The buffering middleware's `maxRequestBodyBytes` refuses the body. Raise it:
    ```
    traefik.http.middlewares.limit.buffering.maxRequestBodyBytes=10485760
    ```
fix-http-payload_too_large-express =
    `express.json()` and `express.text()` refuse bodies above 100 kB by default (PayloadTooLargeError). Pass a limit:
    ```
    app.use(express.json({"{"} limit: "10mb" {"}"}));
    ```
fix-http-payload_too_large-fastify =
    Fastify refuses bodies above `bodyLimit` (default 1 MiB) with FST_ERR_CTP_BODY_TOO_LARGE. Raise it for the server or the route:
    ```
    const app = Fastify({"{"} bodyLimit: 10 * 1024 * 1024 {"}"});
    ```
fix-http-payload_too_large-php =
    PHP drops bodies above `post_max_size`. In php.ini (and the web server's own limit in front):
    ```
    post_max_size = 10M
    ```
fix-http-payload_too_large-php-fpm = { fix-http-payload_too_large-php }
fix-http-payload_too_large-laravel = { fix-http-payload_too_large-php }
fix-http-payload_too_large-django =
    Django refuses bodies above `DATA_UPLOAD_MAX_MEMORY_SIZE` (default 2.5 MB). In settings.py:
    ```
    DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
    ```
fix-payload-limit_too_small-nginx = { fix-http-payload_too_large-nginx }
fix-payload-limit_too_small-ingress-nginx = { fix-http-payload_too_large-ingress-nginx }
fix-payload-limit_too_small-caddy = { fix-http-payload_too_large-caddy }
fix-payload-limit_too_small-haproxy = { fix-http-payload_too_large-haproxy }
fix-payload-limit_too_small-apache = { fix-http-payload_too_large-apache }
fix-payload-limit_too_small-traefik = { fix-http-payload_too_large-traefik }
fix-payload-limit_too_small-express = { fix-http-payload_too_large-express }
fix-payload-limit_too_small-fastify = { fix-http-payload_too_large-fastify }
fix-payload-limit_too_small-php = { fix-http-payload_too_large-php }
fix-payload-limit_too_small-php-fpm = { fix-http-payload_too_large-php }
fix-payload-limit_too_small-laravel = { fix-http-payload_too_large-php }
fix-payload-limit_too_small-django = { fix-http-payload_too_large-django }

## 504: the proxy's read timeout fired before the app answered.
fix-http-gateway_timeout-nginx =
    nginx waited `proxy_read_timeout` (default 60 s) for the app. Answer 200 before slow work; as a stopgap:
    ```
    proxy_read_timeout 75s;
    ```
fix-http-gateway_timeout-ingress-nginx =
    The controller waited `proxy-read-timeout` (default 60 s). Answer 200 before slow work; as a stopgap annotate the Ingress:
    ```
    nginx.ingress.kubernetes.io/proxy-read-timeout: "75"
    ```
fix-http-gateway_timeout-caddy =
    Caddy's `response_header_timeout` fired before the app answered. Answer 200 before slow work, or raise it:
    ```
    reverse_proxy 127.0.0.1:8080 {"{"}
        transport http {"{"}
            response_header_timeout 75s
        {"}"}
    {"}"}
    ```
fix-http-gateway_timeout-haproxy =
    HAProxy waited `timeout server` for the app ("The server didn't respond in time"). Answer 200 before slow work; as a stopgap:
    ```
    timeout server 75s
    ```
fix-http-gateway_timeout-apache =
    Apache waited `ProxyTimeout` for the app. Answer 200 before slow work; as a stopgap:
    ```
    ProxyTimeout 75
    ```
fix-http-gateway_timeout-traefik =
    Traefik's `responseHeaderTimeout` (serversTransport forwardingTimeouts) fired. Answer 200 before slow work, or raise it.
fix-http-gateway_timeout-envoy =
    Envoy's route timeout (default 15 s, "upstream request timeout") fired. Answer 200 before slow work, or raise the route's `timeout` (Istio: the VirtualService `timeout`).
fix-http-gateway_timeout-aws-alb =
    The ALB waited its idle timeout (default 60 s) for the target. Answer 200 before slow work; as a stopgap raise the load balancer attribute `idle_timeout.timeout_seconds`.
fix-http-gateway_timeout-gcp-lb =
    The backend service timeout (default 30 s) fired. Answer 200 before slow work; as a stopgap:
    ```
    gcloud compute backend-services update BACKEND --global --timeout=75s
    ```

## The sender's own deadline (Telegram: 60 s): the app must acknowledge first and work afterwards.
fix-http-timeout-express =
    Send the 200 first, then process the update:
    ```
    app.post("{ $path }", (req, res) => {"{"} res.sendStatus(200); queue.add(req.body); {"}"});
    ```
fix-http-timeout-fastify =
    Reply first, then process the update (a queue, or work started after the reply):
    ```
    app.post("{ $path }", async (req, reply) => {"{"} queue.add(req.body); return {"{"} ok: true {"}"}; {"}"});
    ```
fix-http-timeout-uvicorn =
    Return at once and hand the work to a background task (FastAPI `BackgroundTasks`) or a job queue; never await slow calls before answering.
fix-http-timeout-laravel =
    Dispatch a queued job and return 200 at once (`ProcessUpdate::dispatch($request->all())`), with a queue worker running.
fix-http-timeout-django =
    Return `HttpResponse(status=200)` at once and hand the update to a task queue (Celery, RQ); never call slow APIs in the view.
fix-http-slow-express = { fix-http-timeout-express }
fix-http-slow-fastify = { fix-http-timeout-fastify }
fix-http-slow-uvicorn = { fix-http-timeout-uvicorn }
fix-http-slow-laravel = { fix-http-timeout-laravel }
fix-http-slow-django = { fix-http-timeout-django }

## 502: the proxy reached no app, or a broken answer.
fix-http-bad_gateway-nginx =
    In nginx's error.log: "connect() failed (111: Connection refused)" means the app is down or `proxy_pass` points at the wrong port; "upstream prematurely closed connection" means the app closed the connection (a crash, or a keep-alive shorter than nginx's upstream `keepalive_timeout`, 60 s). Check from the server:
    ```
    curl -v http://127.0.0.1:APP_PORT{ $path }
    ```
fix-http-bad_gateway-ingress-nginx =
    The controller cannot reach a pod: check that the Service's `targetPort` is the port the container listens on and that the pods are Ready (`kubectl get endpoints`), then read the controller's log for "connect() failed" or "upstream prematurely closed".
fix-http-bad_gateway-caddy =
    Caddy's log says why: "dial tcp ...: connect: connection refused" means the app is down or `reverse_proxy` points at the wrong port. Caddy 2.6 also answers 502 when a `request_body` size limit is exceeded.
fix-http-bad_gateway-haproxy =
    HAProxy got an invalid or incomplete answer from the server: the app crashed mid-answer or sent headers larger than `tune.bufsize`. The log's termination flags (SH, SD) name the side that closed.
fix-http-bad_gateway-apache =
    Apache's "Proxy Error" page says which: "Error reading from remote server" after a long wait means the app is too slow (`ProxyTimeout`); a connection error means it is down or `ProxyPass` points at the wrong port.
fix-http-bad_gateway-apache-slow =
    The app is up but slow: Apache waited `ProxyTimeout` (the latency in the evidence) and gave up reading its answer. Answer 200 before slow work; as a stopgap raise the timeout:
    ```
    ProxyTimeout 75
    ```
fix-http-bad_gateway-traefik =
    Traefik cannot reach the service: check the service's load balancer server URL and port, and that the container is running and healthy.
fix-http-bad_gateway-envoy =
    "upstream connect error or disconnect/reset before headers": the access log's response flags say which (UF: connect failed, UC: the app closed the connection, URX: retries exhausted). For UC, make the app's keep-alive longer than Envoy's idle timeout.
fix-http-bad_gateway-aws-alb =
    The target closed the connection or could not be reached: make the app's keep-alive longer than the ALB's idle timeout (default 60 s), e.g. Node `server.keepAliveTimeout = 65000`, and check that the target group's port is the app's.
fix-http-bad_gateway-gcp-lb =
    The backend closed a connection the load balancer reused: the app's keep-alive must be longer than 600 s (Node: `server.keepAliveTimeout = 620000`), and the backend must answer on its port.

## 503: nothing healthy to send the request to.
fix-http-service_unavailable-haproxy =
    "No server is available to handle this request": every server of the backend is down or failing its health check. Check the `server` line's address and port and the `check` path (`echo "show servers state" | socat stdio /run/haproxy/admin.sock`).
fix-http-service_unavailable-apache =
    Apache could not connect to the app and put the worker in error state (for `retry`, default 60 s). Start the app, check the `ProxyPass` address and port; `retry=0` makes Apache try again at once:
    ```
    ProxyPass "{ $path }" "http://127.0.0.1:8080{ $path }" retry=0
    ```
fix-http-service_unavailable-ingress-nginx =
    The Service has no ready endpoint: check `kubectl get endpoints` for it and the pods' readiness probes.
fix-http-service_unavailable-envoy =
    "no healthy upstream": every endpoint of the cluster fails its health check or none exists. Check the service's pods and the health check.
fix-http-service_unavailable-aws-alb =
    The target group has no healthy target: check its health check path and port, and the targets' security group.

## Redirects: register the final URL, or stop the rule from matching the webhook path.
fix-http-redirect-nginx =
    An nginx `return 301`/`rewrite` (often http→https or a trailing slash) matches the webhook path. Register the final URL (the Location in the evidence) or match the path exactly:
    ```
    location = { $path } {"{"} proxy_pass http://127.0.0.1:8080; {"}"}
    ```
fix-http-redirect-apache =
    A `Redirect`, `RewriteRule ... [R]` or `DirectorySlash` matches the webhook path. Register the final URL (the Location in the evidence), or exempt the path from the rule.
fix-http-redirect-caddy =
    A `redir` in the Caddyfile (or Caddy's own http→https redirect) matches the path. Register the https URL from the Location in the evidence.
fix-http-redirect-cloudflare =
    A Cloudflare Redirect Rule, Page Rule or "Always Use HTTPS" matches the path. Register the final URL (the Location in the evidence) or exclude the webhook path from the rule.
fix-http-redirect-django =
    Django's `APPEND_SLASH` redirects to the path with a trailing slash. Register the URL with the slash (the Location in the evidence).
fix-http-redirect-laravel =
    Laravel's public/.htaccess removes trailing slashes with a redirect. Register the URL without the trailing slash.

## 404: the route, or a prefix the proxy strips or keeps.
fix-http-not_found-nginx =
    With a URI part (`proxy_pass http://app:8080/;`) nginx replaces the matched location prefix; without one the full path is passed. Make the path the app receives the path its route expects.
fix-http-not_found-ingress-nginx =
    Check the Ingress `host:` and `path:` for { $host }{ $path } and the class (`ingressClassName`); "default backend - 404" means no rule matched. A `rewrite-target` annotation changes the path the app sees.
fix-http-not_found-caddy =
    `handle_path /prefix/*` strips the prefix before proxying; `handle /prefix/*` keeps it. Use the one that gives the app the path its route expects.
fix-http-not_found-traefik =
    "404 page not found" from Traefik means no router rule matched (check `Host()` and `PathPrefix()`); a `StripPrefix` middleware changes the path the app sees.
fix-http-not_found-apache =
    Both sides of `ProxyPass` must carry the same prefix unless the app expects it stripped:
    ```
    ProxyPass "{ $path }" "http://127.0.0.1:8080{ $path }"
    ```
fix-http-not_found-express =
    Express has no route for POST on { $path } ("Cannot POST ..."). Register it; inside `app.use("/prefix", router)` the router's paths are relative to the prefix:
    ```
    app.post("{ $path }", express.json(), handler);
    ```
fix-http-not_found-fastify =
    Fastify has no route for POST on { $path }. Register it (a plugin's `prefix` is added in front of its routes):
    ```
    app.post("{ $path }", handler);
    ```
fix-http-not_found-uvicorn =
    The ASGI app has no route at { $path } (`{"{"}"detail":"Not Found"{"}"}`): check the route decorator and, behind a proxy that strips a prefix, `root_path`.
fix-http-not_found-go =
    Go's mux (or Traefik, which answers the same) has no handler for { $path }: check the pattern passed to `http.HandleFunc` and any prefix the proxy strips.
fix-http-not_found-php-fpm =
    "File not found." comes from PHP-FPM: the script path nginx passes does not exist. Check `root` and:
    ```
    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    ```
fix-http-not_found-django =
    No pattern in urls.py matches { $path }; note that Django's paths usually end with a slash.

## 403 / 419: who refuses, and how to let the sender in.
fix-http-forbidden-django =
    Django's CSRF protection refuses POSTs without a token. Exempt the webhook view:
    ```
    from django.views.decorators.csrf import csrf_exempt
    ```
    and decorate the view with `@csrf_exempt` (verify the sender's secret instead).
fix-http-forbidden-nginx =
    An nginx `deny` rule, `auth_basic` or a file permission refuses the path. Allow the sender's ranges on the webhook location:
    ```
    allow 149.154.160.0/20; allow 91.108.4.0/22;
    ```
fix-http-forbidden-apache =
    A `Require` rule refuses the path. Allow the sender on the webhook location:
    ```
    Require ip 149.154.160.0/20 91.108.4.0/22
    ```
fix-http-csrf_rejected-laravel =
    Exclude the webhook route from CSRF verification. Laravel 11, in bootstrap/app.php:
    ```
    $middleware->validateCsrfTokens(except: ['{ $path }']);
    ```
    Older versions: add the path to `$except` in app/Http/Middleware/VerifyCsrfToken.php.
fix-http-waf_blocked-cloudflare =
    Add a WAF custom rule (Security → WAF) with action Skip for the webhook path, skipping the managed rules and Super Bot Fight Mode:
    ```
    (http.request.uri.path eq "{ $path }" and ip.src in {"{"}149.154.160.0/20 91.108.4.0/22{"}"})
    ```
    Bot Fight Mode on the Free plan cannot be skipped: turn it off.
fix-http-waf_blocked-aws-waf =
    In the web ACL, add an IP set with the sender's ranges and an Allow rule with a higher priority (lower number) than the rule that blocks, or scope the managed rule group down to exclude { $path }.
fix-http-waf_blocked-aws-alb = { fix-http-waf_blocked-aws-waf }
fix-http-waf_blocked-cloudfront = { fix-http-waf_blocked-aws-waf }
fix-http-waf_blocked-modsecurity =
    Switch the rule engine off for the webhook path only (verify the sender's signature instead):
    ```
    SecRule REQUEST_URI "@beginsWith { $path }" "id:1000001,phase:1,pass,nolog,ctl:ruleEngine=Off"
    ```
fix-http-waf_blocked-haproxy =
    An `http-request deny` rule matches ("Request forbidden by administrative rules"). Let the sender's ranges through before it:
    ```
    http-request allow if {"{"} src 149.154.160.0/20 91.108.4.0/22 {"}"}
    ```

## Certificate chain: where each server takes the intermediate from.
fix-tls-incomplete_chain-apache =
    Point `SSLCertificateFile` at the full chain (Apache 2.4.8 and later read the intermediates from it):
    ```
    SSLCertificateFile /etc/letsencrypt/live/{ $host }/fullchain.pem
    ```
fix-tls-incomplete_chain-haproxy =
    HAProxy's `crt` file must hold the certificate, the intermediates and the key:
    ```
    cat fullchain.pem privkey.pem > /etc/haproxy/certs/{ $host }.pem
    ```
fix-tls-incomplete_chain-caddy =
    With `tls cert.pem key.pem` the certificate file must hold the intermediates too (use fullchain.pem); Caddy's own managed certificates are served complete.
fix-tls-incomplete_chain-traefik =
    The `certFile` of the TLS configuration must be the full chain (fullchain.pem), not the leaf alone.
fix-tls-incomplete_chain-ingress-nginx =
    The TLS Secret's tls.crt must hold the leaf and the intermediates:
    ```
    kubectl create secret tls NAME --cert=fullchain.pem --key=privkey.pem
    ```
fix-tls-incomplete_chain-aws-alb =
    Re-import the certificate into ACM with its chain:
    ```
    aws acm import-certificate --certificate fileb://cert.pem --certificate-chain fileb://chain.pem --private-key fileb://privkey.pem
    ```

## 404 where the app quotes a shorter path than the one sent (path_at_app): a proxy cut the prefix.
fix-http-not_found-prefix_stripped =
    A proxy in front cut the path's prefix: the app received the path shown as path_at_app, not { $path }. Make the proxy pass the whole path, or register the route at the path the app receives.
fix-http-not_found-nginx-prefix_stripped =
    nginx cut the prefix: with a URI part (`proxy_pass http://app:8080/;`) it replaces the matched location with that URI, so the app received the path shown as path_at_app. Drop the URI part to pass the path unchanged:
    ```
    location /prefix/ {"{"} proxy_pass http://127.0.0.1:8080; {"}"}
    ```
    or register the route at the path the app receives.
fix-http-not_found-ingress-nginx-prefix_stripped =
    The `nginx.ingress.kubernetes.io/rewrite-target` annotation rewrote the path: the app received the path shown as path_at_app. Remove the annotation, or register the route at the path the app receives.
fix-http-not_found-caddy-prefix_stripped =
    `handle_path` strips the matched prefix before proxying, so the app received the path shown as path_at_app. Use `handle` to keep it:
    ```
    handle /prefix/* {"{"}
        reverse_proxy 127.0.0.1:8080
    {"}"}
    ```
fix-http-not_found-traefik-prefix_stripped =
    A `StripPrefix` middleware on the router removed the prefix: the app received the path shown as path_at_app. Take it off the router's middlewares, or register the route at the path the app receives.
fix-http-not_found-apache-prefix_stripped =
    `ProxyPass` maps the prefix away, so the app received the path shown as path_at_app. Keep the prefix on both sides:
    ```
    ProxyPass "/prefix/" "http://127.0.0.1:8080/prefix/"
    ```
