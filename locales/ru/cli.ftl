cli-usage =
    Использование:
      webhook-doctor check <url> [параметры]
      webhook-doctor explain "<last_error_message, строка статуса HTTP или код проверки OpenSSL>" [--json] [--lang <код>]
      webhook-doctor verify-signature --scheme <схема> --secret <s> --payload-file <файл> --signature <значение> [параметры]
      webhook-doctor confirm --token <токен бота> [--wait <секунды>] [--interval <секунды>] [--json]
      webhook-doctor help | --help | -h

    Параметры check:
      --platform telegram|whatsapp|generic   кто отправляет на URL (по умолчанию telegram)
      --token <токен бота>                   добавить взгляд Telegram: getWebhookInfo, getMe, последняя ошибка доставки
      --secret-token <s>                     secret_token, переданный в setWebhook
      --api-root <url>                       адрес Bot API (по умолчанию https://api.telegram.org)
      --resolve <хост>:<порт>:<адрес>        подключаться к этому адресу, как curl (повторите для IPv4 и IPv6)
      --allow-private                        проверять и частные, и loopback-адреса
      --deep                                 добавить гонку keep-alive, тело 1 МиБ и проверку health-эндпоинта
      --burst                                нагрузочный тест с параллелизмом отправителя, только для владельца (токен или секрет подписанного вебхука); раз в 10 мин на URL
      --timeout <секунды>                    тайм-аут HTTP-проверок
      --health-path <путь>                   health-эндпоинт для --deep
      --json                                 один JSON-объект вместо текста
      --lang en|ru|zh                        язык вывода
      WhatsApp Cloud API:
      --verify-token <t>                     verify token подписки (обязателен)
      --app-secret <s>                       секрет приложения, чтобы подписать пример события
      Подписанные вебхуки (--platform generic):
      --auth hmac --scheme github|stripe|standard-webhooks|slack|meta|custom --secret <s>
      --header <имя> --algorithm sha1|sha256|sha512 --encoding hex|base64 --prefix <p>   вместе с --scheme custom
      --auth bearer --bearer-token <t>

    Параметры confirm (после исправления: доставляет ли Telegram снова?):
      --wait <секунды>                       сколько следить за getWebhookInfo (по умолчанию 120)
      --interval <секунды>                   пауза между чтениями (по умолчанию 5)
      Код выхода confirm: 0 доставлено, 1 всё ещё сбой, 3 нечего доставлять для проверки.

    Параметры verify-signature:
      --scheme github|stripe|standard-webhooks|slack|meta|custom|bearer
      --secret <s>                           секрет, который хранит получатель
      --payload-file <файл>                  тело запроса точно в том виде, в каком оно пришло
      --signature <значение>                 заголовок подписи в том виде, в каком он пришёл
      --timestamp <t>                        для slack и standard-webhooks
      --id <id>                              для standard-webhooks (заголовок webhook-id)
      --header <имя> --algorithm sha1|sha256|sha512 --encoding hex|base64 --prefix <p>   вместе с --scheme custom
      --json --lang en|ru|zh

    Секреты можно передать через переменные окружения вместо флагов: WEBHOOK_DOCTOR_BOT_TOKEN, WEBHOOK_DOCTOR_SECRET_TOKEN,
    WEBHOOK_DOCTOR_VERIFY_TOKEN, WEBHOOK_DOCTOR_APP_SECRET, WEBHOOK_DOCTOR_SECRET, WEBHOOK_DOCTOR_BEARER_TOKEN.
    WEBHOOK_DOCTOR_LANG (или LANG) задаёт язык; TELEGRAM_API_ROOT — адрес Bot API.
    WEBHOOK_DOCTOR_STATE_DIR хранит ограничение частоты нагрузочных тестов (по умолчанию ~/.local/state/webhook-doctor).
    Код выхода: 0 — ошибок нет, 1 — есть хотя бы одна ошибка, 2 — неверный вызов.
cli-error = Ошибка
cli-internal-error = Внутренняя ошибка (пожалуйста, сообщите о ней)
cli-unknown-command = неизвестная команда «{ $command }»
cli-missing-url = укажите ровно один URL для проверки, например: webhook-doctor check https://bot.example.com/webhook
cli-argument-too-long = аргумент длиннее 100 000 символов — это не URL и не секрет
cli-bad-platform = неизвестная платформа «{ $value }»: используйте telegram, whatsapp или generic
cli-bad-resolve = --resolve «{ $value }» не в формате хост:порт:адрес (например, example.com:443:203.0.113.7 или example.com:443:[2001:db8::7])
cli-bad-timeout = --timeout «{ $value }» должен быть числом секунд от 0 до 600
cli-whatsapp-needs-verify-token = для проверки WhatsApp нужен verify token (--verify-token или WEBHOOK_DOCTOR_VERIFY_TOKEN)
cli-hmac-needs-secret = для --auth hmac нужен секрет подписи (--secret или WEBHOOK_DOCTOR_SECRET)
cli-bearer-needs-token = для --auth bearer нужен токен (--bearer-token или WEBHOOK_DOCTOR_BEARER_TOKEN)
cli-scheme-needs-auth = --scheme используется вместе с --auth hmac
cli-bad-auth = неизвестное значение --auth «{ $value }»: используйте hmac или bearer
cli-bad-scheme = неизвестная схема --scheme «{ $value }»: используйте одну из { $schemes }
cli-bad-algorithm = --algorithm должен быть sha1, sha256 или sha512
cli-bad-encoding = --encoding должен быть hex или base64
cli-sw-secret-not-base64 = секрет Standard Webhooks после "whsec_" должен быть в base64 (скопируйте его заново из панели отправителя, без пробелов и лишних символов)
cli-custom-needs-header = для --scheme custom нужен --header (имя заголовка с подписью)
cli-explain-empty = укажите текст для разбора, например: webhook-doctor explain "Wrong response from the webhook: 502 Bad Gateway"
cli-sig-missing = не хватает { $options }: verify-signature нужны схема, секрет, полученное тело и полученная подпись
cli-sig-needs-secret = укажите секрет, который хранит получатель (--secret или WEBHOOK_DOCTOR_SECRET)
cli-sig-bad-signature = --signature не похож ни на один известный формат подписи (hex, base64, sha256=…, v1,…, t=…,v1=…, Bearer …)
cli-sig-needs-payload = укажите полученное тело через --payload-file <файл>
cli-sig-payload-too-large = файл с телом больше 10 МБ; тела вебхуков гораздо меньше
cli-sig-payload-unreadable = не удаётся прочитать файл с телом «{ $file }»
cli-sig-bad-timestamp = --timestamp должен быть в секундах unix
cli-sig-needs-timestamp = эта схема подписывает метку времени: укажите её через --timestamp
cli-sig-needs-id = Standard Webhooks подписывает id сообщения: укажите его через --id (заголовок webhook-id)
