# identifiability: coordinator and worker image (deploy/k8s runs it as `run ...` and `worker ...`).
#   docker build -t identifiability:latest .
# Not built in CI: the development machine has no container engine. Kept deliberately plain.

# --- build: compile TypeScript to dist/ with the dev dependencies ---------------------------------
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: `prepare` would run tsc before the sources are copied.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json ./
COPY bin ./bin
COPY cli ./cli
COPY coordinator ./coordinator
COPY transport ./transport
COPY report ./report
COPY worker ./worker
COPY shared ./shared
RUN npx tsc -p tsconfig.json

# --- runtime: production dependencies and the compiled output only -------------------------------
FROM node:22-slim
ENV NODE_ENV=production
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY bin ./bin
# /out is where the coordinator writes results; in Kubernetes a PersistentVolumeClaim is mounted here.
RUN mkdir /out && chown node:node /out
USER node
# Exec form: node is PID 1 and receives SIGTERM directly, which starts the graceful drain.
ENTRYPOINT ["node", "bin/identifiability.js"]
