## 针对应答技术栈的修复方法。消息 id：fix-<发现的消息 id>-<技术栈键>（见 src/diagnosis/stack.ts）；
## 证据中 `upstream` 字段对应的变体优先（fix-http-bad_gateway-apache-slow）。若无对应文本，则显示该发现的通用 .fix。
## 为新技术栈添加修复方法只需在这里（以及 en、ru）添加一条消息。

## keep-alive 空闲竞争：前端服务器保持空闲连接的时间必须长于发送方或代理复用连接的时间。
fix-keepalive-idle_race-nginx =
    nginx 在 `keepalive_timeout`（默认 75 秒）后关闭空闲的客户端连接。在 server 块中保持其大于 60 秒：
    ```
    keepalive_timeout 75s;
    ```
fix-keepalive-idle_race-ingress-nginx =
    在控制器的 ConfigMap 中设置，使空闲客户端连接保持得比发送方复用的时间更长：
    ```
    keep-alive: "75"
    ```
fix-keepalive-idle_race-caddy =
    在全局选项块中提高 Caddy 的空闲超时：
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
    在 `defaults` 或 frontend 中让空闲客户端连接保持得比发送方复用的时间更长：
    ```
    timeout http-keep-alive 75s
    timeout client 75s
    ```
fix-keepalive-idle_race-apache =
    Apache 在 `KeepAliveTimeout`（默认 5 秒）后关闭空闲连接。将其调大：
    ```
    KeepAlive On
    KeepAliveTimeout 75
    ```
fix-keepalive-idle_race-traefik =
    如果入口点的空闲超时（默认 180 秒）被调低过，请恢复：
    ```
    --entryPoints.websecure.transport.respondingTimeouts.idleTimeout=180s
    ```
fix-keepalive-idle_race-aws-alb =
    ALB 后面的应用保持空闲连接的时间必须长于 ALB 的空闲超时（默认 60 秒），否则 ALB 会复用应用正在关闭的连接并返回 502。Node 示例：
    ```
    server.keepAliveTimeout = 65000; server.headersTimeout = 66000;
    ```
fix-keepalive-idle_race-gcp-lb =
    Google 负载均衡器与后端的连接保持 600 秒：应用的 keep-alive 超时必须更长。Node 示例：
    ```
    server.keepAliveTimeout = 620000; server.headersTimeout = 621000;
    ```
fix-keepalive-idle_race-express =
    Node 默认 5 秒后关闭空闲连接。在 `app.listen()` 返回的 server 上设置：
    ```
    const server = app.listen(port);
    server.keepAliveTimeout = 75000;
    server.headersTimeout = 76000;
    ```
fix-keepalive-idle_race-fastify =
    提高 Fastify 的 keep-alive 超时（服务器选项，单位毫秒）：
    ```
    const app = Fastify({"{"} keepAliveTimeout: 75000 {"}"});
    ```
fix-keepalive-idle_race-uvicorn =
    uvicorn 在 5 秒后关闭空闲连接。这样启动：
    ```
    uvicorn app:app --timeout-keep-alive 75
    ```
fix-keepalive-idle_race-gunicorn =
    gunicorn 的 keep-alive 为 2 秒（sync worker 每个请求后都会关闭连接）。改用线程或异步 worker 并调大：
    ```
    gunicorn --worker-class gthread --keep-alive 75 app:app
    ```

## 请求体限制：必须接受 1 MiB 的更新（或 WhatsApp 约 3 MB 的通知）。
fix-http-payload_too_large-nginx =
    nginx 拒绝超过 `client_max_body_size`（默认 1m）的请求体。在 server 或 location 块中调大：
    ```
    client_max_body_size 10m;
    ```
fix-http-payload_too_large-ingress-nginx =
    在 Ingress 上用注解调大请求体限制（默认 1m）：
    ```
    nginx.ingress.kubernetes.io/proxy-body-size: "10m"
    ```
