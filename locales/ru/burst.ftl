## Нагрузочный тест с параллелизмом отправителя и подтверждение доставки (issue 12).
## В находках только переменные host, port, path, url.

burst-errors_under_load =
    .title = Ошибки появляются, когда много доставок приходит одновременно
    .why = По одному запросу эндпоинт отвечает, но при стольких параллельных соединениях, сколько открывает Telegram (max_connections, по умолчанию 40), часть запросов получает 5xx, сброс соединения или не получает ответа. Telegram открывает столько соединений после затишья или при разборе очереди, поэтому сбои видны именно во время всплесков трафика.
    .fix = Эндпоинт должен выдерживать параллелизм отправителя: больше воркеров приложения или больший пул соединений, постоянные (keep-alive) соединения между прокси и приложением, обработчик, который сразу отвечает 200, а работу делает потом. До этого уменьшите max_connections через setWebhook до уровня, который эндпоинт выдержал (см. evidence).
burst-latency_degrades =
    .title = Под параллельными доставками ответы резко замедляются
    .why = При многих одновременных соединениях самые медленные ответы занимают большую часть дедлайна отправителя (Telegram ждёт 60 с). Более длинный всплеск или разбор очереди выталкивает их за предел: Telegram пишет "Read timeout expired" и повторяет доставку, добавляя нагрузку.
    .fix = Сначала отвечайте на апдейт, а обрабатывайте его в фоне (очередь задач), дайте приложению достаточно воркеров для параллелизма отправителя или уменьшите max_connections через setWebhook, чтобы в очереди одновременно стояло меньше запросов.

check-burst = Нагрузка

burst-refused-no_token = для нагрузочного теста нужен токен бота (--token или WEBHOOK_DOCTOR_BOT_TOKEN): нагружать эндпоинт может только владелец бота
burst-refused-token_invalid = Telegram не принимает этот токен бота (отозван или введён с ошибкой), поэтому владение URL не доказано; нагрузка не отправлялась
burst-refused-api_unreachable = Bot API Telegram недоступен, владение URL не проверить; нагрузка не отправлялась
burst-refused-webhook_not_set = у этого бота не установлен вебхук, значит URL ему не принадлежит; нагрузка не отправлялась
burst-refused-url_mismatch = вебхук этого бота (getWebhookInfo.url) — не указанный URL; нагрузка отправляется только на собственный URL вебхука бота
burst-refused-no_secret = для нагрузочного теста подписанного вебхука нужен его секрет (WhatsApp: --app-secret; остальные: --auth с --secret или --bearer-token): нагружать получателя может только его владелец
burst-refused-signature_not_accepted = эндпоинт не принял правильно подписанный запрос, значит владение секретом не доказано; нагрузка не отправлялась
burst-refused-rate_limited = этот URL проходил нагрузочный тест меньше 10 минут назад; следующий возможен примерно через { $minutes } мин
burst-refused-in_progress = нагрузочный тест этого URL идёт прямо сейчас; дождитесь его окончания

burst-heading = Нагрузочный тест
burst-progress-bar = нагрузка [{ $bar }] { $connections }/{ $concurrency } соединений · { $done }/{ $total } ответов
burst-line-load = { $concurrency } параллельных соединений, { $requests } запросов (одновременно не больше { $peak })
burst-line-status = ответы: { $counts }
burst-line-latency = задержка: базовая p50 { $baseline } мс, под нагрузкой p50 { $p50 } мс, p99 { $p99 } мс
burst-line-began = ошибки начались при { $began } одновременных запросах; { $held } одновременно обработаны без ошибок
burst-line-held = ошибок нет при числе одновременных запросов до { $peak }
burst-table-connections = соединения
burst-table-requests = запросы
burst-table-baseline = базовая p50
burst-table-began = ошибки с
burst-table-held = выдержано

