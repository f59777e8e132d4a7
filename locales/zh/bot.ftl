bot-help =
    <b>Webhook Doctor</b> 诊断出故障的 Webhook：DNS、TCP、TLS、HTTP 响应、Telegram 自身的记录，并告诉你该如何修复。
    • <code>/check</code> 逐步引导完成一次检查（Telegram 机器人、WhatsApp Cloud API 或带签名的 Webhook）；<code>/check https://bot.example.com/webhook</code> 直接从 URL 开始，而单独发送一个 URL 会立即运行快速检查。
    • <code>/explain Wrong response from the webhook: 502 Bad Gateway</code> 解释一条错误（或直接粘贴错误）。
    • <code>/verify</code> 查明 Webhook 签名为何不匹配。
    • <code>/report abc23def</code> 重新显示已保存的报告；<code>/language</code>、<code>/privacy</code>、<code>/forget</code>、<code>/cancel</code>。
    • 在任意聊天中：<code>@{ $bot } https://bot.example.com/webhook</code> 分享一次快速检查。
bot-privacy =
    <b>Webhook Doctor 会保存什么</b>
    • 你选择的语言，以及你的检查报告，保留 30 天（URL、检查结果；绝不包含令牌或密钥）。
    • 你在检查中提供的密钥（机器人令牌、签名密钥、verify token）仅以加密形式（AES-256-GCM）与对应报告一起保存，以便报告上的按钮可以再次运行检查；包含密钥的消息在读取后会立即删除。
    • 未完成的对话，加密保存，最多一天。
    • 你发起的 webhook 修复，连同为其提供的 secret token（加密），与对应报告一起保存；以及 10 分钟内某个 URL 做过突发测试的记录（URL 的哈希，不含任何姓名）。
    <code>/forget</code> 会一次性删除以上全部内容。