fix-http-payload_too_large-caddy =
    站点块中的 `request_body` 限制拒绝了请求体（Caddy 2.6 对这种请求体返回 502 而不是 413）。调大或删除它：
    ```
    request_body {"{"}
        max_size 10MB
    {"}"}
    ```
fix-http-payload_too_large-haproxy =
    HAProxy 默认不限制请求体：查找基于 `req.body_size` 的 `http-request deny` 规则并调大阈值，或检查 HAProxy 后面应用中的限制。
fix-http-payload_too_large-apache =
    Apache 拒绝超过 `LimitRequestBody`（字节；0 表示不限制）的请求体。为 webhook 的 location 调大：
    ```
    LimitRequestBody 10485760
    ```
fix-http-payload_too_large-traefik =
    buffering 中间件的 `maxRequestBodyBytes` 拒绝了请求体。调大：
    ```
    traefik.http.middlewares.limit.buffering.maxRequestBodyBytes=10485760
    ```
fix-http-payload_too_large-express =
    `express.json()` 和 `express.text()` 默认拒绝超过 100 kB 的请求体（PayloadTooLargeError）。传入 limit：
    ```
    app.use(express.json({"{"} limit: "10mb" {"}"}));
    ```
fix-http-payload_too_large-fastify =
    Fastify 以 FST_ERR_CTP_BODY_TOO_LARGE 拒绝超过 `bodyLimit`（默认 1 MiB）的请求体。为服务器或路由调大：
    ```
    const app = Fastify({"{"} bodyLimit: 10 * 1024 * 1024 {"}"});
    ```
fix-http-payload_too_large-php =
    PHP 会丢弃超过 `post_max_size` 的请求体。在 php.ini 中设置（前面 Web 服务器自身的限制也要调）：
    ```
    post_max_size = 10M
    ```
fix-http-payload_too_large-php-fpm = { fix-http-payload_too_large-php }
fix-http-payload_too_large-laravel = { fix-http-payload_too_large-php }
fix-http-payload_too_large-django =
    Django 拒绝超过 `DATA_UPLOAD_MAX_MEMORY_SIZE`（默认 2.5 MB）的请求体。在 settings.py 中：
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

## 504：代理的读取超时先于应用应答触发。
fix-http-gateway_timeout-nginx =
    nginx 等待应用 `proxy_read_timeout`（默认 60 秒）后放弃。先返回 200 再做耗时工作；临时办法：
    ```
    proxy_read_timeout 75s;
    ```
fix-http-gateway_timeout-ingress-nginx =
    控制器等待了 `proxy-read-timeout`（默认 60 秒）。先返回 200 再做耗时工作；临时办法是给 Ingress 加注解：
    ```
    nginx.ingress.kubernetes.io/proxy-read-timeout: "75"
    ```
fix-http-gateway_timeout-caddy =
    Caddy 的 `response_header_timeout` 先于应用应答触发。先返回 200 再做耗时工作，或调大它：
    ```
    reverse_proxy 127.0.0.1:8080 {"{"}
        transport http {"{"}
            response_header_timeout 75s
        {"}"}
    {"}"}
    ```
fix-http-gateway_timeout-haproxy =
    HAProxy 等待应用 `timeout server` 后放弃（"The server didn't respond in time"）。先返回 200 再做耗时工作；临时办法：
    ```
    timeout server 75s
    ```
fix-http-gateway_timeout-apache =
    Apache 等待应用 `ProxyTimeout` 后放弃。先返回 200 再做耗时工作；临时办法：
    ```
    ProxyTimeout 75
    ```
fix-http-gateway_timeout-traefik =
    Traefik 的 `responseHeaderTimeout`（serversTransport forwardingTimeouts）触发了。先返回 200 再做耗时工作，或调大它。
fix-http-gateway_timeout-envoy =
    Envoy 的路由超时（默认 15 秒，"upstream request timeout"）触发了。先返回 200 再做耗时工作，或调大路由的 `timeout`（Istio：VirtualService 的 `timeout`）。
