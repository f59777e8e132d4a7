bot-help =
    <b>Webhook Doctor</b> диагностирует сломанные вебхуки: DNS, TCP, TLS, ответ HTTP и что исправить.
    • <code>/check https://bot.example.com/webhook</code> — проверка по списку (или просто пришлите URL).
    • <code>/explain Wrong response from the webhook: 502 Bad Gateway</code> — разбор ошибки (или просто вставьте её).
bot-check-usage = Пришлите URL для проверки, например: <code>/check https://bot.example.com/webhook</code>
bot-explain-usage = Вставьте текст ошибки, например: <code>/explain SSL error {"{"}error:0A000086:SSL routines::certificate verify failed{"}"}</code>
bot-too-long = Сообщение слишком длинное для URL или строки ошибки. Пришлите только URL или только текст ошибки.
bot-rate-limited = Слишком много проверок за последнюю минуту (не больше 10). Попробуйте через минуту.
bot-busy = Сейчас выполняется много проверок. Попробуйте через несколько секунд.
bot-unknown-command = Неизвестная команда. /help покажет, что я умею.
bot-check-running = Проверка…
bot-command-check = Диагностика URL вебхука
bot-command-explain = Разбор сообщения об ошибке вебхука
bot-command-help = Что умеет этот бот
bot-language-usage = Выберите язык: /language en, /language ru или /language zh (доступны: { $languages }).
bot-language-set = Готово: буду отвечать по-русски.
bot-forgotten = Всё, что хранилось об этом аккаунте, удалено.
