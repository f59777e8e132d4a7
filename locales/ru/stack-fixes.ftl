## Исправления под стек, который ответил. Id: fix-<id находки>-<ключ стека> (src/diagnosis/stack.ts); вариант по
## полю `upstream` в данных идёт первым (fix-http-bad_gateway-apache-slow). Без текста для найденного стека
## показывается общий .fix находки. Новый стек — это одно сообщение здесь (и в en, zh).

## Гонка keep-alive: передний сервер должен держать простаивающие соединения дольше, чем их переиспользует отправитель или прокси.
fix-keepalive-idle_race-nginx =
    nginx закрывает простаивающие клиентские соединения через `keepalive_timeout` (по умолчанию 75 с). Держите его выше 60 с в блоке server:
    ```
    keepalive_timeout 75s;
    ```
fix-keepalive-idle_race-ingress-nginx =
    Задайте в ConfigMap контроллера, чтобы простаивающие клиентские соединения жили дольше, чем их переиспользуют отправители:
    ```
    keep-alive: "75"
    ```
fix-keepalive-idle_race-caddy =
    Увеличьте таймаут простоя Caddy в блоке глобальных опций:
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
    Держите простаивающие клиентские соединения дольше, чем их переиспользуют отправители, в `defaults` или во frontend:
    ```
    timeout http-keep-alive 75s
    timeout client 75s
    ```
fix-keepalive-idle_race-apache =
    Apache закрывает простаивающие соединения через `KeepAliveTimeout` (по умолчанию 5 с). Увеличьте его:
    ```
    KeepAlive On
    KeepAliveTimeout 75
    ```
fix-keepalive-idle_race-traefik =
    Верните таймаут простоя точки входа (по умолчанию 180 с), если его уменьшали:
    ```
    --entryPoints.websecure.transport.respondingTimeouts.idleTimeout=180s
    ```
fix-keepalive-idle_race-aws-alb =
    Приложение за ALB должно держать простаивающие соединения дольше, чем idle timeout балансировщика (по умолчанию 60 с), иначе ALB переиспользует закрываемое соединение и отвечает 502. Для Node:
    ```
    server.keepAliveTimeout = 65000; server.headersTimeout = 66000;
    ```
fix-keepalive-idle_race-gcp-lb =
    Балансировщики Google держат соединения с бэкендом 600 с: keep-alive приложения должен быть дольше. Для Node:
    ```
    server.keepAliveTimeout = 620000; server.headersTimeout = 621000;
    ```
fix-keepalive-idle_race-express =
    Node по умолчанию закрывает простаивающие соединения через 5 с. На сервере, который возвращает `app.listen()`:
    ```
    const server = app.listen(port);
    server.keepAliveTimeout = 75000;
    server.headersTimeout = 76000;
    ```
fix-keepalive-idle_race-fastify =
    Увеличьте keep-alive таймаут Fastify (опция сервера, в миллисекундах):
    ```
    const app = Fastify({"{"} keepAliveTimeout: 75000 {"}"});
    ```
fix-keepalive-idle_race-uvicorn =
    uvicorn закрывает простаивающие соединения через 5 с. Запускайте так:
    ```
    uvicorn app:app --timeout-keep-alive 75
    ```
fix-keepalive-idle_race-gunicorn =
    keep-alive у gunicorn — 2 с (а sync-воркеры закрывают соединение после каждого запроса). Возьмите потоковый или асинхронный воркер и увеличьте таймаут:
    ```
    gunicorn --worker-class gthread --keep-alive 75 app:app
    ```

## Лимит тела: обновление в 1 МиБ (или уведомление WhatsApp ~3 МБ) должно приниматься.
fix-http-payload_too_large-nginx =
    nginx отклоняет тела больше `client_max_body_size` (по умолчанию 1m). Увеличьте его в блоке server или location:
    ```
    client_max_body_size 10m;
    ```
fix-http-payload_too_large-ingress-nginx =
    Увеличьте лимит тела аннотацией на Ingress (по умолчанию 1m):
    ```
    nginx.ingress.kubernetes.io/proxy-body-size: "10m"
    ```
