"""The two engines besides chromium that the readers' phones run, from Debian, driven without any
download: WebKit (WebKitGTK's ``WebKitWebDriver`` and its MiniBrowser, through Selenium, on an
Xvfb display) and Firefox ESR (through WebDriver BiDi by ``puppeteer-core`` from npm, pinned,
``tests/js/firefox_driver.mjs``). Both offer the same few calls (``Engine``), so one test runs
in either. The browser's clock starts at a fixed instant and runs on, so no test reads the real
date: in WebKit through Debian's libfaketime, preloaded into the browser's processes only; in
Firefox, which hangs at start under libfaketime, through a script that runs before the page's
own (BiDi's preload scripts) and replaces ``Date``, as Playwright's clock does in chromium."""

from __future__ import annotations

import contextlib
import datetime as dt
import itertools
import json
import os
import shutil
import subprocess
import time
import warnings
from pathlib import Path

from npm import npm_tools
from pages import CARRIER, carrier_ids
from servers import LIBFAKETIME

WEBKIT_DRIVER = "/usr/bin/WebKitWebDriver"
MINIBROWSER = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser"
FIREFOX = "/usr/bin/firefox-esr"
#: The WebDriver BiDi client; 24.x is the last line that runs on Debian 12's Node 20.
PUPPETEER = {"puppeteer-core": "24.43.1"}
DRIVER_JS = Path(__file__).resolve().parent.parent / "tests" / "js" / "firefox_driver.mjs"
#: What ``make test`` installs for each engine (the Makefile's ``browser`` target).
NEEDS = {"webkit": [WEBKIT_DRIVER, MINIBROWSER, "/usr/bin/Xvfb"], "firefox": [FIREFOX, "/usr/bin/node"]}


def missing(engine: str) -> list[str]:
    return [p for p in NEEDS[engine] if not os.access(p, os.X_OK)]


def clock_from(instant: dt.datetime) -> dict[str, str]:
    """Environment that starts a browser's clock at ``instant`` (aware) and lets it run; monotonic
    clocks stay real, so the browser's timers keep time."""
    utc = instant.astimezone(dt.timezone.utc).strftime("%Y-%m-%d %H:%M:%S")
    return {"LD_PRELOAD": LIBFAKETIME, "FAKETIME": f"@{utc}", "FAKETIME_DONT_FAKE_MONOTONIC": "1", "TZ": "UTC"}




@contextlib.contextmanager
def xvfb():
    """An Xvfb display of its own (``-displayfd`` picks a free number); yields ``:N``."""
    read, write = os.pipe()
    process = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1400x1000x24", "-nolisten", "tcp"],
                               pass_fds=(write,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write)
    try:
        with os.fdopen(read) as pipe:
            number = pipe.readline().strip()
        if not number:
            raise RuntimeError("Xvfb did not start")
        yield f":{number}"
    finally:
        process.terminate()
        process.wait(timeout=10)


class Engine:
    """One browser and the page it shows. ``js(body, *args)`` runs a function body (``return``
    gives the value, ``arguments`` the args) in the page; the rest are a reader's actions."""

    name: str

    def goto(self, url: str, width: int = 1280, height: int = 900) -> None: ...
    def js(self, body: str, *args): ...
    def click(self, css: str) -> None: ...
    def press(self, css: str, key: str) -> None: ...
    def type(self, css: str, text: str) -> None: ...
    def screenshot(self, path: Path) -> None: ...
    def errors(self) -> list[str] | None: ...

    def wait(self, body: str, *args, timeout: float = 20) -> None:
        """Until the function body returns something true in the page."""
        deadline = time.monotonic() + timeout
        while not self.js(body, *args):
            if time.monotonic() > deadline:
                raise TimeoutError(body)
            time.sleep(0.05)

    def choose_carrier(self, carrier: str) -> None:
        """The carrier slider moved to ``carrier`` from the keyboard: one arrow key per stop
        between the one shown and the one wanted (``pages.choose_carrier``'s way)."""
        now, want = int(self.js(f"return document.querySelector('{CARRIER}').value")), carrier_ids().index(carrier)
        for _ in range(abs(want - now)):
            self.press(CARRIER, "ArrowRight" if want > now else "ArrowLeft")
        assert self.js(f"return document.querySelector('{CARRIER}').value") == str(want), carrier

    def set_date(self, css: str, iso: str) -> None:
        """A date input's value set and its ``change`` sent: each engine draws its own date
        picker, which no WebDriver types into the same way."""
        self.js("const i = document.querySelector(arguments[0]); i.value = arguments[1];"
                "i.dispatchEvent(new Event('change', {bubbles: true}));", css, iso)


