"""Test-wide environment, loaded as a pytest plugin (`-p tests.environment`) so it runs before
pytest-django reads the settings: production-like (DEBUG off) with a throwaway secret.

When PostgreSQL and Redis answer on their usual local ports (as on our machines and in CI),
the suite runs on them, like production; otherwise on SQLite and local memory. Set
STOREFRONT_TEST_SERVICES=off to force the latter. Each run gets its own test database and
cache key prefix, so runs side by side do not disturb each other.
"""

import os
import socket


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.3):
            return True
    except OSError:
        return False


os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
os.environ.setdefault("TEST_RUN_ID", str(os.getpid()))
# The suite runs on the embedded sandbox with DEBUG off: a demonstration deployment.
os.environ.setdefault("WHMCS_EMBEDDED_DEMO", "true")

if os.environ.get("STOREFRONT_TEST_SERVICES", "auto") != "off":
    if "DATABASE_URL" not in os.environ and _answers(5432):
        os.environ["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/test"
    if "REDIS_URL" not in os.environ and _answers(6379):
        os.environ["REDIS_URL"] = "redis://127.0.0.1:6379/13"
os.environ.setdefault("CACHE_KEY_PREFIX", f"test{os.environ['TEST_RUN_ID']}")
