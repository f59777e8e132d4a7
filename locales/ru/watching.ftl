# Наблюдение: эндпоинты с платформой и секретами, первый отчёт нового наблюдения, снова рабочий токен,
# и что именно показывает график истории.
watching-url-unknown = URL вебхука
watching-alert-started = 👁 { $watch }: наблюдение началось. Текущее состояние:
watching-started-telegram-ok = Запись Telegram: недавних ошибок доставки нет.
watching-started-telegram-failing = Запись Telegram: сейчас сбой: { $title } ({ $code })
watching-started-endpoint-ok = Эндпоинт: отвечает так, как ждёт его платформа.
watching-started-endpoint-failing = Эндпоинт: сейчас сбой: { $title } ({ $code })
watching-started-other-ok = { $kind }: проблем не видно.
watching-started-other-failing = { $kind }: сейчас сбой: { $title } ({ $code })
watching-started-message = Последняя ошибка от Telegram: { $message }
watching-alert-token_restored =
    🟢 { $watch }: Telegram снова принимает токен бота; запись вебхука снова под наблюдением.
history-kind-token_restored = токен бота снова работает
history-kind-watch_started = наблюдение началось
watching-chart-latency-axis = Время HTTP-ответа (ответ эндпоинта на запрос платформы)
watching-token-replaced = 🔑 Новый токен сохранён для <b>{ $name }</b>: наблюдение продолжается с прежней историей и подписчиками.
watching-ask-platform = Какая платформа шлёт на этот эндпоинт? Каждый интервал наблюдение отправляет только то, что эта платформа отправила бы в одной доставке (WhatsApp: проверочное рукопожатие и одно подписанное уведомление); полный набор проб выполняет /check.
watching-ask-secret-token = Если эндпоинт проверяет секретный токен Telegram (<code>X-Telegram-Bot-Api-Secret-Token</code>, <code>secretToken</code> в grammY и Telegraf), пришлите его: без него эндпоинт отвечает 401 на каждую проверку. Он хранится зашифрованным, сообщение удаляется. Или пропустите.
watching-no-webhook = Telegram сообщает, что у этого бота нет вебхука: проверять нечего.
watching-telegram-unavailable = Не удалось связаться с Telegram, чтобы узнать URL вебхука бота; попробуйте через минуту.
watching-token-revoked = Telegram больше не принимает токен этого наблюдения, поэтому URL вебхука не узнать. Отправьте /watch с новым токеном.
watching-target-sealed = Сохранённые секреты этого наблюдения не открываются (ключ шифрования сервера изменился). Удалите наблюдение и добавьте заново.
watching-rerun-url-secret = В URL этого отчёта есть секрет, поэтому повторить проверку может только тот, кто её запускал.
monitor-error-secret_token_invalid = Секретный токен Telegram — от 1 до 256 символов: только буквы, цифры, _ и -.
watching-card-check = Проверка: { $platform }
watching-card-check-sealed = Проверка: { $platform }, с секретами эндпоинта (хранятся зашифрованными)
watching-platform-telegram = вебхук Telegram
watching-platform-whatsapp = вебхук WhatsApp Cloud API
watching-platform-generic = подписанный вебхук
