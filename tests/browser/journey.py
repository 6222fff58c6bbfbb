"""One person's visit in a real browser: every step is screenshotted, weighed as a first view
and (with JavaScript on) checked with axe-core; no request may leave the shop's host."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import axe_playwright_python
from playwright.sync_api import BrowserContext, Locator, Page, Request, Route

AXE_SOURCE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 5).map(n => n.target.join(" ")),
  }));
}"""
BLOCKING_IMPACTS = {"serious", "critical"}

# Layout checks run in the page (see the two files for what they look at).
OVERFLOW = (Path(__file__).parent / "overflow.js").read_text()
HEADER = (Path(__file__).parent / "header.js").read_text()

# Bytes on the wire for the first view of a page: the document and everything it loads.
MAX_PAGE_BYTES = 60 * 1024
MAX_SCRIPT_BYTES = 20 * 1024
# WHMCS's own pages (the sandbox's checkout) are not the shop's to weigh or fix.
NOT_OURS = "/whmcs/"


@dataclass
class WeightLog:
    rows: list[dict] = field(default_factory=list)


class Journey:
    def __init__(
        self,
        context: BrowserContext,
        base_url: str,
        folder: Path,
        weights: WeightLog,
        *,
        javascript: bool,
        test: str,
        viewport: dict | None = None,
    ) -> None:
        self.context = context
        self.base_url = base_url
        self.host = urlsplit(base_url).netloc
        self.folder = folder
        self.weights = weights
        self.javascript = javascript
        self.test = test
        self.viewport = viewport or {"width": 1280, "height": 900}
        self.missing: list[str] = []
        self.foreign: list[str] = []
        self.others: list[Journey] = []
        self.steps = 0
        self._document: list[Request] = []
        self._started: set[Request] = set()
        # Routing also turns off the HTTP cache: every page is weighed as a first view.
        context.route("**/*", self._guard)
        self.page: Page = context.new_page()
        self.page.on("request", self._on_request)
        self.page.on("requestfinished", self._on_finished)
        self.page.on("response", self._on_response)

    # -- the guard and the weighing -------------------------------------------------------

    def _guard(self, route: Route) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https") and parts.netloc == self.host:
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort("blockedbyclient")

    def _on_request(self, request: Request) -> None:
        # A new document: what the previous one still loads is not part of its weight.
        if request.is_navigation_request() and request.frame == self.page.main_frame:
            self._document = []
            self._started = set()
        self._started.add(request)

    def _on_finished(self, request: Request) -> None:
        if request in self._started and request.resource_type not in ("xhr", "fetch"):
            self._document.append(request)

    def _on_response(self, response) -> None:
        # A page's own files (stylesheet, script, favicon) must all be there.
        kind = response.request.resource_type
        if response.status == 404 and kind not in ("document", "xhr", "fetch"):
            self.missing.append(response.url)

    def assert_stayed_home(self) -> None:
        for other in self.others:
            other.assert_stayed_home()
        assert not self.foreign, f"the browser tried to reach other hosts: {self.foreign}"

    def close(self) -> None:
        for other in self.others:
            other.close()
        self.context.close()

    def other_person(self, label: str, *, javascript: bool | None = None) -> Journey:
        """A second person in the same test (their own browser context and cookies)."""
        javascript = self.javascript if javascript is None else javascript
        context = self.context.browser.new_context(
            base_url=self.base_url, java_script_enabled=javascript, viewport=self.viewport
        )
        other = Journey(
            context,
            self.base_url,
            self.folder / label,
            self.weights,
            javascript=javascript,
            test=f"{self.test}/{label}",
            viewport=self.viewport,
        )
        self.others.append(other)
        return other

    # -- steps ----------------------------------------------------------------------------

    @property
    def path(self) -> str:
        return urlsplit(self.page.url).path

    def goto(self, path: str, step: str) -> Page:
        self.page.goto(path)
        self.step(step)
        return self.page

    def step(self, label: str) -> None:
        """Keep a screenshot of what the person sees now, then check the page."""
        page = self.page
        page.wait_for_load_state("load")
        self.steps += 1
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        self.folder.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=self.folder / f"{self.steps:02d}-{slug}.png", full_page=True)
        if self.path.startswith(NOT_OURS):
            return
        self._check_weight(label)
        self.check_layout(label)
        if self.javascript:
            self._check_accessibility(label)

    def _check_weight(self, label: str) -> None:
        total = scripts = 0
        for request in self._document:
            sizes = request.sizes()
            wire = sizes["responseHeadersSize"] + sizes["responseBodySize"]
            total += wire
            if request.resource_type == "script":
                scripts += wire
        blocking = self.page.locator("head script[src]:not([defer]):not([async])")
        self.weights.rows.append(
            {
                "test": self.test,
                "step": label,
                "path": self.path,
                "requests": len(self._document),
                "bytes": total,
                "script_bytes": scripts,
            }
        )
        where = f"{label} ({self.path})"
        assert self._document, f"{where}: no document was loaded"
        assert total <= MAX_PAGE_BYTES, f"{where}: first view is {total} bytes on the wire"
        assert scripts <= MAX_SCRIPT_BYTES, f"{where}: {scripts} bytes of JavaScript"
        assert blocking.count() == 0, f"{where}: render-blocking script in <head>"

    def check_layout(self, label: str) -> None:
        """No sideways scrolling, a readable top bar, the page's own files all found, and
        (for the shop's pages) a description for search engines."""
        where = f"{label} ({self.path})"
        wide = self.page.evaluate(OVERFLOW)
        assert not wide, f"{where}: scrolls sideways at {self.viewport['width']}px: {wide}"
        header = self.page.evaluate(HEADER)
        assert not header["problems"], f"{where}: the top bar: {header['problems']}"
        assert not self.missing, f"{where}: not found: {self.missing}"
        if not self.path.startswith(("/staff", "/marketing")):
            description = self.page.locator('meta[name="description"]')
            assert description.count() == 1, f"{where}: no meta description"
            assert len(description.get_attribute("content") or "") > 20, f"{where}: no description"

    def _check_accessibility(self, label: str) -> None:
        self.page.evaluate(AXE_SOURCE)
        violations = [v for v in self.page.evaluate(AXE_RUN) if v["impact"] in BLOCKING_IMPACTS]
        assert not violations, f"{label} ({self.path}): axe-core found {violations}"

    # -- the keyboard ---------------------------------------------------------------------

    def tab_to(self, target: Locator, *, backwards: bool = False, limit: int = 250) -> None:
        """Press Tab (or Shift+Tab) until `target` has the focus, as a keyboard user does."""
        key = "Shift+Tab" if backwards else "Tab"
        for _ in range(limit):
            self.page.keyboard.press(key)
            if target.evaluate("element => element === document.activeElement"):
                return
        raise AssertionError(f"{target} never got the focus in {limit} presses of {key}")

    def press_on(self, target: Locator, key: str = "Enter") -> None:
        self.tab_to(target)
        self.page.keyboard.press(key)
