# One image for web, worker and beat; docker-compose.yml picks the command.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=culture_portal.settings.production

RUN groupadd --system portal && useradd --system --gid portal --home /app portal
WORKDIR /app

COPY pyproject.toml README.md ./
RUN pip install --upgrade pip && pip install .
COPY . .

# collectstatic needs production settings to import; these values are for the build only.
RUN DJANGO_SECRET_KEY=build-only-not-used-at-run-time DJANGO_ALLOWED_HOSTS=localhost \
    DATABASE_URL=sqlite:////tmp/build.sqlite3 CELERY_BROKER_URL=memory:// \
    DJANGO_EMAIL_BACKEND=django.core.mail.backends.smtp.EmailBackend \
    RATELIMIT_IP_META_KEY=HTTP_X_FORWARDED_FOR \
    python manage.py collectstatic --noinput

USER portal
EXPOSE 8000
# The access log format leaves out client addresses and query strings (DESIGN.md 3.1).
CMD ["gunicorn", "culture_portal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "4", \
     "--access-logfile", "-", "--access-logformat", "%(t)s \"%(m)s %(U)s\" %(s)s %(b)s %(M)sms"]
