"""The storefront's only settings module, configured by environment variables.

Defaults are safe for production (DEBUG off, secure cookies, strict CSP); `make run` turns on
DEBUG for local work. Every variable is parsed strictly: a malformed value stops start-up with
a message naming it. See README.md for the full list.
"""

from __future__ import annotations

import ipaddress
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from storefront.env import Env

BASE_DIR = Path(__file__).resolve().parent.parent
env = Env()

DEBUG = env.bool("DEBUG", False)

SECRET_KEY = env.str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY: required when DEBUG is off")
    SECRET_KEY = "insecure-development-key-only-used-with-DEBUG-on"  # noqa: S105
# Key rotation: the previous key(s), still accepted for signatures made with them (sessions,
# signed cart links) until they are dropped from this list.
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_htmx",
    "storefront.web",
    "storefront.staff",
    "storefront.theming",
    "storefront.cartlinks",
]

MIDDLEWARE = [
    # First: answers /healthz before host checks and the HTTPS redirect, so a container or
    # load-balancer probe on 127.0.0.1 over plain HTTP gets an answer.
    "storefront.web.middleware.HealthCheckMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "storefront.web.security.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "storefront.web.middleware.RequestIdMiddleware",
    "storefront.theming.console.NoStoreMiddleware",
    "storefront.web.timing.ServerTimingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "storefront.visitor.middleware.VisitorMiddleware",
    "storefront.staff.middleware.MasqueradeMiddleware",
    "storefront.web.errors.WhmcsErrorMiddleware",
    # Last: sees a refused WHMCS state (401) before the error page does, and keeps idle
    # visitors' state alive.
    "storefront.account.middleware.VisitorStateMiddleware",
]

ROOT_URLCONF = "storefront.urls"
WSGI_APPLICATION = "storefront.wsgi.application"

THEME_DIR = env.directory("THEME_DIR")

# The theme folder and defaults; a template extending another inherits its fragments.
TEMPLATE_FILE_LOADERS = ["storefront.theming.loader.FilesystemLoader"]
TEMPLATES = [
    {
        # The shop's pages: templates a marketer can change (published edits, the theme
        # folder, the defaults), compiled in a sandbox (storefront/theming/sandbox.py) and
        # given only the safe values of storefront/theming/safe_context.py, never the request.
        "NAME": "django",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [path for path in (THEME_DIR and Path(THEME_DIR) / "templates",) if path]
        + [BASE_DIR / "templates"],
        "OPTIONS": {
            # Published edits first (read fresh on every request), then the theme folder and
            # defaults, kept compiled in memory in production.
            "loaders": [
                "storefront.theming.loader.Loader",
                *(
                    TEMPLATE_FILE_LOADERS
                    if DEBUG
                    else [("storefront.theming.loader.CachedLoader", TEMPLATE_FILE_LOADERS)]
                ),
            ],
            "context_processors": ["storefront.theming.safe_context.page_values"],
        },
    },
    {
        # The staff console's and the editor's pages (templates/staff/, templates/theming/):
        # only the shop's own files, never an edit or the theme (storefront/theming/console.py).
        "NAME": "console",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "OPTIONS": {
            "loaders": [
                "storefront.theming.console.ConsoleLoader"
                if DEBUG
                else (
                    "django.template.loaders.cached.Loader",
                    ["storefront.theming.console.ConsoleLoader"],
                )
            ],
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "storefront.visitor.context.header",
                "storefront.theming.console.console_page",
            ],
        },
    },
]

# -- Data: SQLite and local memory by default, PostgreSQL and Redis to scale out -------------

