## 每个发现代码一条消息：代码中的 "." 替换为 "-"。属性：title、why、fix。
## 变量：host、port、path、url。

url-invalid =
    .title = Webhook URL 无效
    .why = 给出的文本无法解析为地址（中间有空格、没有主机名或过长），任何发送方都无法投递。
    .fix = 从配置处重新复制 URL，确认其形如 https://bot.example.com/webhook，且不含空格。
url-not_https =
    .title = Webhook URL 未使用 https
    .why = Telegram、WhatsApp 和大多数 Webhook 发送方只通过 TLS 投递；setWebhook 会直接拒绝 http:// URL。
    .fix =
        为端点启用 TLS 并注册 https:// URL。Let's Encrypt 免费证书：
        ```
        certbot certonly --nginx -d { $host }
        ```
url-port_not_allowed =
    .title = Telegram 不接受该端口
    .why = Telegram 只向 443、80、88 和 8443 端口投递 Webhook；其他端口会被 setWebhook 拒绝。
    .fix =
        在 443 或 8443 上监听（或在那里放置反向代理），并注册不带其他端口的 URL，例如：
        ```
        curl "https://api.telegram.org/bot<TOKEN>/setWebhook?url=https://{ $host }{ $path }"
        ```
url-hidden_characters =
    .title = URL 中含有不可见或形近字符
    .why = 零宽空格、不换行空格、方向控制符或其他字母表中的字母（从聊天、PDF 或编辑器中复制而来）会让 URL 指向别处或无效，而在屏幕上看起来却是正确的。
    .fix = 手动重新输入 URL（不要粘贴），或使用证据中给出的清理后 URL，然后重新调用 setWebhook。

dns-not_found =
    .title = 主机名无法解析
    .why = DNS 中没有 { $host } 的地址，发送方连连接都无法发起（“Failed to resolve host”）。
    .fix = 为 { $host } 创建指向服务器公网 IPv4 地址的 A 记录，用 `dig +short A { $host }` 检查，并等待 TTL 过期。
dns-private_address =
    .title = 主机解析到私有或保留地址
    .why = { $host } 指向私有、回环、链路本地、CGNAT 或元数据地址；Telegram 等云端发送方无法访问，setWebhook 也会拒绝（“IP address is reserved”）。
    .fix = 在 DNS 中发布服务器的公网 IPv4 地址，或通过公网反向代理或隧道暴露服务；不要把内部地址写进公网 DNS。
dns-no_ipv4 =
    .title = 主机没有 IPv4 地址（A 记录）
    .why = Telegram 只通过 IPv4 投递 Webhook；只有 AAAA 记录的主机会被拒绝（“IPv6-only addresses are not allowed”）。
    .fix = 为 { $host } 添加指向服务器公网 IPv4 地址的 A 记录（`dig +short A { $host }` 必须有结果）。
dns-ipv6_unreachable =
    .title = 主机发布了 IPv6 地址但在 IPv6 上无响应
    .why = IPv4 正常，但 AAAA 地址不接受连接。优先使用 IPv6 的发送方和客户端会超时或间歇性失败。
    .fix = 要么让服务同时监听 IPv6（nginx：`listen [::]:443 ssl;` 并在防火墙中放行 IPv6），要么删除 { $host } 的 AAAA 记录。

tcp-refused =
    .title = 连接被拒绝
    .why = 服务器用复位响应了连接请求：端口 { $port } 上没有程序监听，或防火墙拒绝了连接。
    .fix = 在端口 { $port } 上启动服务或反向代理（`ss -ltnp | grep :{ $port }`），并在防火墙（`ufw allow { $port }/tcp`）和云安全组中放行该端口。
tcp-timeout =
    .title = 连接超时
    .why = 端口 { $port } 无人应答：数据包被防火墙、安全组或错误路由丢弃，发送方等待后记录“Connection timed out”。
    .fix = 在防火墙和云安全组中向互联网开放端口 { $port }（至少对 Telegram 的 149.154.160.0/20 和 91.108.4.0/22），并确认 DNS 指向正确的服务器。

tls-plain_http =
    .title = TLS 端口上运行的是明文 HTTP
    .why = 在预期 TLS 握手的地方，服务器以明文作答，发送方会记录“wrong version number”。
    .fix =
        在该监听上启用 TLS，例如 nginx：
        ```
        listen { $port } ssl;
        ssl_certificate     /etc/letsencrypt/live/{ $host }/fullchain.pem;
        ssl_certificate_key /etc/letsencrypt/live/{ $host }/privkey.pem;
        ```
