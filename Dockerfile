# One image for every LiveDrop process; docker-compose.yml picks the entry point per service.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY gateway/package.json gateway/
COPY read-api/package.json read-api/
COPY waiting-room/package.json waiting-room/
COPY workflows/package.json workflows/
COPY workers/package.json workers/
COPY web/package.json web/
# tsx runs the TypeScript sources directly (the same way as local development), so it stays installed.
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --include=dev && npm cache clean --force
COPY . .
# The web app the gateway serves at / (web/dist, WEB_DIST_DIR).
RUN npm run --silent build:web
USER node
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
