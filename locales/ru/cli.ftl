cli-usage =
    Использование:
      webhook-doctor check <url> [--platform telegram|whatsapp|generic] [--token <токен бота>] [--secret-token <s>]
          [--api-root <url>] [--resolve <хост>:<порт>:<адрес>]... [--allow-private] [--deep]
          [--timeout <секунды>] [--health-path <путь>] [--json] [--lang en|ru|zh]
          WhatsApp: --verify-token <t> [--app-secret <s>]
          Подписанные вебхуки: --auth hmac --scheme github|stripe|standard-webhooks|slack|meta|custom --secret <s>
                               [--header <имя> --algorithm sha1|sha256|sha512 --encoding hex|base64 --prefix <p>]
                               --auth bearer --bearer-token <t>
      webhook-doctor explain "<last_error_message, строка статуса HTTP или код проверки OpenSSL>" [--json] [--lang <код>]
      webhook-doctor verify-signature --scheme <схема> --secret <s> --payload-file <файл> --signature <значение> [--timestamp <t>] [--id <id>] [--json]
    Секреты можно передать через переменные окружения вместо флагов: WEBHOOK_DOCTOR_BOT_TOKEN, WEBHOOK_DOCTOR_SECRET_TOKEN,
    WEBHOOK_DOCTOR_VERIFY_TOKEN, WEBHOOK_DOCTOR_APP_SECRET, WEBHOOK_DOCTOR_SECRET, WEBHOOK_DOCTOR_BEARER_TOKEN.
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
cli-sig-needs-secret = укажите секрет, который хранит получатель (--secret или WEBHOOK_DOCTOR_SECRET)
cli-sig-bad-signature = --signature не похож ни на один известный формат подписи (hex, base64, sha256=…, v1,…, t=…,v1=…, Bearer …)
cli-sig-needs-payload = укажите полученное тело через --payload-file <файл>
cli-sig-payload-too-large = файл с телом больше 10 МБ; тела вебхуков гораздо меньше
cli-sig-payload-unreadable = не удаётся прочитать файл с телом «{ $file }»
cli-sig-bad-timestamp = --timestamp должен быть в секундах unix
cli-sig-needs-timestamp = эта схема подписывает метку времени: укажите её через --timestamp
cli-sig-needs-id = Standard Webhooks подписывает id сообщения: укажите его через --id (заголовок webhook-id)
