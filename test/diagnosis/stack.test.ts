import { describe, expect, it } from "vitest";
import { answeredBy, detectStack, wafBlock, type AnswerSeen } from "../../src/diagnosis/stack.js";
import { findingText, tailoredFixId } from "../../src/render/finding-text.js";

// The pure fingerprint over answers shaped as the products send them (the zoo tests start the ones Debian
// ships; these cover the ones that only run in clouds and clusters: ingress-nginx, Traefik, Envoy, ALB, GCP,
// Cloudflare, uvicorn, gunicorn, PHP, Laravel, Django, Kestrel).
const answer = (status: number, headers: Record<string, string> = {}, body = "", cookie_names?: string[]): AnswerSeen => ({ status, headers, body_preview: body, cookie_names });
const names = (answers: AnswerSeen[], tls?: { issuer?: string; subject?: string }) => detectStack({ answers, tls }).map((s) => `${s.layer}:${s.name}`);

describe("detectStack: only what the answers show", () => {
  it("an answer with no telling header or page names nothing", () => {
    expect(names([answer(200, { "content-type": "application/json" }, '{"ok":true}')])).toEqual([]);
    expect(names([answer(500, {}, "Internal Server Error")])).toEqual([]);
    expect(names([])).toEqual([]);
  });

  it("a public CA (Let's Encrypt) or Cloudflare's Origin CA names no layer", () => {
    expect(names([], { issuer: "C=US, O=Let's Encrypt, CN=R11" })).toEqual([]);
    expect(names([], { issuer: "O=CloudFlare, Inc., OU=CloudFlare Origin SSL ECC Certificate Authority" })).toEqual([]);
  });

  it("orders layers front to back and names each product once", () => {
    const seen = [
      answer(200, { server: "cloudflare", "cf-ray": "8e1f2a3b4c5d6e7f-AMS", "x-powered-by": "Express" }),
      answer(404, { server: "cloudflare", "cf-ray": "8e1f2a3b4c5d6e7f-AMS" }, "<pre>Cannot GET /health</pre>"),
    ];
    expect(detectStack({ answers: seen })).toEqual([
      { layer: "cdn", name: "cloudflare", evidence: "cf-ray: 8e1f2a3b4c5d6e7f-AMS" },
      { layer: "app", name: "express", evidence: "x-powered-by: Express" },
    ]);
  });

  it.each([
    ["ingress-nginx's default backend", [answer(404, { server: "nginx" }, "default backend - 404")], undefined, ["proxy:ingress-nginx"]],
    ["ingress-nginx's fake certificate", [answer(200, {})], { issuer: "O=Acme Co, CN=Kubernetes Ingress Controller Fake Certificate" }, ["proxy:ingress-nginx"]],
    ["Traefik's default certificate", [], { issuer: "CN=TRAEFIK DEFAULT CERT" }, ["proxy:traefik"]],
    ["Caddy's local CA", [], { issuer: "CN=Caddy Local Authority - ECC Intermediate" }, ["proxy:caddy"]],
    ["Cloudflare's edge certificate", [], { issuer: "C=US, O=Cloudflare, Inc., CN=Cloudflare Inc ECC CA-3" }, ["cdn:cloudflare"]],
    ["Envoy's connect error", [answer(503, { server: "envoy" }, "upstream connect error or disconnect/reset before headers. reset reason: connection failure")], undefined, ["proxy:envoy"]],
    ["Istio's sidecar timing header", [answer(200, { "x-envoy-upstream-service-time": "3" })], undefined, ["proxy:envoy"]],
    ["AWS ALB", [answer(502, { server: "awselb/2.0" }, "<html><head><title>502 Bad Gateway</title></head><body><center><h1>502 Bad Gateway</h1></center></body></html>")], undefined, ["load_balancer:aws-alb"]],
    ["GCP load balancer", [answer(200, { via: "1.1 google" })], undefined, ["load_balancer:gcp-lb"]],
    ["CloudFront", [answer(200, { "x-amz-cf-id": "abc==", via: "1.1 0123.cloudfront.net (CloudFront)" })], undefined, ["cdn:cloudfront"]],
    ["Azure Front Door", [answer(200, { "x-azure-ref": "20240101T000000Z-abc" })], undefined, ["cdn:azure-front-door"]],
    ["uvicorn with FastAPI's 404", [answer(404, { server: "uvicorn", "content-type": "application/json" }, '{"detail":"Not Found"}')], undefined, ["app:uvicorn"]],
    ["gunicorn", [answer(200, { server: "gunicorn" })], undefined, ["app:gunicorn"]],
    ["PHP behind nginx", [answer(200, { server: "nginx/1.22.1", "x-powered-by": "PHP/8.2.7" })], undefined, ["proxy:nginx", "app:php"]],
    ["Laravel's session cookie", [answer(200, { "x-powered-by": "PHP/8.3.0" }, "", ["XSRF-TOKEN", "laravel_session"])], undefined, ["app:laravel"]],
    ["PHP-FPM's missing script", [answer(404, { server: "nginx" }, "File not found.\n")], undefined, ["proxy:nginx", "app:php-fpm"]],
    ["Django's CSRF refusal", [answer(403, {}, "<h1>Forbidden <span>(403)</span></h1><p>CSRF verification failed. Request aborted.</p>")], undefined, ["app:django"]],
    ["Go net/http's 404", [answer(404, { "content-type": "text/plain; charset=utf-8" }, "404 page not found\n")], undefined, ["app:go"]],
    ["Kestrel", [answer(200, { server: "Kestrel" })], undefined, ["app:kestrel"]],
  ])("%s", (_name, answers, tls, expected) => {
    expect(names(answers as AnswerSeen[], tls as { issuer?: string } | undefined)).toEqual(expected);
  });
});

