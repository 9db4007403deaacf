# syntax=docker/dockerfile:1
# e-Invoicing Hub: one image for the API and the workers (TypeScript run by tsx, no build step).
# The official rule packs and schemas are not in the image: mount them (see compose.yaml) at
# /srv/shared, or point EINVOICE_RULES_DIR / EINVOICE_XSD_DIR elsewhere.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev && npm cache clean --force

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=8080 \
    EINVOICE_DATA_DIR=/var/lib/einvoice/data \
    EINVOICE_CACHE_DIR=/var/lib/einvoice/cache \
    EINVOICE_RULES_DIR=/srv/shared/rules \
    EINVOICE_XSD_DIR=/srv/shared/xsd
WORKDIR /app
RUN groupadd --system einvoice && useradd --system --gid einvoice --home-dir /app --shell /usr/sbin/nologin einvoice \
 && mkdir -p /var/lib/einvoice/data /var/lib/einvoice/cache && chown -R einvoice:einvoice /var/lib/einvoice
COPY --from=deps /app/node_modules ./node_modules
COPY package.json tsconfig.json ./
COPY bin/ ./bin/
COPY cli/ ./cli/
COPY config/ ./config/
COPY core/ ./core/
COPY db/ ./db/
COPY fixtures/ ./fixtures/
COPY model/ ./model/
COPY schematron/ ./schematron/
COPY services/ ./services/
COPY templates/ ./templates/
COPY validation/ ./validation/
COPY web/ ./web/
COPY workers/ ./workers/
USER einvoice
VOLUME ["/var/lib/einvoice"]
EXPOSE 8080 9464
# /healthz of the API (PORT) or, for a worker-only container, of its metrics port (set EINVOICE_HEALTH_URL)
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD node -e "fetch(process.env.EINVOICE_HEALTH_URL||('http://127.0.0.1:'+(process.env.PORT||8080)+'/healthz')).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# plain node with the tsx hook (no extra supervisor process: signals reach the hub directly, graceful shutdown on SIGTERM)
ENTRYPOINT ["node", "--require", "tsx/cjs"]
CMD ["services/main.ts"]
