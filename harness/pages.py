"""What the tests and the benchmarks look for on the module's page (the reader's page, the Voilà
page, a widget): the chart's title, once the module has drawn its answer, and the kernel's
Plotly Gantt where a kernel draws it."""

from __future__ import annotations

import time
import tomllib
from pathlib import Path

#: The Gantt's title (the module's caption, whichever Gantt is drawn under it).
CHART_TITLE = ".cg-chart .cg-chart-title"
#: The kernel's Plotly Gantt, drawn in the module's chart box.
KERNEL_CHART = ".cg-chart[data-drawn=plotly]"


#: The carrier slider: one stop per carrier, in the order of the packaged carriers.toml.
CARRIER = ".cg-carrier"


def carriers_toml() -> list[dict]:
    """The packaged ``carriers.toml``'s carriers, read here with tomllib (not through the package):
    the carrier slider's stops, left to right, and their names."""
    toml = Path(__file__).resolve().parent.parent / "cardguide" / "data" / "carriers.toml"
    return tomllib.loads(toml.read_text("utf-8"))["carrier"]


def carrier_ids() -> list[str]:
    return [c["id"] for c in carriers_toml()]


def carrier_name(carrier: str, lang: str) -> str:
    """The carrier's name in ``lang`` as ``carriers.toml`` writes it (what the slider speaks)."""
    return next(c["name"][lang] for c in carriers_toml() if c["id"] == carrier)


def choose_carrier(scope, carrier: str) -> None:
    """The carrier slider (in ``scope``: a page, a frame or a locator) moved to ``carrier`` as a
    reader does from the keyboard: one arrow key per stop between the one shown and the one
    wanted, each a step the page answers."""
    slider = scope.locator(CARRIER)
    now, want = int(slider.input_value()), carrier_ids().index(carrier)
    for _ in range(abs(want - now)):
        slider.press("ArrowRight" if want > now else "ArrowLeft")
    assert slider.input_value() == str(want), (slider.input_value(), carrier)


def tap_carrier(page, carrier: str) -> None:
    """A touch phone's way: a tap on the carrier slider's track straight above ``carrier``'s name
    under it (the page must have a touch screen: ``has_touch``)."""
    slider = page.locator(CARRIER)
    slider.scroll_into_view_if_needed()
    name = page.locator(".cg-stop").nth(carrier_ids().index(carrier)).bounding_box()
    track = slider.bounding_box()
    page.touchscreen.tap(name["x"] + name["width"] / 2, track["y"] + track["height"] / 2)


def shown_carrier(scope) -> str:
    """The carrier the slider shows, as its id (its stop's place in ``carrier_ids``)."""
    return carrier_ids()[int(scope.locator(CARRIER).input_value())]


def chart_title(page) -> str:
    return page.text_content(CHART_TITLE)


def wait_drawn(page, timeout: float = 90_000, *, year: bool = False, kernel: bool = False) -> None:
    """Until the module has drawn its answer and chart (with ``year``, the year view's days too;
    with ``kernel``, the kernel's Plotly Gantt, the chart scrolled to first: plotly.js loads when
    the chart is on screen)."""
    page.wait_for_selector(".cg-reader.cg-mounted " + CHART_TITLE, timeout=timeout)
    if year:
        page.wait_for_selector(".cg-year [data-day]", timeout=30_000)
    if kernel:
        # Scrolled to again until drawn: a reloaded page's own scroll restoration may move the
        # chart away again after a first scroll (plotly.js loads once the chart is on screen).
        deadline = time.monotonic() + timeout / 1000
        while True:
            page.locator(".cg-chart").first.scroll_into_view_if_needed(timeout=timeout)
            try:
                page.wait_for_selector(KERNEL_CHART, timeout=2_000)
                return
            except Exception:  # noqa: BLE001 - playwright's TimeoutError; the deadline decides
                if time.monotonic() > deadline:
                    raise


def wait_chart_changed(page, before: str, timeout: float = 30_000) -> None:
    """Until the chart's title is no longer ``before``."""
    page.wait_for_function("([sel, before]) => document.querySelector(sel)?.textContent !== before",
                           arg=[CHART_TITLE, before], timeout=timeout)


def refs_elsewhere(page_url: str, html: str) -> tuple[list, list]:
    """Every ``src``/``href`` of a script, style sheet, image or frame in ``html``, and those of
    them that ask another host than ``page_url``'s (``data:`` URIs ask nobody)."""
    from html.parser import HTMLParser
    from urllib.parse import urljoin, urlsplit

    found: list[tuple[str, str]] = []

    class Refs(HTMLParser):
        def handle_starttag(self, tag, attrs):
            attrs = dict(attrs)
            for name in ("src", "href"):
                if tag in ("script", "link", "img", "iframe") and attrs.get(name):
                    found.append((tag, attrs[name]))

    Refs().feed(html)
    here = urlsplit(page_url)
    elsewhere = [(tag, ref) for tag, ref in found if not ref.startswith("data:")
                 and (urlsplit(urljoin(page_url, ref)).netloc != here.netloc
                      or urlsplit(urljoin(page_url, ref)).scheme != here.scheme)]
    return found, elsewhere


class KernelWire:
    """The Voilà page's kernel websocket, routed through Playwright (``page.route_web_socket``),
    between the page and the real server: ``held``, the server's messages are kept back until
    ``release()`` (a kernel that is late, as on a slow downlink); ``cut()`` closes it and refuses
    it until ``mend()`` (a dropped connection, the kernel still there); ``inject(frame)`` hands the
    page a frame as if the server had sent it (text or bytes)."""

    def __init__(self, page, *, held: bool = False):
        import re

        self.held, self.down, self.kept, self.open, self.opened = held, False, [], [], 0
        page.route_web_socket(re.compile(r"/api/kernels/[^/?]+/channels"), self._route)

    def _route(self, ws) -> None:
        self.opened += 1
        if self.down:
            ws.close()
            return
        server = ws.connect_to_server()
        self.open.append((ws, server))

        def from_server(message):
            if self.held:
                self.kept.append((ws, message))
            else:
                ws.send(message)

        server.on_message(from_server)

    def release(self) -> None:
        self.held = False
        kept, self.kept = self.kept, []
        for ws, message in kept:
            ws.send(message)

    def inject(self, frame) -> None:
        self.open[-1][0].send(frame)

    def cut(self) -> None:
        self.down = True
        open_, self.open = self.open, []
        for ws, server in open_:
            server.close()
            ws.close()

    def mend(self) -> None:
        self.down = False