DATABASES = {
    "default": dj_database_url.parse(
        env.url(
            "DATABASE_URL",
            schemes=("sqlite", "postgres", "postgresql", "pgsql"),
            default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        ),
        conn_max_age=env.int("DATABASE_CONN_MAX_AGE", 60, minimum=0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The single-machine default, served by threads: a write-ahead log lets readers go on
    # while one writes, "immediate" transactions queue writers instead of failing them, and
    # NORMAL sync skips an fsync per commit (safe with WAL: at worst the last commits of a
    # power cut are lost, never the database).
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.url("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", "shop"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "storefront",
            # Locks, visitor state and one-time tokens live here too: culling (which drops a
            # third of the entries, whatever they are) must never happen in practice.
            "OPTIONS": {"MAX_ENTRIES": 1_000_000},
        }
    }

# Failed-login budgets (storefront/visitor/throttle.py) must be shared by every process and
# outlive a worker restart: on Redis when there is one, else in a database table (created by
# the `web` app's migration). Never culled in practice: a dropped slot is a lost count.
CACHES["throttle"] = (
    {**CACHES["default"]}
    if REDIS_URL
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "shop_throttle",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
)

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# -- WHMCS ---------------------------------------------------------------------------------

WHMCS_URL = env.url("WHMCS_URL", schemes=("http", "https"))
WHMCS_URL_MODE = env.choice("WHMCS_URL_MODE", ("rewrite", "pathinfo", "basic"), "rewrite")
WHMCS_API_IDENTIFIER = env.str("WHMCS_API_IDENTIFIER")
WHMCS_API_SECRET = env.str("WHMCS_API_SECRET")
WHMCS_CONNECT_TIMEOUT = env.float("WHMCS_CONNECT_TIMEOUT", 2.0)
WHMCS_READ_TIMEOUT = env.float("WHMCS_READ_TIMEOUT", 10.0)
WHMCS_CLIENT_IP_HEADER = env.str("WHMCS_CLIENT_IP_HEADER", "X-Forwarded-For")
# Without WHMCS_URL the shop runs on the embedded sandbox: public demo credentials, demo
# accounts, nothing real. A development tool, so a production start (DEBUG off) refuses it
# unless a demo deployment says so explicitly.
WHMCS_EMBEDDED_DEMO = env.bool("WHMCS_EMBEDDED_DEMO", False)
if not DEBUG and not WHMCS_URL and not WHMCS_EMBEDDED_DEMO:
    raise ImproperlyConfigured(
        "WHMCS_URL: required when DEBUG is off. Without it the shop would serve the embedded "
        "WHMCS sandbox, a development tool with public demo credentials. Set WHMCS_URL to "
        "your WHMCS, or WHMCS_EMBEDDED_DEMO=true for a demonstration deployment."
    )
# WHMCS bans the shop's address after this many failed logins within the window (Setup >
# General Settings > Security; WHMCS documents 3 failed admin logins and a 15-minute ban as
# its default). The shop allows fewer (storefront/visitor/throttle.py). The embedded sandbox
# uses its own values.
WHMCS_LOGIN_BAN_THRESHOLD = env.int("WHMCS_LOGIN_BAN_THRESHOLD", 3, minimum=1)
WHMCS_LOGIN_BAN_WINDOW = env.int("WHMCS_LOGIN_BAN_WINDOW", 15 * 60, minimum=60)
# Guesses per account and per client address before logins of that kind wait for the window.
LOGIN_FAILURE_WINDOW = 15 * 60
LOGIN_FAILURES_PER_ACCOUNT = env.int("LOGIN_FAILURES_PER_ACCOUNT", 10, minimum=1)
# Cart links opened per client address per window (a link fills a cart: several WHMCS calls).
CART_LINK_OPENS_PER_ADDRESS = env.int("CART_LINK_OPENS_PER_ADDRESS", 30, minimum=1)
CART_LINK_OPENS_WINDOW = 60
LOGIN_FAILURES_PER_ADDRESS = env.int("LOGIN_FAILURES_PER_ADDRESS", 10, minimum=1)
# Where the embedded sandbox is mounted, both for the browser (checkout hand-off) and for the
# in-process transport. Only used when WHMCS_URL is unset.
WHMCS_SANDBOX_PREFIX = "/whmcs/"

# -- Security ------------------------------------------------------------------------------

SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", not DEBUG)
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_TLS_PROXY else None
# Proxies whose X-Forwarded-For names the visitor (storefront.visitor.addresses.py): addresses or
# networks. Unset with BEHIND_TLS_PROXY on: the connection's peer is the one proxy.
TRUSTED_PROXIES = env.list("TRUSTED_PROXIES")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an IP address or network"
        ) from None
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
# Preloading is a promise to serve the domain over HTTPS for good: on by default for a shop,
# off with SECURE_HSTS_PRELOAD=false for a domain that cannot promise it.
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
# __Host- cookies are only accepted by browsers over HTTPS: keep plain names in local DEBUG.
SESSION_COOKIE_NAME = "sessionid" if DEBUG else "__Host-sessionid"
CSRF_COOKIE_NAME = "csrftoken" if DEBUG else "__Host-csrftoken"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "form-action": [CSP.SELF] + ([WHMCS_URL] if WHMCS_URL else []),
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
}

# -- Static files --------------------------------------------------------------------------

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [path for path in (THEME_DIR and Path(THEME_DIR) / "static",) if path]
STATICFILES_DIRS += [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# -- Logging: one line per event, with the request id; never a token or password -----------

# Seconds each process may reuse its own copy of a catalog entry before asking the cache.
CATALOG_LOCAL_SECONDS = env.float("CATALOG_LOCAL_SECONDS", 2.0)

# Server-Timing headers (the shop's own time and WHMCS's), for operators and benchmarks.
SERVER_TIMING = env.bool("SERVER_TIMING", DEBUG)

LOG_LEVEL = env.choice("LOG_LEVEL", ("DEBUG", "INFO", "WARNING", "ERROR"), "INFO")
LOG_FORMAT = env.choice("LOG_FORMAT", ("text", "json"), "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "storefront.web.logging.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "storefront.web.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": LOG_FORMAT,
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        # httpx logs full URLs at INFO; the transport logs each call itself, path only.
        "httpx": {"level": "WARNING"},
        "httpcore": {"level": "WARNING"},
    },
}
