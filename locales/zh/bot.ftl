bot-help =
    <b>Webhook Doctor</b> 诊断出故障的 Webhook：DNS、TCP、TLS、HTTP 响应，以及如何修复。
    • <code>/check https://bot.example.com/webhook</code> 运行检查清单（或直接发送 URL）。
    • <code>/explain Wrong response from the webhook: 502 Bad Gateway</code> 解释错误（或直接粘贴错误）。
bot-check-usage = 请发送要检查的 URL，例如：<code>/check https://bot.example.com/webhook</code>
bot-explain-usage = 请粘贴要解释的错误，例如：<code>/explain SSL error {"{"}error:0A000086:SSL routines::certificate verify failed{"}"}</code>
bot-too-long = 消息太长，不像是 URL 或错误信息。请只发送 URL 或只发送错误文本。
bot-rate-limited = 最近一分钟内检查次数过多（最多 10 次），请一分钟后再试。
bot-busy = 当前正在进行的检查很多，请几秒后再试。
bot-unknown-command = 未知命令。/help 列出可用功能。
bot-check-running = 正在检查…
bot-command-check = 诊断 Webhook URL
bot-command-explain = 解释 Webhook 错误信息
bot-command-help = 此机器人的功能
bot-language-usage = 请选择语言：/language en、/language ru 或 /language zh（可选：{ $languages }）。
bot-language-set = 好的：我将用中文回复。
bot-forgotten = 此账号的所有存储数据已删除。
