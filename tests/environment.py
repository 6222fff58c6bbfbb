"""Test-wide environment, loaded as a pytest plugin (`-p tests.environment`) so it runs before
pytest-django reads the settings: production-like (DEBUG off) with a throwaway secret.
"""

import os

os.environ.setdefault("SECRET_KEY", "test-only-secret-key-not-used-anywhere-else")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