fix-http-gateway_timeout-aws-alb =
    ALB 等待目标达到其空闲超时（默认 60 秒）。先返回 200 再做耗时工作；临时办法是调大负载均衡器属性 `idle_timeout.timeout_seconds`。
fix-http-gateway_timeout-gcp-lb =
    后端服务超时（默认 30 秒）触发了。先返回 200 再做耗时工作；临时办法：
    ```
    gcloud compute backend-services update BACKEND --global --timeout=75s
    ```

## 发送方自身的时限（Telegram：60 秒）：应用必须先确认，再处理。
fix-http-timeout-express =
    先发送 200，再处理更新：
    ```
    app.post("{ $path }", (req, res) => {"{"} res.sendStatus(200); queue.add(req.body); {"}"});
    ```
fix-http-timeout-fastify =
    先回复，再处理更新（队列，或在回复之后开始的工作）：
    ```
    app.post("{ $path }", async (req, reply) => {"{"} queue.add(req.body); return {"{"} ok: true {"}"}; {"}"});
    ```
fix-http-timeout-uvicorn =
    立即返回，把工作交给后台任务（FastAPI 的 `BackgroundTasks`）或任务队列；不要在应答前等待慢调用。
fix-http-timeout-laravel =
    派发一个队列任务并立即返回 200（`ProcessUpdate::dispatch($request->all())`），并确保队列 worker 在运行。
fix-http-timeout-django =
    立即返回 `HttpResponse(status=200)`，把更新交给任务队列（Celery、RQ）；不要在视图中调用慢 API。
fix-http-slow-express = { fix-http-timeout-express }
fix-http-slow-fastify = { fix-http-timeout-fastify }
fix-http-slow-uvicorn = { fix-http-timeout-uvicorn }
fix-http-slow-laravel = { fix-http-timeout-laravel }
fix-http-slow-django = { fix-http-timeout-django }

## 502：代理连不上应用，或收到损坏的应答。
fix-http-bad_gateway-nginx =
    查看 nginx 的 error.log："connect() failed (111: Connection refused)" 表示应用未运行或 `proxy_pass` 端口不对；"upstream prematurely closed connection" 表示应用关闭了连接（崩溃，或 keep-alive 短于 nginx upstream 的 `keepalive_timeout` 60 秒）。在服务器上检查：
    ```
    curl -v http://127.0.0.1:APP_PORT{ $path }
    ```
fix-http-bad_gateway-ingress-nginx =
    控制器连不上 Pod：检查 Service 的 `targetPort` 是否为容器监听的端口、Pod 是否 Ready（`kubectl get endpoints`），再在控制器日志中查找 "connect() failed" 或 "upstream prematurely closed"。
fix-http-bad_gateway-caddy =
    Caddy 的日志会说明原因："dial tcp ...: connect: connection refused" 表示应用未运行或 `reverse_proxy` 端口不对。Caddy 2.6 在超过 `request_body` 大小限制时也返回 502。
fix-http-bad_gateway-haproxy =
    HAProxy 从服务器收到无效或不完整的应答：应用在应答中途崩溃，或发送的响应头大于 `tune.bufsize`。日志中的终止标志（SH、SD）指明是哪一方关闭了连接。
fix-http-bad_gateway-apache =
    Apache 的 "Proxy Error" 页面会说明原因：长时间等待后的 "Error reading from remote server" 表示应用太慢（`ProxyTimeout`）；连接错误表示应用未运行或 `ProxyPass` 端口不对。
fix-http-bad_gateway-apache-slow =
    应用在运行但太慢：Apache 等待了 `ProxyTimeout`（见证据中的延迟）后放弃读取应答。先返回 200 再做耗时工作；临时办法是调大超时：
    ```
    ProxyTimeout 75
    ```
fix-http-bad_gateway-traefik =
    Traefik 连不上服务：检查服务负载均衡器中服务器的 URL 和端口，以及容器是否运行且健康。
