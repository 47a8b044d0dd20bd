# One image for every LiveDrop process; docker-compose.yml picks the entry point per service.
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
# tsx runs the TypeScript sources directly (the same way as local development), so it stays installed.
RUN npm ci --no-audit --no-fund --include=dev && npm cache clean --force
COPY . .
USER node
CMD ["node", "--import", "tsx", "gateway/src/main.ts"]