fix-http-payload_too_large-caddy =
    Тело отклоняет лимит `request_body` в блоке сайта (Caddy 2.6 отвечает на такое тело 502, а не 413). Увеличьте или уберите его:
    ```
    request_body {"{"}
        max_size 10MB
    {"}"}
    ```
fix-http-payload_too_large-haproxy =
    По умолчанию HAProxy тело не ограничивает: ищите правило `http-request deny` по `req.body_size` и увеличьте порог, либо лимит в приложении за HAProxy.
fix-http-payload_too_large-apache =
    Apache отклоняет тела больше `LimitRequestBody` (в байтах; 0 — без лимита). Увеличьте его для location вебхука:
    ```
    LimitRequestBody 10485760
    ```
fix-http-payload_too_large-traefik =
    Тело отклоняет `maxRequestBodyBytes` middleware buffering. Увеличьте его:
    ```
    traefik.http.middlewares.limit.buffering.maxRequestBodyBytes=10485760
    ```
fix-http-payload_too_large-express =
    `express.json()` и `express.text()` по умолчанию отклоняют тела больше 100 кБ (PayloadTooLargeError). Передайте лимит:
    ```
    app.use(express.json({"{"} limit: "10mb" {"}"}));
    ```
fix-http-payload_too_large-fastify =
    Fastify отклоняет тела больше `bodyLimit` (по умолчанию 1 МиБ) с FST_ERR_CTP_BODY_TOO_LARGE. Увеличьте его для сервера или маршрута:
    ```
    const app = Fastify({"{"} bodyLimit: 10 * 1024 * 1024 {"}"});
    ```
fix-http-payload_too_large-php =
    PHP отбрасывает тела больше `post_max_size`. В php.ini (и собственный лимит веб-сервера перед ним):
    ```
    post_max_size = 10M
    ```
fix-http-payload_too_large-php-fpm = { fix-http-payload_too_large-php }
fix-http-payload_too_large-laravel = { fix-http-payload_too_large-php }
fix-http-payload_too_large-django =
    Django отклоняет тела больше `DATA_UPLOAD_MAX_MEMORY_SIZE` (по умолчанию 2,5 МБ). В settings.py:
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

## 504: таймаут чтения прокси сработал раньше, чем ответило приложение.
fix-http-gateway_timeout-nginx =
    nginx ждал приложение `proxy_read_timeout` (по умолчанию 60 с). Отвечайте 200 до долгой работы; как временная мера:
    ```
    proxy_read_timeout 75s;
    ```
fix-http-gateway_timeout-ingress-nginx =
    Контроллер ждал `proxy-read-timeout` (по умолчанию 60 с). Отвечайте 200 до долгой работы; как временная мера — аннотация на Ingress:
    ```
    nginx.ingress.kubernetes.io/proxy-read-timeout: "75"
    ```
fix-http-gateway_timeout-caddy =
    `response_header_timeout` Caddy сработал раньше ответа приложения. Отвечайте 200 до долгой работы или увеличьте его:
    ```
    reverse_proxy 127.0.0.1:8080 {"{"}
        transport http {"{"}
            response_header_timeout 75s
        {"}"}
    {"}"}
    ```
fix-http-gateway_timeout-haproxy =
    HAProxy ждал приложение `timeout server` ("The server didn't respond in time"). Отвечайте 200 до долгой работы; как временная мера:
    ```
    timeout server 75s
    ```
fix-http-gateway_timeout-apache =
    Apache ждал приложение `ProxyTimeout`. Отвечайте 200 до долгой работы; как временная мера:
    ```
    ProxyTimeout 75
    ```
fix-http-gateway_timeout-traefik =
    Сработал `responseHeaderTimeout` Traefik (serversTransport forwardingTimeouts). Отвечайте 200 до долгой работы или увеличьте его.
fix-http-gateway_timeout-envoy =
    Сработал таймаут маршрута Envoy (по умолчанию 15 с, "upstream request timeout"). Отвечайте 200 до долгой работы или увеличьте `timeout` маршрута (в Istio — `timeout` у VirtualService).