fix-http-bad_gateway-envoy =
    "upstream connect error or disconnect/reset before headers"：访问日志中的响应标志说明原因（UF：连接失败，UC：应用关闭了连接，URX：重试耗尽）。若为 UC，让应用的 keep-alive 长于 Envoy 的空闲超时。
fix-http-bad_gateway-aws-alb =
    目标关闭了连接或无法访问：让应用的 keep-alive 长于 ALB 的空闲超时（默认 60 秒），例如 Node `server.keepAliveTimeout = 65000`，并检查目标组端口是否为应用端口。
fix-http-bad_gateway-gcp-lb =
    后端关闭了负载均衡器复用的连接：应用的 keep-alive 必须长于 600 秒（Node：`server.keepAliveTimeout = 620000`），且后端必须在其端口上应答。

## 503：没有可转发请求的健康实例。
fix-http-service_unavailable-haproxy =
    "No server is available to handle this request"：backend 的所有服务器都已宕机或健康检查失败。检查 `server` 行的地址和端口以及 `check` 路径（`echo "show servers state" | socat stdio /run/haproxy/admin.sock`）。
fix-http-service_unavailable-apache =
    Apache 连不上应用，已将 worker 置为错误状态（持续 `retry`，默认 60 秒）。启动应用，检查 `ProxyPass` 的地址和端口；`retry=0` 让 Apache 立即重试：
    ```
    ProxyPass "{ $path }" "http://127.0.0.1:8080{ $path }" retry=0
    ```
fix-http-service_unavailable-ingress-nginx =
    Service 没有就绪的 endpoint：用 `kubectl get endpoints` 检查，并检查 Pod 的就绪探针。
fix-http-service_unavailable-envoy =
    "no healthy upstream"：集群的所有 endpoint 都未通过健康检查或根本不存在。检查服务的 Pod 和健康检查。
fix-http-service_unavailable-aws-alb =
    目标组中没有健康的目标：检查健康检查的路径和端口，以及目标的安全组。

## 重定向：注册最终 URL，或让规则不匹配 webhook 路径。
fix-http-redirect-nginx =
    nginx 的 `return 301`/`rewrite`（常见于 http→https 或末尾斜杠）匹配了 webhook 路径。注册最终 URL（证据中的 Location），或精确匹配该路径：
    ```
    location = { $path } {"{"} proxy_pass http://127.0.0.1:8080; {"}"}
    ```
fix-http-redirect-apache =
    `Redirect`、`RewriteRule ... [R]` 或 `DirectorySlash` 匹配了 webhook 路径。注册最终 URL（证据中的 Location），或将该路径排除在规则之外。
fix-http-redirect-caddy =
    Caddyfile 中的 `redir`（或 Caddy 自带的 http→https 重定向）匹配了该路径。注册证据中 Location 给出的 https URL。
fix-http-redirect-cloudflare =
    Cloudflare 的 Redirect Rule、Page Rule 或 "Always Use HTTPS" 匹配了该路径。注册最终 URL（证据中的 Location），或将 webhook 路径排除在规则之外。
fix-http-redirect-django =
    Django 的 `APPEND_SLASH` 会重定向到带末尾斜杠的路径。注册带斜杠的 URL（证据中的 Location）。
fix-http-redirect-laravel =
    Laravel 的 public/.htaccess 会通过重定向去掉末尾斜杠。注册不带末尾斜杠的 URL。

## 404：路由，或代理去掉/保留的前缀。
fix-http-not_found-nginx =
    带 URI 部分时（`proxy_pass http://app:8080/;`）nginx 会替换匹配的 location 前缀；不带时完整路径原样传递。确保应用收到的路径就是其路由期望的路径。
fix-http-not_found-ingress-nginx =
    检查 Ingress 中针对 { $host }{ $path } 的 `host:` 和 `path:` 以及类（`ingressClassName`）；"default backend - 404" 表示没有规则匹配。`rewrite-target` 注解会改变应用看到的路径。
