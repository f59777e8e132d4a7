cli-usage =
    Usage:
      webhook-doctor check <url> [options]
      webhook-doctor explain "<last_error_message, HTTP status line or OpenSSL verify code>" [--json] [--lang <code>]
      webhook-doctor verify-signature --scheme <scheme> --secret <s> --payload-file <file> --signature <value> [options]
      webhook-doctor confirm --token <bot token> [--wait <seconds>] [--interval <seconds>] [--json]
      webhook-doctor help | --help | -h

    Options of check:
      --platform telegram|whatsapp|generic   who posts to the URL (default: telegram)
      --token <bot token>                    add Telegram's view: getWebhookInfo, getMe, the last delivery error
      --secret-token <s>                     the secret_token given to setWebhook
      --api-root <url>                       Bot API base URL (default: https://api.telegram.org)
      --resolve <host>:<port>:<address>      connect to this address, as curl does (repeat for IPv4 and IPv6)
      --allow-private                        probe private and loopback addresses too
      --deep                                 add the keep-alive race, a 1 MiB payload and the health endpoint
      --burst                                load test at the sender's concurrency, for the owner only (the token, or the signed webhook's secret); once per URL per 10 min
      --timeout <seconds>                    HTTP timeout of the probes
      --health-path <path>                   health endpoint probed by --deep
      --json                                 one JSON object instead of text
      --lang en|ru|zh                        language of the output
      WhatsApp Cloud API:
      --verify-token <t>                     the verify token of the subscription (required)
      --app-secret <s>                       the app secret, to sign the sample event
      Signed webhooks (--platform generic):
      --auth hmac --scheme github|stripe|standard-webhooks|slack|meta|custom --secret <s>
      --header <name> --algorithm sha1|sha256|sha512 --encoding hex|base64 --prefix <p>   with --scheme custom
      --auth bearer --bearer-token <t>

    Options of confirm (after a fix: does Telegram deliver again?):
      --wait <seconds>                       how long to watch getWebhookInfo (default 120)
      --interval <seconds>                   time between two readings (default 5)
      Exit status of confirm: 0 delivered, 1 still failing, 3 nothing pending to prove it.

    Options of verify-signature:
      --scheme github|stripe|standard-webhooks|slack|meta|custom|bearer
      --secret <s>                           the secret the receiver holds
      --payload-file <file>                  the body exactly as received
      --signature <value>                    the signature header as received
      --timestamp <t>                        slack and standard-webhooks
      --id <id>                              standard-webhooks (the webhook-id header)
      --header <name> --algorithm sha1|sha256|sha512 --encoding hex|base64 --prefix <p>   with --scheme custom
      --json --lang en|ru|zh

    Secrets can come from the environment instead of flags: WEBHOOK_DOCTOR_BOT_TOKEN, WEBHOOK_DOCTOR_SECRET_TOKEN,
    WEBHOOK_DOCTOR_VERIFY_TOKEN, WEBHOOK_DOCTOR_APP_SECRET, WEBHOOK_DOCTOR_SECRET, WEBHOOK_DOCTOR_BEARER_TOKEN.
    WEBHOOK_DOCTOR_LANG (or LANG) picks the language; TELEGRAM_API_ROOT the Bot API base URL.
    WEBHOOK_DOCTOR_STATE_DIR keeps the burst rate limit (default ~/.local/state/webhook-doctor).
    Exit status: 0 nothing failed, 1 at least one failure, 2 bad invocation.
cli-error = Error
cli-internal-error = Internal error (please report it)
cli-unknown-command = unknown command "{ $command }"
cli-missing-url = give exactly one URL to check, e.g. webhook-doctor check https://bot.example.com/webhook
cli-argument-too-long = an argument is longer than 100,000 characters; that is not a URL or a secret
cli-bad-platform = unknown platform "{ $value }": use telegram, whatsapp or generic
cli-bad-resolve = --resolve "{ $value }" is not host:port:address (e.g. example.com:443:203.0.113.7 or example.com:443:[2001:db8::7])
cli-bad-timeout = --timeout "{ $value }" must be a number of seconds between 0 and 600
cli-whatsapp-needs-verify-token = a WhatsApp check needs the verify token (--verify-token or WEBHOOK_DOCTOR_VERIFY_TOKEN)
cli-hmac-needs-secret = --auth hmac needs the signing secret (--secret or WEBHOOK_DOCTOR_SECRET)
cli-bearer-needs-token = --auth bearer needs the token (--bearer-token or WEBHOOK_DOCTOR_BEARER_TOKEN)
cli-scheme-needs-auth = --scheme goes with --auth hmac
cli-bad-auth = unknown --auth "{ $value }": use hmac or bearer
cli-bad-scheme = unknown --scheme "{ $value }": use one of { $schemes }
cli-bad-algorithm = --algorithm must be sha1, sha256 or sha512
cli-bad-encoding = --encoding must be hex or base64
cli-sw-secret-not-base64 = the Standard Webhooks secret must be base64 after "whsec_" (copy it again from the sender's dashboard; no spaces or stray characters)
cli-custom-needs-header = --scheme custom needs --header (the name of the signature header)
cli-explain-empty = give the text to explain, e.g. webhook-doctor explain "Wrong response from the webhook: 502 Bad Gateway"
cli-sig-missing = missing { $options }: verify-signature needs the scheme, the secret, the received body and the received signature
cli-sig-needs-secret = give the secret the receiver holds (--secret or WEBHOOK_DOCTOR_SECRET)
cli-sig-bad-signature = --signature is not in any known signature format (hex, base64, sha256=…, v1,…, t=…,v1=…, Bearer …)
cli-sig-needs-payload = give the received body with --payload-file <file>
cli-sig-payload-too-large = the payload file is larger than 10 MB; webhook bodies are far smaller
cli-sig-payload-unreadable = cannot read the payload file "{ $file }"
cli-sig-bad-timestamp = --timestamp must be unix seconds
cli-sig-needs-timestamp = this scheme signs a timestamp: give it with --timestamp
cli-sig-needs-id = Standard Webhooks signs the message id: give it with --id (the webhook-id header)