fix-http-gateway_timeout-aws-alb =
    ALB ждал цель свой idle timeout (по умолчанию 60 с). Отвечайте 200 до долгой работы; как временная мера увеличьте атрибут балансировщика `idle_timeout.timeout_seconds`.
fix-http-gateway_timeout-gcp-lb =
    Сработал таймаут backend service (по умолчанию 30 с). Отвечайте 200 до долгой работы; как временная мера:
    ```
    gcloud compute backend-services update BACKEND --global --timeout=75s
    ```

## Собственный срок отправителя (Telegram: 60 с): приложение сначала подтверждает, потом работает.
fix-http-timeout-express =
    Сначала отправьте 200, потом обрабатывайте обновление:
    ```
    app.post("{ $path }", (req, res) => {"{"} res.sendStatus(200); queue.add(req.body); {"}"});
    ```
fix-http-timeout-fastify =
    Сначала ответ, потом обработка (очередь или работа после ответа):
    ```
    app.post("{ $path }", async (req, reply) => {"{"} queue.add(req.body); return {"{"} ok: true {"}"}; {"}"});
    ```
fix-http-timeout-uvicorn =
    Возвращайте ответ сразу, а работу отдавайте фоновой задаче (`BackgroundTasks` в FastAPI) или очереди; не ждите медленных вызовов до ответа.
fix-http-timeout-laravel =
    Поставьте задачу в очередь и сразу верните 200 (`ProcessUpdate::dispatch($request->all())`), с запущенным воркером очереди.
fix-http-timeout-django =
    Сразу возвращайте `HttpResponse(status=200)`, а обновление отдавайте очереди задач (Celery, RQ); не вызывайте медленные API во view.
fix-http-slow-express = { fix-http-timeout-express }
fix-http-slow-fastify = { fix-http-timeout-fastify }
fix-http-slow-uvicorn = { fix-http-timeout-uvicorn }
fix-http-slow-laravel = { fix-http-timeout-laravel }
fix-http-slow-django = { fix-http-timeout-django }

## 502: прокси не достучался до приложения или получил битый ответ.
fix-http-bad_gateway-nginx =
    В error.log nginx: "connect() failed (111: Connection refused)" — приложение не запущено или `proxy_pass` указывает не тот порт; "upstream prematurely closed connection" — приложение закрыло соединение (падение или keep-alive короче upstream `keepalive_timeout` nginx, 60 с). Проверьте с сервера:
    ```
    curl -v http://127.0.0.1:APP_PORT{ $path }
    ```
fix-http-bad_gateway-ingress-nginx =
    Контроллер не достучался до пода: проверьте, что `targetPort` Service — это порт, который слушает контейнер, и что поды Ready (`kubectl get endpoints`), затем ищите в логе контроллера "connect() failed" или "upstream prematurely closed".
fix-http-bad_gateway-caddy =
    Причина в логе Caddy: "dial tcp ...: connect: connection refused" — приложение не запущено или `reverse_proxy` указывает не тот порт. Caddy 2.6 отвечает 502 и при превышении лимита `request_body`.
fix-http-bad_gateway-haproxy =
    HAProxy получил от сервера неверный или неполный ответ: приложение упало посреди ответа или прислало заголовки больше `tune.bufsize`. Флаги завершения в логе (SH, SD) показывают, какая сторона закрыла соединение.
fix-http-bad_gateway-apache =
    Страница "Proxy Error" Apache говорит, что случилось: "Error reading from remote server" после долгого ожидания — приложение слишком медленное (`ProxyTimeout`); ошибка соединения — приложение не запущено или `ProxyPass` указывает не тот порт.
fix-http-bad_gateway-apache-slow =
    Приложение работает, но медленно: Apache ждал `ProxyTimeout` (задержка в данных) и перестал ждать ответ. Отвечайте 200 до долгой работы; как временная мера увеличьте таймаут:
    ```
    ProxyTimeout 75
    ```
fix-http-bad_gateway-traefik =
    Traefik не достучался до сервиса: проверьте URL и порт сервера в load balancer сервиса и что контейнер запущен и здоров.
