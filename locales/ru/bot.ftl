bot-help =
    <b>Webhook Doctor</b> диагностирует сломанные вебхуки: DNS, TCP, TLS, ответ HTTP, запись на стороне самого Telegram — и подсказывает, что исправить.
    • <code>/check</code> проводит проверку шаг за шагом (бот Telegram, WhatsApp Cloud API или подписанный вебхук); <code>/check https://bot.example.com/webhook</code> начинает сразу с URL, а просто присланный URL сразу запускает быструю проверку.
    • <code>/explain Wrong response from the webhook: 502 Bad Gateway</code> — разбор ошибки (или просто вставьте её текст).
    • <code>/verify</code> выясняет, почему не сходится подпись вебхука.
    • <code>/report abc23def</code> снова показывает сохранённый отчёт; <code>/language</code>, <code>/privacy</code>, <code>/forget</code>, <code>/cancel</code>.
    • В любом чате: <code>@{ $bot } https://bot.example.com/webhook</code> — поделиться быстрой проверкой.
bot-privacy =
    <b>Что хранит Webhook Doctor</b>
    • Выбранный вами язык и отчёты о ваших проверках в течение 30 дней (URL, результаты; никогда — токены или секреты).
    • Секреты, переданные при проверке (токен бота, секрет подписи, verify token), — только в зашифрованном виде (AES-256-GCM), рядом с их отчётом, чтобы кнопки отчёта могли повторить проверку; сообщение с секретом удаляется сразу после прочтения.
    • Незавершённый диалог, в зашифрованном виде, не дольше суток.
    • Начатое вами исправление вебхука вместе с переданным для него секретным токеном (в зашифрованном виде), рядом с его отчётом; и на 10 минут — отметку, что URL проходил нагрузочный тест (хеш URL, без имени).
    <code>/forget</code> удаляет всё это разом.
