"""python -m whmcs_gateway.sandbox --port 8081 [--host 127.0.0.1] [--prefix /whmcs/]

`--port 0` takes any free port; the first line printed names the URL.
"""

from __future__ import annotations

import argparse
import os

from . import create_app
from .config import SandboxConfig
from .server import make_sandbox_server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Run the WHMCS sandbox standalone.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--prefix", default=None, help="URL prefix, e.g. /whmcs/ (default: none)")
    args = parser.parse_args(argv)
    config = SandboxConfig.from_env()
    if args.prefix is not None:
        config = config.with_changes(prefix=args.prefix)
    server = make_sandbox_server(None, args.host, args.port)
    # The port may be 0 (any free one): the URL is known once the socket is bound.
    port = server.server_address[1]
    base = f"http://{args.host}:{port}{config.prefix}/"
    if "SANDBOX_SYSTEM_URL" not in os.environ:
        # WHMCS builds its links (GetProducts' product-url, checkout) from its system URL.
        config = config.with_changes(system_url=base)
    app = create_app(config)
    server.set_app(app)
    print(f"WHMCS sandbox serving {base}api/v2/ (Ctrl+C to stop)", flush=True)
    print(f"Control endpoints {base}__sandbox__/: header X-Sandbox-Control-Token: ", end="")
    print(app.config.control_token, flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