describe("answeredBy: who wrote this particular answer", () => {
  it("a proxy's page beats the headers it passes on", () => {
    expect(answeredBy(answer(413, { server: "nginx/1.22.1" }, "<html><head><title>413 Request Entity Too Large</title></head><body><center><h1>413 Request Entity Too Large</h1></center><hr><center>nginx/1.22.1</center></body></html>"))?.name).toBe("nginx");
    expect(answeredBy(answer(413, { server: "nginx/1.22.1", "x-powered-by": "Express" }, "<pre>PayloadTooLargeError: request entity too large<br> &nbsp; &nbsp;at readStream"))?.name).toBe("express");
  });

  it("an app's answer passed through a proxy is not the proxy's", () => {
    expect(answeredBy(answer(500, { server: "nginx" }, '{"error":"boom"}'))).toBeUndefined();
    expect(answeredBy(answer(502, { "x-powered-by": "Express" }, ""))).toBeUndefined();
  });
});

describe("pageExcerpt: the page's words, not its markup or stack trace", () => {
  it("keeps Express's error line and drops the trace's file paths", async () => {
    const { pageExcerpt } = await import("../../src/diagnosis/stack.js");
    const page = '<!DOCTYPE html><html><head><title>Error</title></head><body><pre>PayloadTooLargeError: request entity too large<br> &nbsp; &nbsp;at readStream (/srv/app/node_modules/raw-body/index.js:163:17)<br> &nbsp; &nbsp;at getRawBody (/srv/app/node_modules/raw-body/index.js:116:12)</pre></body></html>';
    expect(pageExcerpt(page)).toBe("Error PayloadTooLargeError: request entity too large");
    expect(pageExcerpt("<h1>Proxy Error</h1><p>Reason: <strong>Error reading from remote server</strong></p>")).toBe("Proxy Error Reason: Error reading from remote server");
  });
});

