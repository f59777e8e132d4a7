# Signing schemes: findings and messages of the signature checks and of verify-signature (issue 9).

auth-equivalent_body_rejected =
    .title = Only the sender's exact JSON text verifies
    .why = The same JSON written another way (raw UTF-8 instead of \u escapes, or without the sender's indentation) and correctly signed over its own bytes was refused, while the sender's own form was accepted. Deliveries pass today; the receiver most likely verifies a re-encoded copy of the parsed body that happens to match the sender's style, which breaks if that style ever differs.
    .fix = Nothing fails for this sender now. To be safe, verify the HMAC over the raw request bytes before any JSON parsing (e.g. `express.raw()` or `express.json` with a `verify` callback that keeps the buffer).
sig-body_trailing_newline =
    .title = The payload differs only by a trailing newline
    .why = The signature matches once a final newline is added to or removed from the payload. Editors, heredocs and `echo` add one when a body is saved to a file; the sender signed the bytes without it (or with it).
    .fix = Save the body exactly as received (e.g. `printf '%s'` instead of `echo`, or an editor set not to add a final newline) and verify over the raw request bytes.

sig-input-stripe-needs-t = a Stripe signature is computed over "t.body": give the t= value (paste the whole Stripe-Signature header, t=…,v1=…, or add --timestamp)
sig-input-timestamp-conflict = --timestamp { $given } differs from t={ $header } in the Stripe-Signature header: Stripe signs the t= value, so give only one of them
sig-input-header-other-scheme = the pasted header name belongs to another signing scheme: choose the scheme that sends this header (X-Hub-Signature-256 = GitHub or Meta, Stripe-Signature = Stripe, webhook-signature = Standard Webhooks, X-Slack-Signature = Slack, Authorization = bearer)
cli-sw-secret-whitespace = the Standard Webhooks secret has spaces or a line break around it: remove them (the official libraries cannot load it as given)