bot-check-usage = Пришлите URL для проверки, например: <code>/check https://bot.example.com/webhook</code>
bot-explain-usage = Вставьте текст ошибки, например: <code>/explain SSL error {"{"}error:0A000086:SSL routines::certificate verify failed{"}"}</code>
bot-too-long = Сообщение слишком длинное для URL или строки ошибки. Пришлите только URL или только текст ошибки.
bot-rate-limited = Слишком много проверок за последнюю минуту (не больше 10). Попробуйте через минуту.
bot-busy = Сейчас выполняется много проверок. Попробуйте через несколько секунд.
bot-unknown-command = Неизвестная команда. /help покажет, что я умею.
bot-send-text = Я понимаю только текст: пришлите URL, сообщение об ошибке или команду (/help).
bot-check-running = Проверяю…
bot-check-started = Проверка запущена
bot-report-not-found = Отчёта с таким id нет. Id выглядит так: <code>/report abc23def</code>; отчёты хранятся 30 дней.
bot-report-not-found-short = Этот отчёт больше не хранится.
bot-nothing-to-explain = Объяснять нечего: все проверки пройдены.
bot-command-check = Пошаговая диагностика вебхука
bot-command-explain = Разбор сообщения об ошибке вебхука
bot-command-verify = Почему не сходится подпись
bot-command-report = Снова показать сохранённый отчёт
bot-command-language = Выбрать язык
bot-command-privacy = Что хранится и как это удалить
bot-command-cancel = Выйти из текущего диалога
bot-command-help = Что умеет этот бот
bot-language-usage = Выберите язык: /language en, /language ru или /language zh (доступны: { $languages }).
bot-language-set = Готово: теперь я буду отвечать по-русски.
bot-forgotten = Всё, что хранилось об этом аккаунте, удалено.
dialog-in-progress = Идёт диалог: ответьте на вопрос выше или выйдите из него командой /cancel.
dialog-use-buttons = Пожалуйста, выберите одну из кнопок выше.
dialog-send-text = Пожалуйста, ответьте текстовым сообщением.
dialog-skipped = Пропущено.
dialog-secret-deleted = 🔒 Сообщение с секретом удалено из этого чата.
dialog-secret-not-deleted = ⚠️ Не удалось удалить сообщение с секретом: удалите его сами.
dialog-cancelled = Отменено. Ничего не проверялось.
dialog-nothing-to-cancel = Отменять нечего.
dialog-url-not-https = Это не https-URL: Telegram и WhatsApp доставляют вебхуки только на https://. Пришлите URL ещё раз, начиная с https://
dialog-url-port = Порт { $port } не допускается: Telegram доставляет вебхуки только на порты 443, 80, 88 и 8443. Пришлите исправленный URL.
dialog-url-hidden = В URL есть невидимые или похожие на буквы символы (часто попадают при копировании из чата или документа). После очистки он выглядит так: <code>{ $cleaned }</code> — пришлите его ещё раз.
dialog-url-invalid = Это не похоже на URL. Пришлите что-то вроде <code>https://bot.example.com/webhook</code>
dialog-bad-bot-token = Это не похоже на токен бота (цифры, двоеточие, затем 30 или больше букв, цифр, _ или -, как его выдаёт @BotFather). Пришлите его ещё раз или пропустите.
dialog-bad-secret-token = Секретный токен Telegram — от 1 до 256 символов, только A-Z, a-z, 0-9, _ и -. Пришлите его ещё раз или пропустите.
dialog-bad-secret = Такой секрет не подойдёт: нужна одна строка длиной не более 512 символов. Пришлите его ещё раз.
dialog-bad-signature = Это не похоже на значение заголовка подписи. Пришлите значение точно в том виде, в каком его получил приёмник.
dialog-bad-timestamp = Метка времени — это Unix-время в секундах, например <code>1700000000</code>.
dialog-bad-id = Пришлите id сообщения точно в том виде, в каком он пришёл (без пробелов).
check-ask-platform = Кто принимает эти вебхуки?
check-platform-telegram = Бот Telegram
check-platform-whatsapp = WhatsApp Cloud API
check-platform-generic = Другой подписанный вебхук
check-ask-url = Пришлите URL вебхука, например <code>https://bot.example.com/webhook</code>
check-ask-bot-token = Пришлите токен бота, чтобы добавить данные самого Telegram (getWebhookInfo: последняя ошибка, очередь, IP). Сообщение удаляется сразу после прочтения, а токен никогда не показывается в отчёте. Или пропустите.
check-ask-secret-token = Ожидает ли вебхук секретный токен (<code>X-Telegram-Bot-Api-Secret-Token</code>)? Пришлите его или пропустите.
check-ask-verify-token = Пришлите verify token, заданный в панели приложения Meta (он нужен для проверочного рукопожатия). Сообщение удаляется сразу после прочтения.
check-ask-app-secret = Пришлите секрет приложения (app secret), чтобы проверить подписанные уведомления (<code>X-Hub-Signature-256</code>), или пропустите.
check-ask-scheme = Как отправитель аутентифицирует свои запросы?
check-ask-bearer = Пришлите bearer-токен, который ожидает приёмник. Сообщение удаляется сразу после прочтения.
check-ask-signing-secret = Пришлите секрет подписи. Сообщение удаляется сразу после прочтения.
scheme-github = GitHub
scheme-stripe = Stripe
scheme-standard-webhooks = Standard Webhooks
scheme-slack = Slack
scheme-meta = Meta
scheme-bearer = Bearer-токен
scheme-none = Без аутентификации
verify-ask-scheme = Какая схема подписи?
verify-ask-secret = Пришлите секрет подписи, который хранится у приёмника. Сообщение удаляется сразу после прочтения.
verify-ask-expected-token = Пришлите токен, который ожидает приёмник. Сообщение удаляется сразу после прочтения.
verify-ask-payload = Пришлите необработанное тело запроса: вставьте его текстом, а лучше отправьте файлом, чтобы по пути не изменился ни один байт (не больше 1 МБ).
verify-ask-signature = Пришлите значение заголовка подписи точно в том виде, в каком его получил приёмник (например, <code>sha256=…</code>, <code>t=…,v1=…</code>).
verify-ask-authorization = Пришлите значение заголовка <code>Authorization</code> точно в том виде, в каком его получил приёмник.
verify-ask-timestamp = Пришлите значение заголовка с меткой времени (Unix-время в секундах).
verify-ask-id = Пришлите значение заголовка <code>webhook-id</code>.
verify-file-too-large = Файл больше 1 МБ: для больших тел запроса используйте консольную утилиту (<code>webhook-doctor verify-signature</code>).
verify-file-unreadable = Не удалось прочитать файл. Пришлите его ещё раз или вставьте тело запроса текстом.
button-rerun = 🔁 Запустить снова
button-deep = 🔬 Глубокая проверка
button-explain = 📖 Подробное объяснение
button-watch = 👁 Следить
button-skip = Пропустить
inline-type-url = Введите полный https:// URL вебхука для проверки
inline-busy = Занято: попробуйте через несколько секунд
inline-rate-limited = Слишком много проверок за эту минуту
inline-no-findings = Ошибок не найдено
