# One image for every LiveDrop process; docker-compose.yml picks the entry point per service.
# Two stages: `build` installs everything and compiles once (npm run build: tsc -b to <workspace>/dist,
# Lua scripts copied next to the code, workflow code prebundled; npm run build:web: the web app to web/dist); the runtime stage has production
# dependencies only and the compiled output, no TypeScript sources, no tsx, no compiler.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY gateway/package.json gateway/
COPY read-api/package.json read-api/
COPY waiting-room/package.json waiting-room/
COPY workflows/package.json workflows/
COPY workers/package.json workers/
COPY web/package.json web/
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund
COPY . .
RUN npm run build && npm run build:web

FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# ffmpeg grabs poster frames of uploaded videos in the jobs worker (without it a video shows the creator's image).
RUN apt-get update && apt-get install -y --no-install-recommends ffmpeg && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
COPY common/package.json common/
COPY gateway/package.json gateway/
COPY read-api/package.json read-api/
COPY waiting-room/package.json waiting-room/
COPY workflows/package.json workflows/
COPY workers/package.json workers/
COPY web/package.json web/
RUN PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/common/dist common/dist
COPY --from=build /app/common/migrations common/migrations
COPY --from=build /app/gateway/dist gateway/dist
COPY --from=build /app/read-api/dist read-api/dist
COPY --from=build /app/waiting-room/dist waiting-room/dist
COPY --from=build /app/workflows/dist workflows/dist
COPY --from=build /app/workers/dist workers/dist
# The web app the gateway serves at / (static files only: its packages are build-time dependencies).
COPY --from=build /app/web/dist web/dist
USER node
# --conditions=compiled: the workspaces' package.json "exports" then resolve @livedrop/* to dist/index.js
# (without it they resolve to src/index.ts, which development runs through tsx).
CMD ["node", "--conditions=compiled", "gateway/dist/main.js"]
