# BlendAdmin web image: gunicorn serving Django, static files by WhiteNoise.
#   docker build -t blendadmin .
#   docker run --env-file .env -p 8000:8000 blendadmin
#   docker run --env-file .env blendadmin python manage.py migrate   (once per release)
#   docker run --env-file .env blendadmin python manage.py run_worker   (queue workers: one or more,
#       on any machines, sharing the web's DATABASE_URL; each stops cleanly on SIGTERM)
FROM python:3.12-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PORT=8000

RUN groupadd --system blendadmin \
    && useradd --system --gid blendadmin --home-dir /app --no-create-home blendadmin

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# collectstatic imports the settings, which insist on SECRET_KEY and ALLOWED_HOSTS when DEBUG is off.
# These build-time values exist only for this step; the running container gets real ones from its env.
ARG SECRET_KEY=collectstatic-only-not-a-real-secret
ARG ALLOWED_HOSTS=localhost
RUN SECRET_KEY="$SECRET_KEY" ALLOWED_HOSTS="$ALLOWED_HOSTS" python manage.py collectstatic --noinput

USER blendadmin
EXPOSE 8000
CMD ["gunicorn", "-c", "gunicorn.conf.py"]
