## 应答方（根据响应头、错误页和证书识别出的技术栈）以及 403 相关的发现。

fingerprint-stack = 应答方
fingerprint-layer-cdn = CDN
fingerprint-layer-load_balancer = 负载均衡器
fingerprint-layer-proxy = 代理
fingerprint-layer-app = 应用
fingerprint-fix-for = 针对 { $stack } 的修复方法

http-forbidden =
    .title = 应用禁止了该请求（403）
    .why = 请求已到达应用，但被应用拒绝：CSRF 防护、来源或 IP 检查、路由上的权限规则，或以 403 回应的密钥校验。如果响应中没有 WAF 或机器人验证的迹象（检查端点即可得知），拒绝来自应用本身。
    .fix = 找出对 { $path } 返回 403 的规则（证据中的页面文字会指明），将 webhook 路由排除在 CSRF 和会话检查之外，并核对发送方携带的密钥与处理程序期望的是否一致。
http-waf_blocked =
    .title = WAF 或机器人防护拦截了发送方（403）
    .why = 应用前面的防火墙或机器人验证代替应用做出了响应。webhook 发送方是服务器，无法通过验证，因此每次投递在到达应用之前就被拒绝。
    .fix = 将 webhook 路径排除在 WAF 和机器人防护之外，或放行发送方的地址（Telegram：149.154.160.0/20 和 91.108.4.0/22）。然后重新检查：响应必须来自应用。