tls-expired =
    .title = 证书已过期
    .why = 发送方拒绝过期证书，在续期之前每次投递都会以“certificate verify failed”失败。
    .fix =
        续期并重新加载服务器，然后确保自动续期：
        ```
        certbot renew --cert-name { $host } && systemctl reload nginx
        ```
tls-not_yet_valid =
    .title = 证书尚未生效
    .why = 其生效日期在未来：要么签发时日期有误，要么服务器时钟不对。
    .fix = 检查服务器时钟（`timedatectl`，启用 NTP），如证书日期有误则重新签发。
tls-self_signed =
    .title = 证书是自签名的
    .why = 没有受信任的证书机构为其担保。只有通过 setWebhook 上传后，Telegram 才接受自签名证书；其他发送方会拒绝。
    .fix =
        使用公共 CA 的证书（`certbot certonly -d { $host }`），或将自签名证书上传给 Telegram：
        ```
        curl -F "url=https://{ $host }{ $path }" -F "certificate=@public.pem" https://api.telegram.org/bot<TOKEN>/setWebhook
        ```
tls-incomplete_chain =
    .title = 服务器未发送中间证书
    .why = 只提供了叶证书。浏览器会从证书的 AIA 地址自动获取缺失的中间证书从而掩盖问题；Telegram 和大多数服务器不会这样做，因而报“certificate verify failed”。
    .fix =
        提供完整证书链。使用 certbot 时用 fullchain.pem，而不是 cert.pem：
        ```
        ssl_certificate /etc/letsencrypt/live/{ $host }/fullchain.pem;
        ```
        然后重新加载并验证：`openssl s_client -connect { $host }:{ $port } -servername { $host }` 的结尾应为“Verify return code: 0”。
tls-hostname_mismatch =
    .title = 证书属于其他主机名
    .why = 证书中没有任何名称与 { $host } 匹配，发送方因此拒绝连接。
    .fix = 签发包含 { $host } 的证书（`certbot certonly -d { $host }`），或修正 SNI/server_name 路由，让该主机使用自己的证书。
tls-old_protocol =
    .title = 服务器只支持低于 1.2 的 TLS
    .why = Telegram 和现代发送方拒绝 TLS 1.0 和 1.1。
    .fix =
        启用 TLS 1.2 和 1.3，例如 nginx：
        ```
        ssl_protocols TLSv1.2 TLSv1.3;
        ```
tls-expires_soon =
    .title = 证书即将过期
    .why = 目前仍可用，但一旦过期投递就会开始失败。
    .fix = 现在就续期，并确认自动续期正常运行：`certbot renew --dry-run`。
tls-handshake_failed =
    .title = TLS 握手失败
    .why = 服务器关闭或拒绝了握手（没有共同的加密套件、SNI 对应的证书缺失，或 TLS 终止器故障）。
    .fix = 用 `openssl s_client -connect { $host }:{ $port } -servername { $host }` 测试，并查看 TLS 终止器的错误日志；确认已为 { $host } 配置证书。
tls-verify_failed =
    .title = 证书验证失败
    .why = 发送方无法验证证书。仅凭这条消息无法判断原因：自签名证书、缺少中间证书、证书属于其他主机或根证书不受信任都会产生它。
    .fix = 运行 `webhook-doctor check { $url }`：其中的 TLS 步骤能区分这些原因。最常见的修复是用 fullchain.pem 替代 cert.pem。

http-redirect =
    .title = 端点返回重定向
    .why = Telegram 和大多数发送方从不跟随重定向：3xx 被视为投递失败。常见原因是 http→https、结尾斜杠或 www。
    .fix = 将最终 URL（证据中的 Location）注册为 Webhook URL，或让 Webhook 路径不受重定向规则影响。
http-bad_request =
    .title = 端点返回 400 Bad Request
    .why = 应用拒绝了请求体：通常是期待其他格式，或校验了真实更新中并不总有的字段。
    .fix = 接受任何 JSON 更新，忽略不需要的字段，对不处理的更新也返回 200。
http-unauthorized =
    .title = 端点以未认证为由拒绝请求（401）
    .why = 某个认证层（secret token 校验、basic auth、WAF、IP 白名单）拒绝了发送方。
    .fix = 对比 setWebhook 中的 secret_token 与处理程序检查的值（请求头 X-Telegram-Bot-Api-Secret-Token），并在白名单中放行 Telegram 的 149.154.160.0/20 和 91.108.4.0/22。
