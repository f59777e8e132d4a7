# Two stages: build with dev dependencies and a compiler for better-sqlite3, run with production ones only.
# Node 22 LTS: Node 24.19+ aborts when better-sqlite3 12 statements are garbage collected (nodejs/node#65446);
# move to Node 24 together with better-sqlite3 13 once Node 20 support is dropped.
FROM node:22-bookworm-slim AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends python3 make g++ && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci
COPY tsconfig.json ./
COPY src ./src
COPY bench ./bench
COPY test/support ./test/support
RUN npm run build && npm prune --omit=dev

FROM node:22-bookworm-slim
WORKDIR /app
# The /history chart is drawn with this font (resvg finds no text font otherwise).
RUN apt-get update && apt-get install -y --no-install-recommends fonts-dejavu-core && rm -rf /var/lib/apt/lists/*
ENV NODE_ENV=production DATABASE_PATH=/data/webhook-doctor.sqlite
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json ./
COPY locales ./locales
COPY src/store/migrations ./src/store/migrations
VOLUME /data
USER node
# The CLI is available too: docker run --rm IMAGE node dist/src/cli/main.js check https://...
CMD ["node", "dist/src/main.js"]