class WebKit(Engine):
    """WebKitGTK's MiniBrowser through ``WebKitWebDriver`` (Selenium's ``WebKitGTKOptions``)."""

    name = "webkit"
    KEYS = {"ArrowRight": "\ue014", "ArrowLeft": "\ue012", "Enter": "\ue007"}

    def __init__(self, env: dict[str, str]):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        options = Options()
        options.binary_location = MINIBROWSER
        options.add_argument("--automation")
        with warnings.catch_warnings():
            # Selenium's own WebKitGTK class hands its service's URL to RemoteConnection the way
            # Selenium itself deprecates (4.51); the suite turns warnings into errors.
            warnings.filterwarnings("ignore", "setting remote_server_addr", DeprecationWarning)
            self.driver = webdriver.WebKitGTK(options=options, service=Service(executable_path=WEBKIT_DRIVER, env=env))
        self.version = self.driver.capabilities.get("browserVersion", "?")

    def _el(self, css):
        from selenium.webdriver.common.by import By

        return self.driver.find_element(By.CSS_SELECTOR, css)

    def goto(self, url, width=1280, height=900):
        self.driver.set_window_size(width, height)
        self.driver.get(url)

    def js(self, body, *args):
        return self.driver.execute_script(body, *args)

    def click(self, css):
        self._el(css).click()

    def press(self, css, key):
        self._el(css).send_keys(self.KEYS[key])

    def type(self, css, text):
        el = self._el(css)
        el.clear()
        el.send_keys(text)

    def screenshot(self, path):
        self.driver.save_screenshot(str(path))

    def errors(self):
        return None  # WebKitWebDriver offers no console log

    def quit(self):
        self.driver.quit()


class Firefox(Engine):
    """Debian's Firefox ESR over WebDriver BiDi: ``tests/js/firefox_driver.mjs`` in Node."""

    name = "firefox"

    def __init__(self, env: dict[str, str]):
        folder = npm_tools("puppeteer", PUPPETEER)
        self.process = subprocess.Popen(["node", str(DRIVER_JS), str(folder / "node_modules")], env=env, text=True,
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        self.ids = itertools.count()
        self.version = self._call("version")

    def _call(self, op, **args):
        n = next(self.ids)
        self.process.stdin.write(json.dumps({"id": n, "op": op, **args}) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the Firefox driver ended: {self.process.stderr.read()[-2000:]}")
        reply = json.loads(line)
        assert reply["id"] == n
        if not reply["ok"]:
            raise RuntimeError(f"{op}: {reply['error']}")
        return reply["value"]

    def goto(self, url, width=1280, height=900):
        self._call("goto", url=url, width=width, height=height)

    def js(self, body, *args):
        return self._call("js", body=body, args=list(args))

    def wait(self, body, *args, timeout=20):
        self._call("waitFor", body=body, args=list(args), timeout=timeout * 1000)

    def click(self, css):
        self._call("click", css=css)

    def press(self, css, key):
        self._call("press", css=css, key=key)

    def type(self, css, text):
        self._call("type", css=css, text=text)

    def screenshot(self, path):
        self._call("screenshot", file=str(path))

    def errors(self):
        return self._call("errors")

    def quit(self):
        with contextlib.suppress(Exception):
            self._call("quit")
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)
        for stream in (self.process.stdin, self.process.stdout, self.process.stderr):
            stream.close()


@contextlib.contextmanager
def engine(name: str, clock: dt.datetime):
    """``name``'s browser (``webkit`` or ``firefox``), its clock started at ``clock``."""
    if name == "webkit":
        with xvfb() as display:
            browser = WebKit({**os.environ, **clock_from(clock), "DISPLAY": display})
            try:
                yield browser
            finally:
                browser.quit()
    else:
        if not shutil.which("node"):
            raise RuntimeError("node is missing: `make test` installs Debian's nodejs")
        browser = Firefox({**os.environ, "CARDGUIDE_CLOCK_MS": str(int(clock.timestamp() * 1000))})
        try:
            yield browser
        finally:
            browser.quit()