http-not_found =
    .title = Webhook 路径不存在（404）
    .why = 服务器在运行，但 { $path } 上没有路由：拼写错误、缺少路由，或代理去掉了前缀。
    .fix = 检查应用中的路由和代理中 { $path } 的 location 配置，然后注册完全一致的 URL。
http-method_not_allowed =
    .title = 端点不接受 POST（405）
    .why = 投递使用 POST 请求，而该路由只允许 GET 或其他方法。
    .fix = 在 { $path } 上注册 POST 处理程序（例如 `app.post("{ $path }", handler)`）。
http-gone =
    .title = 端点返回 410 Gone
    .why = Telegram 把 410 视为“该 Webhook 已不存在”，并会删除 Webhook。
    .fix = Webhook 路由上绝不要返回 410；返回 200，并重新调用 setWebhook。
http-csrf_rejected =
    .title = CSRF 防护拒绝了 Webhook（419）
    .why = Web 框架（常见于 Laravel）用 CSRF 令牌保护该路由，而外部发送方不可能持有该令牌。
    .fix = 将 Webhook 路由排除在 CSRF 校验之外（Laravel：把 "{ $path }" 加入 VerifyCsrfToken 的 except 列表）。
http-payload_too_large =
    .title = 请求体超出服务器限制（413）
    .why = 代理或应用限制的请求体大小低于发送方投递的大小。
    .fix =
        提高限制，例如 nginx `client_max_body_size 10m;`，或在 ingress-nginx 上：
        ```
        nginx.ingress.kubernetes.io/proxy-body-size: "10m"
        ```
http-unsupported_media_type =
    .title = 端点拒绝 JSON 内容类型（415）
    .why = 投递以 application/json 发送，而该路由期待其他内容类型。
    .fix = 在 { $path } 上接受 application/json（例如使用 `express.json()` 中间件）。
http-rate_limited =
    .title = 端点对发送方限流（429）
    .why = 限流器或 WAF 限制了 Webhook；突发的更新会失败，之后再重试。
    .fix = 让 Webhook 路径或发送方 IP 段不受限流，或把限额提高到远超预期的更新速率。
http-server_error =
    .title = 应用返回服务器错误（5xx）
    .why = 处理程序在处理更新时崩溃或抛出了异常。
    .fix = 查看检查时刻前后的应用日志；包裹处理程序，使错误被记录，而无法处理的更新仍返回 200。
http-bad_gateway =
    .title = 代理无法连接到应用（502）
    .why = 反向代理在运行，但上游已停止、正在重启、监听在其他端口，或关闭了空闲的 keep-alive 连接。
    .fix =
        确认应用正在运行并监听在代理指向的位置（在服务器上执行 `curl -v http://127.0.0.1:<应用端口>{ $path }`），并在代理错误日志中查找“connect() failed”或“upstream prematurely closed”。让上游的 keep-alive 比代理更长，例如 Node：
        ```
        server.keepAliveTimeout = 65000; server.headersTimeout = 66000;
        ```
http-service_unavailable =
    .title = 服务不可用（503）
    .why = 服务器或负载均衡器当前没有健康的实例（部署、过载、维护）。
    .fix = 检查负载均衡器后面实例的健康状况，并在部署期间至少保留一个实例提供服务。
http-gateway_timeout =
    .title = 代理等待应用超时（504）
    .why = 处理程序耗时超过代理的读取超时，通常是因为在响应前就处理更新。
    .fix =
        立即确认并在后台处理；作为临时措施可提高代理超时：
        ```
        proxy_read_timeout 75s;
        ```
http-cdn_origin_error =
    .title = CDN 无法连接源站（52x）
    .why = Cloudflare 等 CDN 代替源站作答：源站拒绝连接、超时或提供了无效证书。
    .fix = 确认源站在运行且 CDN 可以访问，并确认源站证书对 { $host } 有效（Cloudflare 的“Full (strict)”模式需要有效的源站证书）。
http-connection_reset =
    .title = 连接在响应前被重置
    .why = 服务器或代理未作答就关闭了连接：崩溃、请求大小限制或 keep-alive 竞争。
    .fix = 查看检查时刻的应用和代理日志；如果发生在复用的连接上，让上游的 keep-alive 超时长于代理。
http-timeout =
    .title = 在发送方期限内没有响应
    .why = 发送方只等待有限时间（Telegram 为 60 秒，之后记录“Read timeout expired”并重试），而端点没有及时响应。
    .fix = 立即返回 200，把工作放到队列或后台任务中；不要在响应前调用慢速 API。
