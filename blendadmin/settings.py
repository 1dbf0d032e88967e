"""BlendAdmin settings: every value comes from the environment with a safe development default."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
TESTING = "pytest" in sys.modules or env.bool("TESTING", default=False)

SECRET_KEY = env("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789"
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (see .env.example).")
if not ALLOWED_HOSTS:
    if DEBUG or TESTING:
        ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]", "testserver"]
    else:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off (see .env.example).")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",
    "apps.core",
    "apps.accounts",
    "apps.audit",
    "apps.blend",
    "apps.sandbox",
    "apps.orders",
    "apps.orderindex",
    "apps.bulk",
    "apps.recalls",
    "apps.search",
    "apps.patients",
    "apps.reports",
    "apps.team",
    "apps.catalog",
    "apps.prescribers",
    "apps.home",
    "apps.neworders",
    "apps.prescriptions",
    "apps.tasks",
    "apps.events",
    "apps.notifications",
    "apps.live",
    "apps.savedviews",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "apps.core.middleware.RequestContextMiddleware",
    "apps.core.middleware.PrivatePagesMiddleware",
    "apps.core.middleware.IdleSessionTimeoutMiddleware",
    "apps.core.middleware.BlendErrorMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "blendadmin.urls"
WSGI_APPLICATION = "blendadmin.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.blendadmin",
            ],
            "builtins": ["django_htmx.templatetags.django_htmx"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DB_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database: write-ahead log, and fsync at checkpoints rather than every commit (an
    # audit row is written per page view); writers queue instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        init_command="PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        transaction_mode="IMMEDIATE",
    )
    # Tests on a file, not in memory: SQLite's shared in-memory database refuses a second writer at
    # once ("table is locked") where a file waits its turn (busy_timeout), as in production.
    DATABASES["default"].setdefault("TEST", {"NAME": str(BASE_DIR / ".test-db.sqlite3")})

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL and TESTING and os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw"):
    # Tests clear the cache: each parallel test worker gets a Redis database of its own.
    REDIS_URL = f"{REDIS_URL.rsplit('/', 1)[0]}/{15 - int(os.environ['PYTEST_XDIST_WORKER'][2:])}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="blendadmin"),
        }
    }
else:
    CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://blendadmin")}

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast tests only

# Sessions expire after this many seconds without a request (see IdleSessionTimeoutMiddleware).
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
# Absolute lifetime from sign-in, however active (IdleSessionTimeoutMiddleware fixes the expiry date).
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=12 * 60 * 60)
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# django-axes: lock a username+address pair after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.25)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
# The proxy in front sets X-Request-ID on every request (replacing any the client sent): only then is
# the header taken as the request's id; otherwise BlendAdmin makes its own.
REQUEST_ID_FROM_PROXY = env.bool("REQUEST_ID_FROM_PROXY", default=False)
AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
AXES_VERBOSE = False
# No django-ipware here: axes asks BlendAdmin for the address (same rule as request.client_ip).
AXES_CLIENT_IP_CALLABLE = "apps.core.net.client_ip"

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if (DEBUG or TESTING)
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Development and tests run without collectstatic (no STATIC_ROOT scan at start-up; DEBUG uses finders).
WHITENOISE_AUTOREFRESH = DEBUG or TESTING
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Security headers (production values; harmless in development).
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not (DEBUG or TESTING))
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=not (DEBUG or TESTING))
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if (DEBUG or TESTING) else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # load balancer health checks speak plain HTTP
X_FRAME_OPTIONS = "DENY"
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "base-uri": [CSP.SELF],
}

# --- Blend -----------------------------------------------------------------------------------
# Leave BLEND_API_URL empty to use the embedded sandbox (in-process simulator).
BLEND_API_URL = env("BLEND_API_URL", default="")
BLEND_API_EMAIL = env("BLEND_API_EMAIL", default="")
BLEND_API_PASSWORD = env("BLEND_API_PASSWORD", default="")
BLEND_CONNECT_TIMEOUT = env.float("BLEND_CONNECT_TIMEOUT", default=3.0)
BLEND_READ_TIMEOUT = env.float("BLEND_READ_TIMEOUT", default=10.0)
BLEND_MAX_RETRIES = env.int("BLEND_MAX_RETRIES", default=2)
BLEND_RETRY_BACKOFF = env.float("BLEND_RETRY_BACKOFF", default=0.25)
BLEND_REFERENCE_TTL = env.int("BLEND_REFERENCE_TTL", default=60 * 60)
BLEND_POOL_SIZE = env.int("BLEND_POOL_SIZE", default=20)
# Sandbox faults for a running server (tests set them through the `sandbox` fixture instead).
BLEND_SANDBOX_LATENCY_MS = env.float("BLEND_SANDBOX_LATENCY_MS", default=0.0)
BLEND_SANDBOX_ERROR_RATE = env.float("BLEND_SANDBOX_ERROR_RATE", default=0.0)
BLEND_SANDBOX_FAULT = env("BLEND_SANDBOX_FAULT", default="")
BLEND_SANDBOX_SEED = env.int("BLEND_SANDBOX_SEED", default=20251120)
# Orders move by themselves this many times faster than at Blend (0: only when a test turns the clock).
BLEND_SANDBOX_PROGRESS = env.float("BLEND_SANDBOX_PROGRESS", default=0.0)
# The order index (apps.orderindex): seconds between the pages of a full sync, which keeps its calls
# to Blend sparse while people work.
ORDER_INDEX_PAGE_PAUSE = env.float("ORDER_INDEX_PAGE_PAUSE", default=0.0 if TESTING else 0.5)
# Bulk actions (apps.bulk): orders sent to Blend per second by one run (two calls each: re-read, write).
BULK_ORDERS_PER_SECOND = env.float("BULK_ORDERS_PER_SECOND", default=0.0 if TESTING else 5.0)

# --- Task queue (apps.core.queue) --------------------------------------------------------------
# Jobs live in the database above; `manage.py run_worker` runs them (any number of workers).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASKS_MAX_ATTEMPTS = env.int("TASKS_MAX_ATTEMPTS", default=5)
TASKS_RETRY_BACKOFF = env.float("TASKS_RETRY_BACKOFF", default=10.0)
TASKS_RUNNING_TIMEOUT = env.int("TASKS_RUNNING_TIMEOUT", default=300)
TASKS_MAX_WAIT = env.int("TASKS_MAX_WAIT", default=120)

# --- Blend's webhooks (apps.events) ----------------------------------------------------------------
# Fernet keys (comma-separated; the first encrypts) for the webhook secret stored in the database.
# Development and tests derive one from SECRET_KEY; production must set its own.
SECRETS_ENCRYPTION_KEY = env("SECRETS_ENCRYPTION_KEY", default="")
if not SECRETS_ENCRYPTION_KEY and (DEBUG or TESTING):
    from apps.events.secrets_key import development_key

    SECRETS_ENCRYPTION_KEY = development_key(SECRET_KEY)
# Seconds the previous webhook secret keeps working after a new one is generated.
WEBHOOK_SECRET_OVERLAP = env.int("WEBHOOK_SECRET_OVERLAP", default=600)
# Largest webhook body accepted (bytes); Blend's events are about 1 KB.
WEBHOOK_MAX_BYTES = env.int("WEBHOOK_MAX_BYTES", default=64 * 1024)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
        # Once each (Django's own "django" handler would print them a second time under DEBUG).
        "django.tasks": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django_tasks_db": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}
