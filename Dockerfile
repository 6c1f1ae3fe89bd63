# Production image: gunicorn serving config.wsgi, static files by WhiteNoise.
# Used by docker-compose.yml; see README "Deploy with docker-compose.yml".

# --- 1. Front-end assets: GOV.UK Frontend from npm, our Sass compiled into static/build/ ---
FROM node:20 AS assets
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund --loglevel=error
COPY assets/ assets/
RUN npm run build

# --- 2. The application ---------------------------------------------------------------------
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_SETTINGS_MODULE=config.settings.production \
    PRIVATE_MEDIA_ROOT=/data/private \
    WEB_CONCURRENCY=3

# WeasyPrint (the subject access release PDF) draws text with Pango; Liberation fonts give
# Arial's metrics, for it and for Typst (the history PDF, records/typst_pdf.py); DejaVu
# gives Typst the monospace of the fingerprints.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app

# The runtime dependencies, exactly as locked: pip refuses any file whose hash is not in
# requirements.lock (make lock; docs/adr/0016). Nothing of ours lands in site-packages: the
# code runs from /app, where settings find templates/ and static/ beside it.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock

COPY . .
COPY --from=assets /src/node_modules/govuk-frontend/dist/govuk node_modules/govuk-frontend/dist/govuk
COPY --from=assets /src/static/build static/build

# Production settings refuse to load without these; the values below exist only for this
# one command and are not kept in the image.
RUN SECRET_KEY=collectstatic-only-not-a-secret-and-never-used-to-sign-anything \
    DATABASE_URL=postgres://build:build@localhost:5432/build \
    ALLOWED_HOSTS=localhost \
    python manage.py collectstatic --noinput --verbosity 0

# Uploaded consent forms live outside the web root, on a volume (see docker-compose.yml).
RUN useradd --system --user-group --uid 10001 --home-dir /app --no-create-home app \
    && mkdir -p /data/private \
    && chown app:app /data/private \
    && chmod 0750 /data/private
USER app

EXPOSE 8000

# The application connects as the runtime role, which may not migrate: migrations run as
# the owner role, in their own step (docker-compose.yml's `migrate`, docs/adr/0017).
# gunicorn.conf.py: request limits, and an access log without query strings or names.
CMD ["gunicorn", "config.wsgi"]
