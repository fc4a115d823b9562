# One image for every process of the graph; docker-compose.yml picks the entry per service.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts=false
COPY . .
ENV NODE_ENV=production
# Not root: the uid (1000) the Kubernetes manifests run as, with nothing written outside /tmp.
USER node