fix-http-bad_gateway-envoy =
    "upstream connect error or disconnect/reset before headers": флаги ответа в access log говорят, что именно (UF — не удалось соединиться, UC — приложение закрыло соединение, URX — исчерпаны повторы). При UC сделайте keep-alive приложения длиннее idle timeout Envoy.
fix-http-bad_gateway-aws-alb =
    Цель закрыла соединение или недоступна: сделайте keep-alive приложения длиннее idle timeout ALB (по умолчанию 60 с), например Node `server.keepAliveTimeout = 65000`, и проверьте, что порт target group — порт приложения.
fix-http-bad_gateway-gcp-lb =
    Бэкенд закрыл соединение, которое балансировщик переиспользовал: keep-alive приложения должен быть дольше 600 с (Node: `server.keepAliveTimeout = 620000`), и бэкенд должен отвечать на своём порту.

## 503: некуда отправить запрос.
fix-http-service_unavailable-haproxy =
    "No server is available to handle this request": все серверы backend недоступны или не проходят health check. Проверьте адрес и порт в строке `server` и путь проверки `check` (`echo "show servers state" | socat stdio /run/haproxy/admin.sock`).
fix-http-service_unavailable-apache =
    Apache не смог соединиться с приложением и перевёл worker в состояние ошибки (на `retry`, по умолчанию 60 с). Запустите приложение, проверьте адрес и порт в `ProxyPass`; `retry=0` заставляет Apache пробовать сразу:
    ```
    ProxyPass "{ $path }" "http://127.0.0.1:8080{ $path }" retry=0
    ```
fix-http-service_unavailable-ingress-nginx =
    У Service нет готовых endpoints: проверьте `kubectl get endpoints` и readiness probe подов.
fix-http-service_unavailable-envoy =
    "no healthy upstream": все endpoints кластера не проходят health check или их нет. Проверьте поды сервиса и health check.
fix-http-service_unavailable-aws-alb =
    В target group нет здоровых целей: проверьте путь и порт health check и security group целей.

## Перенаправления: зарегистрируйте итоговый URL или исключите путь вебхука из правила.
fix-http-redirect-nginx =
    Под путь вебхука попадает `return 301`/`rewrite` nginx (часто http→https или завершающий слеш). Зарегистрируйте итоговый URL (Location в данных) или задайте точное совпадение пути:
    ```
    location = { $path } {"{"} proxy_pass http://127.0.0.1:8080; {"}"}
    ```
fix-http-redirect-apache =
    Под путь вебхука попадает `Redirect`, `RewriteRule ... [R]` или `DirectorySlash`. Зарегистрируйте итоговый URL (Location в данных) или исключите путь из правила.
fix-http-redirect-caddy =
    Под путь попадает `redir` в Caddyfile (или собственный редирект Caddy с http на https). Зарегистрируйте https-URL из Location в данных.
fix-http-redirect-cloudflare =
    Под путь попадает Redirect Rule, Page Rule или "Always Use HTTPS" Cloudflare. Зарегистрируйте итоговый URL (Location в данных) или исключите путь вебхука из правила.
fix-http-redirect-django =
    `APPEND_SLASH` в Django перенаправляет на путь со слешем в конце. Зарегистрируйте URL со слешем (Location в данных).
fix-http-redirect-laravel =
    public/.htaccess Laravel убирает завершающий слеш редиректом. Зарегистрируйте URL без слеша в конце.

## 404: маршрут или префикс, который прокси срезает или оставляет.
fix-http-not_found-nginx =
    С URI-частью (`proxy_pass http://app:8080/;`) nginx заменяет совпавший префикс location; без неё путь передаётся целиком. Добейтесь, чтобы приложение получало тот путь, который ждёт его маршрут.
fix-http-not_found-ingress-nginx =
    Проверьте `host:` и `path:` Ingress для { $host }{ $path } и класс (`ingressClassName`); "default backend - 404" значит, что ни одно правило не совпало. Аннотация `rewrite-target` меняет путь, который видит приложение.