describe("wafBlock: a WAF or challenge, not the app", () => {
  it("names the header or page that shows the block", () => {
    expect(wafBlock(answer(403, { "cf-mitigated": "challenge" }, "<title>Just a moment...</title>"))).toBe("cf-mitigated: challenge");
    expect(wafBlock(answer(403, { server: "cloudflare" }, "<title>Attention Required! | Cloudflare</title>"))).toContain("Attention Required");
    expect(wafBlock(answer(403, { server: "awselb/2.0" }, "<center><h1>403 Forbidden</h1></center>"))).toBe("403 from awselb/2.0");
    expect(wafBlock(answer(405, { "x-amzn-waf-action": "captcha" }))).toBeUndefined();
  });

  it("an app's plain 403 is not a WAF", () => {
    expect(wafBlock(answer(403, { "x-powered-by": "Express" }, "Forbidden"))).toBeUndefined();
    expect(wafBlock(answer(403, { server: "nginx" }, "<center><h1>403 Forbidden</h1></center><hr><center>nginx</center>"))).toBeUndefined();
  });
});

describe("tailored fixes: data first, generic fallback", () => {
  const stack = (...entries: Array<[string, string]>) => entries.map(([layer, name]) => ({ layer: layer as "proxy", name, evidence: "" }));

  it("the layer that wrote the answer comes first, then the layers front to back", () => {
    expect(tailoredFixId("http.payload_too_large", "en", { stack: stack(["proxy", "nginx"], ["app", "express"]), evidence: { answered_by: "express" } })?.name).toBe("express");
    expect(tailoredFixId("http.payload_too_large", "en", { stack: stack(["proxy", "nginx"], ["app", "express"]) })?.name).toBe("nginx");
    expect(tailoredFixId("keepalive.idle_race", "en", { stack: stack(["app", "uvicorn"], ["load_balancer", "aws-alb"]) })?.name).toBe("aws-alb");
  });

  it("for a slow app the app's text comes first, whatever is in front", () => {
    expect(tailoredFixId("http.timeout", "en", { stack: stack(["proxy", "nginx"], ["app", "uvicorn"]) })?.name).toBe("uvicorn");
  });

  it("ingress-nginx gets annotations; an unknown stack gets the generic fix", () => {
    const text = findingText("http.gateway_timeout", "en", "https://bot.example.com/hook", { stack: stack(["proxy", "ingress-nginx"]) });
    expect(text.fix).toContain("nginx.ingress.kubernetes.io/proxy-read-timeout");
    const generic = findingText("http.gateway_timeout", "en", "https://bot.example.com/hook", { stack: stack(["proxy", "some-new-proxy"]) });
    expect(generic.fix_for).toBeUndefined();
    expect(generic.fix).toBe(findingText("http.gateway_timeout", "en", "https://bot.example.com/hook").fix);
  });

  it("a variant falls back to the stack's plain text", () => {
    expect(tailoredFixId("http.bad_gateway", "en", { evidence: { answered_by: "apache", upstream: "slow" } })?.id).toBe("fix-http-bad_gateway-apache-slow");
    expect(tailoredFixId("http.bad_gateway", "en", { evidence: { answered_by: "nginx", upstream: "slow" } })?.id).toBe("fix-http-bad_gateway-nginx");
  });

  it("every tailored text names a stack the fingerprint can find", async () => {
    const { readFileSync } = await import("node:fs");
    const source = readFileSync(new URL("../../locales/en/stack-fixes.ftl", import.meta.url), "utf8");
    const { STACK_LABELS } = await import("../../src/diagnosis/stack.js");
    const keys = Object.keys(STACK_LABELS).sort((a, b) => b.length - a.length);
    const { CATALOGUE, messageIdOf } = await import("../../src/diagnosis/catalogue.js");
    const findingIds = Object.keys(CATALOGUE).map((c) => `fix-${messageIdOf(c as keyof typeof CATALOGUE)}`);
    for (const [, id] of source.matchAll(/^(fix-[\w-]+)\s*=/gm)) {
      const rest = id.replace(/-(slow|prefix_stripped)$/, "");
      // fix-<finding>-<stack>[-<variant>], or fix-<finding>-<variant> with no stack.
      const ok = keys.some((k) => rest.endsWith(`-${k}`) && findingIds.includes(rest.slice(0, -k.length - 1))) || (rest !== id && findingIds.includes(rest));
      expect(ok, id).toBe(true);
    }
  });
});