http-slow =
    .title = 端点响应缓慢
    .why = 超过一秒的响应会占用投递连接，负载高时会造成积压。
    .fix = 先确认更新，再异步处理（任务队列，或在响应后启动的任务）。
http-content_type_rejected =
    .title = 端点只接受一种内容类型
    .why = 它拒绝 JSON 或 form-encoded 请求体之一，使用另一种编码的发送方就会失败。
    .fix = 在 { $path } 上同时解析 application/json 和 application/x-www-form-urlencoded，或让发送方使用被接受的类型。

whatsapp-verify_failed =
    .title = WhatsApp 验证握手失败
    .why = Meta 用带有 hub.mode、hub.verify_token 和 hub.challenge 的 GET 请求验证 Webhook，并期望返回 200 且正文恰好为 challenge。
    .fix = 在 GET { $path } 上，当 hub.verify_token 与配置的 verify token 相同时，以纯文本返回 200 和 hub.challenge 的值，别无其他。
whatsapp-verify_token_ignored =
    .title = verify token 错误时握手仍回显 challenge
    .why = 由于没有校验 verify token，任何人都能订阅该端点。
    .fix = 将 hub.verify_token 与配置的令牌比较（使用常量时间比较），不一致时返回 403。

auth-valid_rejected =
    .title = 正确签名的请求被拒绝
    .why = 接收方计算签名的方式与发送方不同：密钥错误、请求体被重新序列化，或算法不同。
    .fix = 对原始请求体字节计算 HMAC（例如在该路由上使用 `express.raw()` 中间件），使用准确的密钥和该方案的请求头格式。
auth-not_enforced =
    .title = 签名错误或缺失的请求也被接受
    .why = 任何知道 URL 的人都能伪造事件。
    .fix = 拒绝签名缺失或不匹配的请求（401），并使用常量时间比较。
auth-bearer_rejected =
    .title = Bearer 令牌被拒绝
    .why = 接收方不接受配置的令牌：令牌不同、已过期，或请求头格式不同。
    .fix = 将 Authorization 请求头与“Bearer ”加令牌进行精确比较；如令牌过期请更新。

telegram-token_invalid =
    .title = 机器人令牌无效
    .why = Bot API 返回 401 Unauthorized：令牌输入有误，或已在 BotFather 中撤销。
    .fix = 从 @BotFather（/mybots → API Token）复制当前令牌，并在机器人运行的所有地方更新。
telegram-webhook_not_set =
    .title = 此机器人未设置 Webhook
    .why = Telegram 没有可投递的 URL，更新会在队列中等待（或该机器人本应使用长轮询）。
    .fix =
        注册 Webhook：
        ```
        curl "https://api.telegram.org/bot<TOKEN>/setWebhook?url=https://{ $host }{ $path }&secret_token=<random>"
        ```
telegram-url_mismatch =
    .title = Telegram 投递到了另一个 URL
    .why = 在 Telegram 注册的 Webhook 并不是本次检查的 URL，因此修复这个端点对投递没有帮助。
    .fix = 核对实际注册的 URL（见证据），或用 setWebhook 注册当前这个 URL。
telegram-backlog =
    .title = 更新正在积压
    .why = 有大量更新在等待：投递一直失败，或速度低于更新到达的速度。
    .fix = 先修复失败的投递；如需丢弃过期更新，调用 setWebhook 并设置 drop_pending_updates=true。
telegram-ip_mismatch =
    .title = Telegram 连接的地址已不在 DNS 中
    .why = Telegram 为 Webhook 解析出的 IP 地址不在当前 DNS 结果中：DNS 变更尚未生效，或 setWebhook 中设置了固定的 ip_address。
    .fix = 再次调用 setWebhook（不带 ip_address 或使用正确的地址），让 Telegram 重新解析 { $host }。
telegram-last_error =
    .title = Telegram 报告了最近的投递错误
    .why = getWebhookInfo 保存 Telegram 投递时得到的最后一个错误；其原因已在证据中分类。
    .fix = 修复证据中给出的原因，然后观察 last_error_date：投递成功后它就不再变化。不要只为清除错误而重新设置 Webhook：那样也会抹掉证据。
telegram-secret_token_invalid =
    .title = setWebhook 拒绝了 secret token
    .why = secret token 只能包含 A–Z、a–z、0–9、“_”和“-”，最长 256 个字符；机器人令牌（含“:”）不可用。
    .fix = 生成一个合法的令牌，例如 `openssl rand -hex 32`，并同时用于 setWebhook 和处理程序中的校验。