bot-check-usage = 请发送要检查的 URL，例如：<code>/check https://bot.example.com/webhook</code>
bot-explain-usage = 请粘贴要解释的错误，例如：<code>/explain SSL error {"{"}error:0A000086:SSL routines::certificate verify failed{"}"}</code>
bot-too-long = 消息太长，不像是 URL 或错误信息。请只发送 URL，或只发送错误文本。
bot-rate-limited = 最近一分钟内检查次数过多（最多 10 次），请一分钟后再试。
bot-busy = 当前正在运行的检查很多，请几秒后再试。
bot-unknown-command = 未知命令。发送 /help 查看我能做什么。
bot-send-text = 我只能读取文本：请发送 URL、错误信息或命令（/help）。
bot-check-running = 正在检查…
bot-check-started = 检查已开始
bot-report-not-found = 没有该 id 的已保存报告。id 形如 <code>/report abc23def</code>；报告保留 30 天。
bot-report-not-found-short = 该报告已不再保存。
bot-nothing-to-explain = 没有需要解释的内容：所有检查均已通过。
bot-command-check = 逐步诊断 Webhook
bot-command-explain = 解释 Webhook 错误信息
bot-command-verify = 查明签名为何不匹配
bot-command-report = 重新显示已保存的报告
bot-command-language = 选择语言
bot-command-privacy = 保存了哪些数据，以及如何删除
bot-command-cancel = 退出当前对话
bot-command-help = 此机器人的功能
bot-language-usage = 请选择语言：/language en、/language ru 或 /language zh（可选：{ $languages }）。
bot-language-set = 好的：我今后将用中文回复。
bot-forgotten = 此账号的所有存储数据已删除。
dialog-in-progress = 有一个对话正在进行：请回答上面的问题，或发送 /cancel 退出。
dialog-use-buttons = 请点击上面的某个按钮。
dialog-send-text = 请用文本消息回答。
dialog-skipped = 已跳过。
dialog-secret-deleted = 🔒 包含密钥的消息已从此聊天中删除。
dialog-secret-not-deleted = ⚠️ 无法删除包含密钥的消息：请自行删除。
dialog-cancelled = 已取消，未进行任何检查。
dialog-nothing-to-cancel = 没有可取消的内容。
dialog-url-not-https = 这不是 https URL：Telegram 和 WhatsApp 只会投递到 https://。请重新发送以 https:// 开头的 URL
dialog-url-port = 不允许使用端口 { $port }：Telegram 只会投递到 443、80、88 和 8443 端口。请发送修正后的 URL。
dialog-url-hidden = 该 URL 包含不可见字符或形似字符（通常是从聊天或文档中粘贴而来）。清理后为：<code>{ $cleaned }</code> — 请重新发送。
dialog-url-invalid = 这看起来不像 URL。请发送类似 <code>https://bot.example.com/webhook</code> 的地址
dialog-bad-bot-token = 这看起来不像机器人令牌（由数字、冒号以及 30 个或更多字母、数字、_ 或 - 组成，即 @BotFather 给出的格式）。请重新发送，或跳过。
dialog-bad-secret-token = Telegram 的 secret token 长度为 1 到 256 个字符，只能包含 A-Z、a-z、0-9、_ 和 -。请重新发送，或跳过。
dialog-bad-secret = 这个密钥无法使用：必须是一行，且不超过 512 个字符。请重新发送。
dialog-bad-signature = 这看起来不像签名头的值。请按接收方收到的原样发送该值。
dialog-bad-timestamp = 时间戳是以秒为单位的 Unix 时间，例如 <code>1700000000</code>。
dialog-bad-id = 请按收到的原样发送消息 id（不含空格）。
check-ask-platform = 这些 Webhook 由什么接收？
check-platform-telegram = Telegram 机器人
check-platform-whatsapp = WhatsApp Cloud API
check-platform-generic = 其他带签名的 Webhook
check-ask-url = 请发送 Webhook URL，例如 <code>https://bot.example.com/webhook</code>
check-ask-bot-token = 发送机器人令牌即可加入 Telegram 自身的视角（getWebhookInfo：最近一次错误、积压的更新、IP）。该消息在读取后会立即删除，令牌也绝不会出现在报告中。也可以跳过。
check-ask-secret-token = 该 Webhook 是否需要 secret token（<code>X-Telegram-Bot-Api-Secret-Token</code>）？请发送，或跳过。
check-ask-verify-token = 请发送在 Meta 应用面板中配置的 verify token（验证握手需要它）。该消息在读取后会立即删除。
check-ask-app-secret = 发送应用密钥（app secret）以测试带签名的通知（<code>X-Hub-Signature-256</code>），或跳过。
check-ask-scheme = 发送方如何对其请求进行身份验证？
check-ask-bearer = 请发送接收方所需的 Bearer 令牌。该消息在读取后会立即删除。
check-ask-signing-secret = 请发送签名密钥。该消息在读取后会立即删除。
scheme-github = GitHub
scheme-stripe = Stripe
scheme-standard-webhooks = Standard Webhooks
scheme-slack = Slack
scheme-meta = Meta
scheme-bearer = Bearer 令牌
scheme-none = 无身份验证
verify-ask-scheme = 使用哪种签名方案？
verify-ask-secret = 请发送接收方持有的签名密钥。该消息在读取后会立即删除。
verify-ask-expected-token = 请发送接收方所需的令牌。该消息在读取后会立即删除。
verify-ask-payload = 请发送原始请求体：可以作为文本粘贴，但最好作为文件发送，这样传输过程中不会改动任何字节（最大 1 MB）。
verify-ask-signature = 请按接收方收到的原样发送签名头的值（例如 <code>sha256=…</code>、<code>t=…,v1=…</code>）。
verify-ask-authorization = 请按接收方收到的原样发送 <code>Authorization</code> 头的值。
verify-ask-timestamp = 请发送时间戳头的值（Unix 秒）。
verify-ask-id = 请发送 <code>webhook-id</code> 头的值。
verify-file-too-large = 文件超过 1 MB：较大的请求体请使用命令行工具（<code>webhook-doctor verify-signature</code>）。
verify-file-unreadable = 无法读取该文件。请重新发送，或将请求体作为文本粘贴。
button-rerun = 🔁 再次运行
button-deep = 🔬 深度检查
button-explain = 📖 详细解释
button-watch = 👁 持续监控
button-skip = 跳过
inline-type-url = 输入完整的 https:// Webhook URL 进行检查
inline-busy = 繁忙：请几秒后再试
inline-rate-limited = 本分钟内检查次数过多
inline-no-findings = 未发现问题
