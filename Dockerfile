# Two stages: build with dev dependencies and a compiler for better-sqlite3, run with production ones only.
# Node 24.18.1, the exact Node 24 that CI tests (.ci/run) and package.json's engines allow: from Node 24.19 on,
# better-sqlite3 12 statements abort the process when garbage collected (nodejs/node#65446), and the bot's
# start refuses such a Node (src/node-support.ts). Move on together with better-sqlite3 13.
FROM node:24.18.1-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY bench ./bench
COPY test/support ./test/support
RUN npm run build && npm prune --omit=dev

FROM node:24.18.1-bookworm-slim
WORKDIR /app
# The /history chart is drawn with these fonts (resvg finds no text font otherwise); WenQuanYi draws Chinese.
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core fonts-wqy-microhei && rm -rf /var/lib/apt/lists/*
# HEARTBEAT_FILE: polling mode's liveness file, read by the HEALTHCHECK below (webhook mode asks /healthz).
ENV NODE_ENV=production DATABASE_PATH=/data/webhook-doctor.sqlite HEARTBEAT_FILE=/tmp/webhook-doctor.alive
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
# Read at run time: the texts (src/i18n.ts) and the SQL migrations (src/store/database.ts).
COPY locales ./locales
COPY src/store/migrations ./src/store/migrations
# The volume's mount point must exist and belong to `node` before VOLUME: a new named volume copies the
# owner from the image, and a root-owned /data leaves SQLite unable to create its file.
RUN mkdir -p /data && chown node:node /data
VOLUME /data
USER node
# Webhook mode's listener (PORT); metrics, when METRICS_PORT is set, listen on their own port.
EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/src/server/healthcheck.js"]
# The CLI is available too: docker run --rm IMAGE node dist/src/cli/main.js check https://...
CMD ["node", "dist/src/main.js"]