telegram-polling_conflict =
    .title = 同时使用了 Webhook 和长轮询
    .why = 设置了 Webhook 时 getUpdates 会返回 409；两个轮询进程之间也会冲突。
    .fix = 只选一种模式：轮询前调用 deleteWebhook，或在使用 Webhook 时停止轮询进程（及其他实例）。

keepalive-idle_race =
    .title = 服务器过早关闭空闲的 keep-alive 连接
    .why = 应用关闭空闲连接的时间早于前面的代理或发送方复用它们的时间。恰好在连接关闭时发出的请求会失败：典型的间歇性 502。
    .fix =
        让上游保持空闲连接的时间长于代理（至少 65 秒），例如 Node：
        ```
        server.keepAliveTimeout = 65000; server.headersTimeout = 66000;
        ```
        或 nginx：`keepalive_timeout 75s;`。
payload-limit_too_small =
    .title = 大更新被拒绝
    .why = 大请求体（Telegram 为 1 MiB，WhatsApp 约 3 MB）被拒绝，而小请求体被接受：处理程序前的请求体限制低于发送方可能投递的大小。并非每个技术栈都返回 413：Caddy 2.6 返回 502，其他可能返回 500 或直接断开连接。
    .fix =
        提高请求体限制，例如 nginx `client_max_body_size 10m;`，或在 ingress-nginx 上：
        ```
        nginx.ingress.kubernetes.io/proxy-body-size: "10m"
        ```
health-failing =
    .title = 健康检查端点失败或缓慢
    .why = 负载均衡器和编排系统据此分配流量；失败或缓慢的健康检查会让实例被移出服务。
    .fix = 在健康检查路径上快速返回 200，且不依赖缓慢的下游服务。

sig-ok =
    .title = 签名正确
    .why = 在该方案下，签名与请求体和密钥匹配。
    .fix = 无需修复。
sig-secret_whitespace =
    .title = 密钥包含多余的空白字符
    .why = 去掉密钥两端的空格或结尾换行后，签名就匹配了。
    .fix = 在加载密钥处去除首尾空白（env 文件常会多出一个换行）。
sig-wrong_algorithm =
    .title = 使用了错误的哈希算法
    .why = 用另一种算法（例如 SHA-1 而非 SHA-256）时签名匹配。
    .fix = 使用该方案规定的算法。
sig-wrong_encoding =
    .title = 签名的编码方式不同
    .why = 摘要正确，但编码为 hex 而非 base64（或相反），或大小写不同。
    .fix = 比较前按方案规定的方式对摘要编码。
sig-body_reserialized =
    .title = 验证前请求体被重新序列化
    .why = 签名与原始字节匹配，而不是与接收方解析后重新输出的 JSON 匹配。
    .fix = 在解析 JSON 之前对原始请求体字节进行验证（例如在该路由上使用 `express.raw()` 中间件）。
sig-secret_encoding =
    .title = 密钥解码方式错误
    .why = 有的方案在前缀之后对密钥做 base64 解码（Standard Webhooks 的“whsec_”），有的直接当文本使用（Stripe）。
    .fix = 严格按方案要求解码密钥。
sig-timestamp_out_of_tolerance =
    .title = 时间戳超出容许范围
    .why = 签名中的时间戳与当前时间相差超过五分钟：重放、延迟的重试，或时钟错误。
    .fix = 检查接收方时钟（NTP），并及时处理投递。
sig-prefix =
    .title = 签名前缀缺失或重复
    .why = 加上或去掉方案的前缀（sha256=、v1,、v0=）后值就匹配了。
    .fix = 严格按方案构造请求头的值，前缀只出现一次。
sig-bearer_prefix =
    .title = Bearer 值的前缀重复
    .why = Authorization 请求头中出现了两次“Bearer ”。
    .fix = 只保存令牌本身，构造请求头时只添加一次“Bearer ”。
sig-token_expired =
    .title = Bearer 令牌已过期
    .why = 其 exp 声明已在过去。
    .fix = 获取新令牌，并在过期前刷新。
sig-mismatch =
    .title = 签名不匹配
    .why = 常见错误都无法解释这一差异：密钥很可能不是发送方使用的那个。
    .fix = 从发送方控制台重新复制签名密钥，并基于原始请求体进行验证。

unknown =
    .title = 无法识别
    .why = 这段文本不符合任何已知的 Webhook 错误。
    .fix = 用 `webhook-doctor check { $url }` 对端点做一次完整检查，或粘贴 getWebhookInfo 中完整的 last_error_message。