fix-http-not_found-caddy =
    `handle_path /prefix/*` 在代理前去掉前缀；`handle /prefix/*` 保留前缀。选择能让应用收到其路由期望路径的那个。
fix-http-not_found-traefik =
    Traefik 返回 "404 page not found" 表示没有路由规则匹配（检查 `Host()` 和 `PathPrefix()`）；`StripPrefix` 中间件会改变应用看到的路径。
fix-http-not_found-apache =
    除非应用期望前缀被去掉，`ProxyPass` 两侧必须带相同的前缀：
    ```
    ProxyPass "{ $path }" "http://127.0.0.1:8080{ $path }"
    ```
fix-http-not_found-express =
    Express 没有 { $path } 的 POST 路由（"Cannot POST ..."）。注册它；在 `app.use("/prefix", router)` 中，router 的路径相对于前缀：
    ```
    app.post("{ $path }", express.json(), handler);
    ```
fix-http-not_found-fastify =
    Fastify 没有 { $path } 的 POST 路由。注册它（插件的 `prefix` 会加在其路由前面）：
    ```
    app.post("{ $path }", handler);
    ```
fix-http-not_found-uvicorn =
    ASGI 应用在 { $path } 没有路由（`{"{"}"detail":"Not Found"{"}"}`）：检查路由装饰器；若代理会去掉前缀，检查 `root_path`。
fix-http-not_found-go =
    Go 的 mux（或返回相同内容的 Traefik）没有 { $path } 的处理程序：检查传给 `http.HandleFunc` 的模式以及代理去掉的前缀。
fix-http-not_found-php-fpm =
    "File not found." 来自 PHP-FPM：nginx 传递的脚本路径不存在。检查 `root` 以及：
    ```
    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    ```
fix-http-not_found-django =
    urls.py 中没有模式匹配 { $path }；注意 Django 的路径通常以斜杠结尾。

## 403 / 419：谁在拒绝，以及如何放行发送方。
fix-http-forbidden-django =
    Django 的 CSRF 防护拒绝了不带令牌的 POST。将 webhook 视图排除：
    ```
    from django.views.decorators.csrf import csrf_exempt
    ```
    并给视图加上 `@csrf_exempt` 装饰器（改为校验发送方的密钥）。
fix-http-forbidden-nginx =
    nginx 的 `deny` 规则、`auth_basic` 或文件权限拒绝了该路径。在 webhook 的 location 中放行发送方网段：
    ```
    allow 149.154.160.0/20; allow 91.108.4.0/22;
    ```
fix-http-forbidden-apache =
    某条 `Require` 规则拒绝了该路径。在 webhook 的 location 中放行发送方：
    ```
    Require ip 149.154.160.0/20 91.108.4.0/22
    ```
fix-http-csrf_rejected-laravel =
    将 webhook 路由排除在 CSRF 校验之外。Laravel 11 在 bootstrap/app.php 中：
    ```
    $middleware->validateCsrfTokens(except: ['{ $path }']);
    ```
    旧版本：把路径加入 app/Http/Middleware/VerifyCsrfToken.php 的 `$except`。
fix-http-waf_blocked-cloudflare =
    添加一条 WAF 自定义规则（Security → WAF），对 webhook 路径执行 Skip，跳过托管规则和 Super Bot Fight Mode：
    ```
    (http.request.uri.path eq "{ $path }" and ip.src in {"{"}149.154.160.0/20 91.108.4.0/22{"}"})
    ```
    Free 套餐的 Bot Fight Mode 无法跳过：请关闭它。
fix-http-waf_blocked-aws-waf =
    在 web ACL 中添加包含发送方网段的 IP set，以及优先级高于（编号小于）拦截规则的 Allow 规则，或缩小托管规则组的范围以排除 { $path }。
