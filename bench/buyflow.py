"""One customer's buy-flow against a running shop, step by step, the way a browser does it.

Used by the resilience test and the benchmarks. Each step is retried while the shop answers
with a temporary, retry-able failure (as a person would press "Try again"); a 500, or a
failure page that does not say it is temporary, fails the flow. Nothing here knows how
the shop works inside: it reads pages, as a customer does.
"""

from __future__ import annotations

import re
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import httpx

from bench.harness import Browser, cart_count

GROUP = "/store/3/vps/"
CONFIGURE = "/order/6/vps-s/"
CHOICES = {
    "billing_cycle": "monthly",
    "option_1": "11",
    "option_2": "21",
    "option_4": "0",
    "custom_7": "vps.example.com",
    "action": "add",
}
RETRYABLE = ("Please try again", "try again in a moment", "Try again")


@dataclass
class StepTiming:
    step: str
    status: int
    total_ms: float
    app_ms: float | None
    upstream_ms: float | None
    upstream_calls: int | None
    bytes_sent: int | None


@dataclass
class FlowResult:
    completed: bool = False
    server_errors: int = 0
    unexplained_failures: list[str] = field(default_factory=list)
    retries: int = 0
    items_in_cart: int | None = None
    timings: list[StepTiming] = field(default_factory=list)


def _server_timing(response: httpx.Response) -> tuple[float | None, ...]:
    header = response.headers.get("server-timing", "")
    app = re.search(r"app;dur=([\d.]+)", header)
    whmcs = re.search(r'whmcs;dur=([\d.]+);desc="(\d+) calls, (\d+) bytes sent', header)
    if not (app and whmcs):
        return None, None, None, None
    return float(app[1]), float(whmcs[1]), int(whmcs[2]), int(whmcs[3])


class BuyFlow:
    def __init__(
        self, shop: str, *, attempts: int = 12, pause: float = 0.05, every_step: bool = False
    ) -> None:
        self.shop = shop
        # Also the configure page's changes, a second add and the checkout choice (benchmark).
        self.every_step = every_step
        self.browser = Browser()
        self.attempts = attempts
        self.pause = pause
        self.result = FlowResult()

    def _step(
        self,
        name: str,
        send: Callable[[], httpx.Response],
        succeeded: Callable[[httpx.Response], bool],
    ) -> httpx.Response | None:
        for _ in range(self.attempts):
            started = time.perf_counter()
            try:
                response = send()
            except httpx.TransportError as failure:  # the shop itself did not answer in time
                self.result.unexplained_failures.append(f"{name}: no answer ({failure!r})")
                return None
            total = (time.perf_counter() - started) * 1000
            app, upstream, calls, sent = _server_timing(response)
            self.result.timings.append(
                StepTiming(name, response.status_code, total, app, upstream, calls, sent)
            )
            if succeeded(response):
                return response
            if response.status_code == 500:
                self.result.server_errors += 1
            elif not any(text in response.text for text in RETRYABLE):
                self.result.unexplained_failures.append(
                    f"{name}: {response.status_code} without a retry-able message"
                )
                return None
            self.result.retries += 1
            time.sleep(self.pause)
        self.result.unexplained_failures.append(f"{name}: still failing after retries")
        return None

    def _get(self, name: str, path: str) -> httpx.Response | None:
        return self._step(name, lambda: self._follow(path), lambda r: r.status_code == 200)

    def _change(self, name: str, data: dict[str, str]) -> httpx.Response | None:
        """A change on the configure page, as htmx sends it: the summary comes back."""
        fields = {k: v for k, v in data.items() if k != "action"}
        return self._step(
            name,
            lambda: self.browser.request(
                "POST",
                self.shop + CONFIGURE + "price",
                data={**fields, "csrfmiddlewaretoken": self.browser.csrf()},
                headers={"HX-Request": "true"},
            ),
            lambda r: r.status_code == 200 and "Due today" in r.text,
        )

    def _follow(self, path: str, hops: int = 5) -> httpx.Response:
        """GET a page and follow its redirects, as a browser does."""
        response = self.browser.request("GET", self.shop + path)
        while (
            hops and response.status_code in (301, 302, 303, 307) and "location" in response.headers
        ):
            location = response.headers["location"]
            url = location if location.startswith("http") else self.shop + location
            response = self.browser.request("GET", url)
            hops -= 1
        return response

    def run(self) -> FlowResult:
        for name, path in (("store front", "/"), ("group", GROUP), ("configure", CONFIGURE)):
            if self._get(name, path) is None:
                return self.result
        if self.every_step:
            for name, change in (
                ("change cycle", {"billing_cycle": "annually"}),
                ("change option", {"billing_cycle": "annually", "option_4": "1"}),
            ):
                if self._change(name, {**CHOICES, **change}) is None:
                    return self.result
        once = secrets.token_urlsafe(12)  # one form: every retry posts the same token
        added = self._step(
            "add to cart",
            lambda: self.browser.post_form(self.shop + CONFIGURE, {**CHOICES, "once": once}),
            lambda r: r.status_code == 302 and r.headers["location"] == "/cart/",
        )
        if added is None:
            return self.result
        if self.every_step:
            again = secrets.token_urlsafe(12)
            added = self._step(
                "add (has cart)",
                lambda: self.browser.post_form(self.shop + CONFIGURE, {**CHOICES, "once": again}),
                lambda r: r.status_code == 302 and r.headers["location"] == "/cart/",
            )
            if added is None:
                return self.result
        cart = self._get("cart", "/cart/")
        if cart is None:
            return self.result
        self.result.items_in_cart = cart_count(cart.text)
        if self.every_step and self._get("checkout page", "/checkout/") is None:
            return self.result
        checkout = self._step(
            "checkout",
            lambda: self.browser.post_form(self.shop + "/checkout/", {}),
            lambda r: (
                r.status_code == 302 and "/whmcs/cart.php?a=checkout" in r.headers["location"]
            ),
        )
        self.result.completed = checkout is not None
        return self.result
