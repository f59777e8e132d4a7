## Who answers (the stack found from headers, error pages and the certificate), and the 403 findings.

fingerprint-stack = Who answers
fingerprint-layer-cdn = CDN
fingerprint-layer-load_balancer = Load balancer
fingerprint-layer-proxy = Proxy
fingerprint-layer-app = Application
fingerprint-fix-for = Fix for { $stack }

http-forbidden =
    .title = The application forbids the request (403)
    .why = The request reached the application, which refused it: a CSRF guard, an origin or IP check, a permission rule on the route, or a secret check answering 403. When the answer shows no WAF or bot challenge (a check of the endpoint tells), the refusal is the application's own.
    .fix = Find the rule that answers 403 on { $path } (the page text in the evidence names it), exempt the webhook route from CSRF and session checks, and compare the secret the sender sends with the one the handler expects.
http-waf_blocked =
    .title = A WAF or bot protection blocks the sender (403)
    .why = A firewall or bot challenge in front of the application answered instead of it. A webhook sender is a server: it cannot solve a challenge, so every delivery is refused before the application sees it.
    .fix = Exempt the webhook path from the WAF and bot protection, or allow the sender's addresses (Telegram: 149.154.160.0/20 and 91.108.4.0/22). Then check again: the answer must come from the application.