fix-http-not_found-caddy =
    `handle_path /prefix/*` срезает префикс перед проксированием, `handle /prefix/*` оставляет его. Выберите тот, что даёт приложению ожидаемый маршрутом путь.
fix-http-not_found-traefik =
    "404 page not found" от Traefik значит, что не совпало ни одно правило роутера (проверьте `Host()` и `PathPrefix()`); middleware `StripPrefix` меняет путь, который видит приложение.
fix-http-not_found-apache =
    Обе стороны `ProxyPass` должны нести один и тот же префикс, если приложение не ждёт его срезанным:
    ```
    ProxyPass "{ $path }" "http://127.0.0.1:8080{ $path }"
    ```
fix-http-not_found-express =
    В Express нет маршрута POST для { $path } ("Cannot POST ..."). Зарегистрируйте его; внутри `app.use("/prefix", router)` пути роутера отсчитываются от префикса:
    ```
    app.post("{ $path }", express.json(), handler);
    ```
fix-http-not_found-fastify =
    В Fastify нет маршрута POST для { $path }. Зарегистрируйте его (`prefix` плагина добавляется перед его маршрутами):
    ```
    app.post("{ $path }", handler);
    ```
fix-http-not_found-uvicorn =
    У ASGI-приложения нет маршрута { $path } (`{"{"}"detail":"Not Found"{"}"}`): проверьте декоратор маршрута и, за прокси, срезающим префикс, `root_path`.
fix-http-not_found-go =
    У mux в Go (или у Traefik, который отвечает так же) нет обработчика для { $path }: проверьте шаблон в `http.HandleFunc` и префикс, который срезает прокси.
fix-http-not_found-php-fpm =
    "File not found." пишет PHP-FPM: скрипта по пути, который передаёт nginx, нет. Проверьте `root` и:
    ```
    fastcgi_param SCRIPT_FILENAME $document_root$fastcgi_script_name;
    ```
fix-http-not_found-django =
    Ни один шаблон в urls.py не совпадает с { $path }; пути в Django обычно заканчиваются слешем.

## 403 / 419: кто отказывает и как пропустить отправителя.
fix-http-forbidden-django =
    CSRF-защита Django отклоняет POST без токена. Исключите view вебхука:
    ```
    from django.views.decorators.csrf import csrf_exempt
    ```
    и пометьте view декоратором `@csrf_exempt` (а секрет отправителя проверяйте сами).
fix-http-forbidden-nginx =
    Путь отклоняет правило `deny` nginx, `auth_basic` или права на файлы. Разрешите сети отправителя в location вебхука:
    ```
    allow 149.154.160.0/20; allow 91.108.4.0/22;
    ```
fix-http-forbidden-apache =
    Путь отклоняет правило `Require`. Разрешите отправителя в location вебхука:
    ```
    Require ip 149.154.160.0/20 91.108.4.0/22
    ```
fix-http-csrf_rejected-laravel =
    Исключите маршрут вебхука из проверки CSRF. Laravel 11, в bootstrap/app.php:
    ```
    $middleware->validateCsrfTokens(except: ['{ $path }']);
    ```
    В старых версиях добавьте путь в `$except` в app/Http/Middleware/VerifyCsrfToken.php.
fix-http-waf_blocked-cloudflare =
    Добавьте пользовательское правило WAF (Security → WAF) с действием Skip для пути вебхука, пропуская managed rules и Super Bot Fight Mode:
    ```
    (http.request.uri.path eq "{ $path }" and ip.src in {"{"}149.154.160.0/20 91.108.4.0/22{"}"})
    ```
    Bot Fight Mode на тарифе Free пропустить нельзя: выключите его.
fix-http-waf_blocked-aws-waf =
    В web ACL добавьте IP set с сетями отправителя и правило Allow с более высоким приоритетом (меньшим номером), чем блокирующее, или сузьте managed rule group так, чтобы она не касалась { $path }.