burst-fix-gateway =
    Прокси отвечал 502/504, как только одновременно шло больше { $held } запросов: у приложения за ним не было свободного воркера или соединения. Варианты:
    - увеличьте число воркеров или пул приложения (gunicorn/uvicorn --workers, Node cluster, PHP-FPM pm.max_children, пул БД) выше { $concurrency };
    - держите постоянные соединения между прокси и приложением (nginx: `keepalive 64;` в блоке upstream, `proxy_http_version 1.1;` и пустой заголовок Connection; ingress-nginx: `upstream-keepalive-connections`);
    - или пока уменьшите max_connections до { $held } через setWebhook (это делает кнопка исправления в боте).
burst-fix-unavailable =
    503 появился, как только одновременно шло больше { $held } запросов: остальные отверг лимит параллелизма (nginx limit_conn, лимит параллелизма пода или функции, rate limiter). Поднимите этот лимит выше { $concurrency } для пути вебхука или уменьшите max_connections до { $held } через setWebhook.
burst-fix-reset =
    Соединения сбрасывались, как только одновременно шло больше { $held } запросов: сервер отвергает соединения сверх лимита (ограничение соединений, маленький backlog, падающий воркер). Поднимите лимит соединений и backlog, держите постоянные соединения с upstream или уменьшите max_connections до { $held } через setWebhook.
burst-fix-timeout =
    Запросы оставались без ответа, как только одновременно шло больше { $held }: обработчик делает работу до ответа, и запросы ждут в очереди. Отвечайте 200 сразу и обрабатывайте апдейт из очереди; до этого уменьшите max_connections до { $held } через setWebhook.
burst-fix-server_error =
    Само приложение падало (500), как только одновременно шло больше { $held } запросов: под параллельной нагрузкой кончается пул (БД, HTTP-клиент) или блокировка. Рассчитайте пулы на { $concurrency } параллельных запросов или отвечайте сразу и работайте из очереди; до этого уменьшите max_connections до { $held } через setWebhook.
burst-fix-slow =
    Сбоев нет, но самые медленные ответы при { $concurrency } параллельных соединениях занимают большую часть 60-секундного дедлайна Telegram. Отвечайте 200 сразу и обрабатывайте в фоне или добавьте воркеров.

confirm-needs-token = для confirm нужен токен бота (--token или WEBHOOK_DOCTOR_BOT_TOKEN)
confirm-bad-wait = "{ $value }" должно быть числом секунд (wait: до 600, interval: до 60)
confirm-refused-token_invalid = Telegram не принимает этот токен бота (отозван или введён с ошибкой)
confirm-refused-api_unreachable = Bot API Telegram недоступен
confirm-watching = Слежу за записью вебхука в Telegram до { $seconds } с…
confirm-point = +{ $t } с  в очереди { $pending }  { $event }  (последняя ошибка: { $error })
confirm-event-start = первое чтение
confirm-event-pending_down = уменьшается
confirm-event-pending_up = растёт
confirm-event-new_error = новая ошибка доставки
confirm-event-unchanged = без изменений
confirm-event-webhook_removed = вебхук не установлен
confirm-verdict-delivered = Telegram доставил { $n } апдейтов из очереди; новых ошибок нет (в очереди осталось { $pending }).
confirm-verdict-nothing_pending = Очередь была пуста, доставку пока нечем подтвердить: напишите боту сообщение и проверьте снова.
confirm-verdict-failing-error = Telegram всё ещё не может доставить: { $cause } [{ $code }] "{ $message }"
confirm-verdict-failing-missing = Telegram всё ещё не может доставить: вебхук не установлен, { $pending } апдейтов из очереди некуда отправить.
confirm-verdict-failing-stuck = Telegram всё ещё не может доставить: { $pending } апдейтов оставались в очереди, пока мы следили, и ни один не доставлен.

burst-button = ⚡ Нагрузочный тест
burst-starting = Запускаю нагрузочный тест…
burst-progress = нагрузка { $connections }/{ $concurrency } соединений… { $done }/{ $total } ответов
burst-not-run = Нагрузочный тест не удалось провести: { $reason }
burst-held-all = Ошибок нет при { $concurrency } параллельных соединениях.