fix-http-waf_blocked-aws-alb = { fix-http-waf_blocked-aws-waf }
fix-http-waf_blocked-cloudfront = { fix-http-waf_blocked-aws-waf }
fix-http-waf_blocked-modsecurity =
    仅对 webhook 路径关闭规则引擎（改为校验发送方签名）：
    ```
    SecRule REQUEST_URI "@beginsWith { $path }" "id:1000001,phase:1,pass,nolog,ctl:ruleEngine=Off"
    ```
fix-http-waf_blocked-haproxy =
    某条 `http-request deny` 规则匹配了（"Request forbidden by administrative rules"）。在它之前放行发送方网段：
    ```
    http-request allow if {"{"} src 149.154.160.0/20 91.108.4.0/22 {"}"}
    ```

## 证书链：各服务器从哪里读取中间证书。
fix-tls-incomplete_chain-apache =
    让 `SSLCertificateFile` 指向完整链（Apache 2.4.8 及以上会从中读取中间证书）：
    ```
    SSLCertificateFile /etc/letsencrypt/live/{ $host }/fullchain.pem
    ```
fix-tls-incomplete_chain-haproxy =
    HAProxy 的 `crt` 文件必须包含证书、中间证书和私钥：
    ```
    cat fullchain.pem privkey.pem > /etc/haproxy/certs/{ $host }.pem
    ```
fix-tls-incomplete_chain-caddy =
    使用 `tls cert.pem key.pem` 时证书文件也必须包含中间证书（使用 fullchain.pem）；Caddy 自动管理的证书会完整发送。
fix-tls-incomplete_chain-traefik =
    TLS 配置中的 `certFile` 必须是完整链（fullchain.pem），而不是单独的叶证书。
fix-tls-incomplete_chain-ingress-nginx =
    TLS Secret 的 tls.crt 必须包含叶证书和中间证书：
    ```
    kubectl create secret tls NAME --cert=fullchain.pem --key=privkey.pem
    ```
fix-tls-incomplete_chain-aws-alb =
    将证书连同证书链重新导入 ACM：
    ```
    aws acm import-certificate --certificate fileb://cert.pem --certificate-chain fileb://chain.pem --private-key fileb://privkey.pem
    ```

## 应用引用的路径比发送的路径短（path_at_app）的 404：前面的代理去掉了前缀。
fix-http-not_found-prefix_stripped =
    前面的代理去掉了路径前缀：应用收到的是 path_at_app 中的路径，而不是 { $path }。让代理传递完整路径，或按应用实际收到的路径注册路由。
fix-http-not_found-nginx-prefix_stripped =
    nginx 去掉了前缀：带 URI 部分时（`proxy_pass http://app:8080/;`）它会用该 URI 替换匹配的 location，因此应用收到的是 path_at_app 中的路径。去掉 URI 部分即可原样传递路径：
    ```
    location /prefix/ {"{"} proxy_pass http://127.0.0.1:8080; {"}"}
    ```
    或按应用实际收到的路径注册路由。
fix-http-not_found-ingress-nginx-prefix_stripped =
    注解 `nginx.ingress.kubernetes.io/rewrite-target` 改写了路径：应用收到的是 path_at_app 中的路径。删除该注解，或按应用实际收到的路径注册路由。
fix-http-not_found-caddy-prefix_stripped =
    `handle_path` 在代理前去掉匹配的前缀，因此应用收到的是 path_at_app 中的路径。改用 `handle` 保留前缀：
    ```
    handle /prefix/* {"{"}
        reverse_proxy 127.0.0.1:8080
    {"}"}
    ```
fix-http-not_found-traefik-prefix_stripped =
    路由上的 `StripPrefix` 中间件去掉了前缀：应用收到的是 path_at_app 中的路径。将其从路由的中间件中移除，或按应用实际收到的路径注册路由。
fix-http-not_found-apache-prefix_stripped =
    `ProxyPass` 映射掉了前缀，因此应用收到的是 path_at_app 中的路径。两侧保留相同的前缀：
    ```
    ProxyPass "/prefix/" "http://127.0.0.1:8080/prefix/"
    ```
