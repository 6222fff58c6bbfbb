"""An embedded, contract-faithful WHMCS 9 sandbox: a plain WSGI app (no Django, no gateway).

    from whmcs_gateway.sandbox import SandboxConfig, create_app
    app = create_app(SandboxConfig(prefix="/whmcs"))     # or create_app() for env/defaults
    app.world                                            # the live in-memory state, for tests

Standalone: ``python -m whmcs_gateway.sandbox --port 8081 [--host 127.0.0.1] [--prefix /whmcs/]``.

Layout
------
* ``app.py``        WSGI entry: URL modes (``urls.py``), X-Api-State sessions, faults, dispatch.
* ``routing.py``    the route registry. Add an endpoint from any module::

        from whmcs_gateway.sandbox.routing import route

        @route("GET", "/cart/{cart_id}")                 # REST v2, relative to /api/v2
        def get_cart(request): return {...}               # -> 200 {"data": {...}}

        @route("POST", "/includes/api.php", kind="root")  # any other path below the prefix
        def classic_api(request): return Response(...)

  then list the module in ``endpoints/__init__.py`` (ENDPOINT_MODULES). Path parameters are
  ``{name}`` (string segment) or ``{name:int}``. The handler gets a ``Request`` (``request.py``):
  ``params``, ``query``, ``json`` plus typed body readers (``field_str``, ``field_int``...),
  ``page`` (validated paging), ``session`` (the API session), ``world``, ``config``.
* ``responses.py``  ``data()``, ``paged()`` (meta for /store/domain/*), ``Response``.
* ``errors.py``     raise ``NotFound("...")``, ``Unprocessable("Invalid Product ID")``... to
  answer ``{"message": ...}`` with the right status; never return error bodies by hand.
* ``money.py``      Decimal only; ``amount(value, currency)`` builds every Amount object.
* ``world.py``      ``World``: catalog (immutable, ``catalog.py``), accounts (``accounts.py``),
  sessions (``sessions.py``), ``carts``/``orders``/``extra`` for the cart modules, and one
  ``lock`` the app holds around every API handler (handlers need no locking of their own).
* ``demo_data.toml`` the one data file (products, TLDs, promotions, tax, users...), read by
  ``loader.py``. Promotions and tax rules stay plain dicts in ``catalog.promotions``/``tax``.
* ``faults.py`` / ``control.py``  fault injection and the loopback-only ``__sandbox__/`` API:
  ``faults`` (GET/POST/DELETE), ``reset`` (POST) and ``clock`` (GET; POST
  ``{"advance_seconds": n}`` moves the sandbox time forward for token expiry, bans, promotion
  expiry and TOTP tests). ``clocks.py`` holds that forward-only clock (``app.clock``).
* ``endpoints/``    one module per API area (status, countries, billing, products, domains,
  users, services, account_domains, admin), with shared presenters and auth helpers
  (``require_user``, ``require_client``, ``current_currency``) in ``endpoints/common.py``.
* ``domain_names.py`` domain parsing (IDN) and the deterministic availability rule.
* ``config.py``     ``SandboxConfig`` and the SANDBOX_* environment variables it reads.

Sessions: ``request.session`` (``sessions.py``) knows ``user_id``, the active ``client_id``,
``admin_id``, ``masquerading`` and pending 2FA. As in WHMCS, the X-Api-State token carries all
of it (``tokens.py``): any valid, unexpired token is accepted and the request acts on the state
in it. A handler changes the session in place; the app then issues the next X-Api-State for it.
Anything that must outlive a token (carts, orders) belongs in the world, owned by a user or
client, never in the session.
"""

from __future__ import annotations

from .app import SandboxApp
from .config import SandboxConfig


def create_app(config: SandboxConfig | None = None) -> SandboxApp:
    """The WSGI app. Without a config, SANDBOX_* environment variables (or defaults) apply."""
    return SandboxApp(config if config is not None else SandboxConfig.from_env())


__all__ = ["SandboxApp", "SandboxConfig", "create_app"]