fix-http-waf_blocked-aws-alb = { fix-http-waf_blocked-aws-waf }
fix-http-waf_blocked-cloudfront = { fix-http-waf_blocked-aws-waf }
fix-http-waf_blocked-modsecurity =
    Выключите движок правил только для пути вебхука (а подпись отправителя проверяйте сами):
    ```
    SecRule REQUEST_URI "@beginsWith { $path }" "id:1000001,phase:1,pass,nolog,ctl:ruleEngine=Off"
    ```
fix-http-waf_blocked-haproxy =
    Срабатывает правило `http-request deny` ("Request forbidden by administrative rules"). Пропустите сети отправителя до него:
    ```
    http-request allow if {"{"} src 149.154.160.0/20 91.108.4.0/22 {"}"}
    ```

## Цепочка сертификатов: откуда каждый сервер берёт промежуточный сертификат.
fix-tls-incomplete_chain-apache =
    Укажите в `SSLCertificateFile` полную цепочку (Apache 2.4.8 и новее читает промежуточные сертификаты из неё):
    ```
    SSLCertificateFile /etc/letsencrypt/live/{ $host }/fullchain.pem
    ```
fix-tls-incomplete_chain-haproxy =
    Файл `crt` HAProxy должен содержать сертификат, промежуточные сертификаты и ключ:
    ```
    cat fullchain.pem privkey.pem > /etc/haproxy/certs/{ $host }.pem
    ```
fix-tls-incomplete_chain-caddy =
    С `tls cert.pem key.pem` файл сертификата должен содержать и промежуточные (возьмите fullchain.pem); собственные управляемые сертификаты Caddy отдаёт полными.
fix-tls-incomplete_chain-traefik =
    `certFile` в настройке TLS должен быть полной цепочкой (fullchain.pem), а не одним конечным сертификатом.
fix-tls-incomplete_chain-ingress-nginx =
    tls.crt в TLS Secret должен содержать конечный и промежуточные сертификаты:
    ```
    kubectl create secret tls NAME --cert=fullchain.pem --key=privkey.pem
    ```
fix-tls-incomplete_chain-aws-alb =
    Заново импортируйте сертификат в ACM вместе с цепочкой:
    ```
    aws acm import-certificate --certificate fileb://cert.pem --certificate-chain fileb://chain.pem --private-key fileb://privkey.pem
    ```

## 404, где приложение называет путь короче отправленного (path_at_app): прокси срезал префикс.
fix-http-not_found-prefix_stripped =
    Прокси впереди срезал префикс пути: приложение получило путь из path_at_app, а не { $path }. Настройте прокси передавать путь целиком или зарегистрируйте маршрут по пути, который получает приложение.
fix-http-not_found-nginx-prefix_stripped =
    nginx срезал префикс: с URI-частью (`proxy_pass http://app:8080/;`) он заменяет совпавший location этим URI, поэтому приложение получило путь из path_at_app. Уберите URI-часть, чтобы путь передавался без изменений:
    ```
    location /prefix/ {"{"} proxy_pass http://127.0.0.1:8080; {"}"}
    ```
    или зарегистрируйте маршрут по пути, который получает приложение.
fix-http-not_found-ingress-nginx-prefix_stripped =
    Аннотация `nginx.ingress.kubernetes.io/rewrite-target` переписала путь: приложение получило путь из path_at_app. Уберите аннотацию или зарегистрируйте маршрут по пути, который получает приложение.
fix-http-not_found-caddy-prefix_stripped =
    `handle_path` срезает совпавший префикс перед проксированием, поэтому приложение получило путь из path_at_app. Чтобы сохранить его, используйте `handle`:
    ```
    handle /prefix/* {"{"}
        reverse_proxy 127.0.0.1:8080
    {"}"}
    ```
fix-http-not_found-traefik-prefix_stripped =
    Middleware `StripPrefix` на роутере убрал префикс: приложение получило путь из path_at_app. Уберите его из middlewares роутера или зарегистрируйте маршрут по пути, который получает приложение.
fix-http-not_found-apache-prefix_stripped =
    `ProxyPass` отбрасывает префикс, поэтому приложение получило путь из path_at_app. Сохраните префикс с обеих сторон:
    ```
    ProxyPass "/prefix/" "http://127.0.0.1:8080/prefix/"
    ```
