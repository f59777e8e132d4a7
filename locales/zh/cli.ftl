cli-usage =
    用法：
      webhook-doctor check <url> [选项]
      webhook-doctor explain "<last_error_message、HTTP 状态行或 OpenSSL 校验码>" [--json] [--lang <代码>]
      webhook-doctor verify-signature --scheme <方案> --secret <s> --payload-file <文件> --signature <值> [选项]
      webhook-doctor confirm --token <机器人令牌> [--wait <秒>] [--interval <秒>] [--json]
      webhook-doctor help | --help | -h

    check 的选项：
      --platform telegram|whatsapp|generic   谁向该 URL 发送（默认 telegram）
      --token <机器人令牌>                   加入 Telegram 的视角：getWebhookInfo、getMe、最近一次投递错误
      --secret-token <s>                     传给 setWebhook 的 secret_token
      --api-root <url>                       Bot API 地址（默认 https://api.telegram.org）
      --resolve <主机>:<端口>:<地址>         像 curl 一样连接到该地址（IPv4 和 IPv6 各写一次）
      --allow-private                        也探测私有地址和环回地址
      --deep                                 加入 keep-alive 竞争、1 MiB 请求体和健康检查端点
      --burst                                按发送方的并发量做突发测试，仅限所有者（令牌或签名 webhook 的密钥）；同一 URL 每 10 分钟一次
      --timeout <秒>                         探测的 HTTP 超时
      --health-path <路径>                   --deep 探测的健康检查端点
      --json                                 输出一个 JSON 对象而不是文本
      --lang en|ru|zh                        输出语言
      WhatsApp Cloud API：
      --verify-token <t>                     订阅的 verify token（必填）
      --app-secret <s>                       应用密钥，用于给示例事件签名
      签名 webhook（--platform generic）：
      --auth hmac --scheme github|stripe|standard-webhooks|slack|meta|custom --secret <s>
      --header <名称> --algorithm sha1|sha256|sha512 --encoding hex|base64 --prefix <p>   配合 --scheme custom
      --auth bearer --bearer-token <t>

    confirm 的选项（修复之后：Telegram 是否重新投递？）：
      --wait <秒>                            观察 getWebhookInfo 的时长（默认 120）
      --interval <秒>                        两次读取的间隔（默认 5）
      confirm 的退出码：0 已投递，1 仍然失败，3 没有待投递更新可供证明。

    verify-signature 的选项：
      --scheme github|stripe|standard-webhooks|slack|meta|custom|bearer
      --secret <s>                           接收方持有的密钥
      --payload-file <文件>                  与收到时完全一致的请求体
      --signature <值>                       收到的签名头
      --timestamp <t>                        slack 和 standard-webhooks 需要
      --id <id>                              standard-webhooks 需要（webhook-id 头）
      --header <名称> --algorithm sha1|sha256|sha512 --encoding hex|base64 --prefix <p>   配合 --scheme custom
      --json --lang en|ru|zh

    密钥也可以通过环境变量提供，而不写在命令行中：WEBHOOK_DOCTOR_BOT_TOKEN、WEBHOOK_DOCTOR_SECRET_TOKEN、
    WEBHOOK_DOCTOR_VERIFY_TOKEN、WEBHOOK_DOCTOR_APP_SECRET、WEBHOOK_DOCTOR_SECRET、WEBHOOK_DOCTOR_BEARER_TOKEN。
    WEBHOOK_DOCTOR_LANG（或 LANG）选择语言；TELEGRAM_API_ROOT 指定 Bot API 地址。
    WEBHOOK_DOCTOR_STATE_DIR 保存突发测试的频率限制（默认 ~/.local/state/webhook-doctor）。
    退出码：0 没有失败项，1 至少一项失败，2 调用方式错误。
cli-error = 错误
cli-internal-error = 内部错误（请反馈给我们）
cli-unknown-command = 未知命令“{ $command }”
cli-missing-url = 请提供且仅提供一个要检查的 URL，例如：webhook-doctor check https://bot.example.com/webhook
cli-argument-too-long = 参数超过 100,000 个字符，这不是 URL 也不是密钥
cli-bad-platform = 未知平台“{ $value }”：请使用 telegram、whatsapp 或 generic
cli-bad-resolve = --resolve“{ $value }”不是 主机:端口:地址 格式（例如 example.com:443:203.0.113.7 或 example.com:443:[2001:db8::7]）
cli-bad-timeout = --timeout“{ $value }”必须是 0 到 600 之间的秒数
cli-whatsapp-needs-verify-token = WhatsApp 检查需要 verify token（--verify-token 或 WEBHOOK_DOCTOR_VERIFY_TOKEN）
cli-hmac-needs-secret = --auth hmac 需要签名密钥（--secret 或 WEBHOOK_DOCTOR_SECRET）
cli-bearer-needs-token = --auth bearer 需要令牌（--bearer-token 或 WEBHOOK_DOCTOR_BEARER_TOKEN）
cli-scheme-needs-auth = --scheme 需要与 --auth hmac 一起使用
cli-bad-auth = 未知的 --auth“{ $value }”：请使用 hmac 或 bearer
cli-bad-scheme = 未知的 --scheme“{ $value }”：请使用 { $schemes } 之一
cli-bad-algorithm = --algorithm 必须是 sha1、sha256 或 sha512
cli-bad-encoding = --encoding 必须是 hex 或 base64
cli-sw-secret-not-base64 = Standard Webhooks 密钥在 "whsec_" 之后必须是 base64（请从发送方控制台重新复制，不要带空格或多余字符）
cli-custom-needs-header = --scheme custom 需要 --header（签名所在的请求头名称）
cli-explain-empty = 请提供要解释的文本，例如：webhook-doctor explain "Wrong response from the webhook: 502 Bad Gateway"
cli-sig-missing = 缺少 { $options }：verify-signature 需要方案、密钥、收到的请求体和收到的签名
cli-sig-needs-secret = 请提供接收方持有的密钥（--secret 或 WEBHOOK_DOCTOR_SECRET）
cli-sig-bad-signature = --signature 不符合任何已知的签名格式（hex、base64、sha256=…、v1,…、t=…,v1=…、Bearer …）
cli-sig-needs-payload = 请用 --payload-file <文件> 提供收到的请求体
cli-sig-payload-too-large = 请求体文件超过 10 MB；Webhook 请求体远小于此
cli-sig-payload-unreadable = 无法读取请求体文件“{ $file }”
cli-sig-bad-timestamp = --timestamp 必须是 unix 秒数
cli-sig-needs-timestamp = 该方案会签名时间戳：请用 --timestamp 提供
cli-sig-needs-id = Standard Webhooks 会签名消息 id：请用 --id 提供（webhook-id 请求头）
