"""WSGI entry point. The embedded sandbox's checkout page (no WHMCS_URL) is a Django view
(`storefront.web.embedded_whmcs`), behind the host check and the security headers."""

from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "storefront.settings")

application = get_wsgi_application()
