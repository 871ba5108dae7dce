"""What the concerns share: the browser, the throttled phone, the servers, percentiles."""

from __future__ import annotations

import contextlib
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT / "harness"))

from servers import (CHROMIUM, CHROMIUM_ARGS, free_port, isolated_env, nginx_running, quiet,  # noqa: E402,F401
                     refilled, running, wait_log)

#: The link every page is opened on: a day whose answer crosses National Day.
LINK = "?date=2026-09-28"
#: Lighthouse's mobile figures, as the issue's phone: 150 ms, 1.6 Mbit/s down, 750 kbit/s up, CPU 4x.
PHONE_NET = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
PLOTLY = ROOT / "cardguide" / "jupyter" / "voila" / "templates" / "cardguide" / "static" / "plotly-basic.min.js"
NGINX_CONF = """
worker_processes 2;
pid {tmp}/nginx.pid;
error_log {tmp}/error.log;
events {{ worker_connections 1024; }}
http {{
  include /etc/nginx/mime.types;
  access_log off;
  client_body_temp_path {tmp}/body; proxy_temp_path {tmp}/proxy; fastcgi_temp_path {tmp}/fastcgi;
  uwsgi_temp_path {tmp}/uwsgi; scgi_temp_path {tmp}/scgi;
  gzip_static on;
  gzip on; gzip_types text/css application/json text/javascript application/javascript image/svg+xml;
  server {{
    listen 127.0.0.1:{port};
    root {root};
    location /reader/v/ {{ add_header Cache-Control "public, max-age=31536000, immutable"; }}
    location = /reader/index.html {{ add_header Cache-Control "no-cache"; }}
  }}
}}
"""


def percentile(values, q: float) -> float:
    """The nearest-rank percentile (``q`` in 0-100; p95 of twenty is the nineteenth)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) + 1)) - 1))]


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def attempt(measure, *args, **kwargs):
    """One measurement, or None with the reason on stderr: one part that fails does not cost the
    rest of the table (the smoke test then finds the hole)."""
    try:
        return measure(*args, **kwargs)
    except Exception as exc:  # noqa: BLE001 - any failure is reported and the run goes on
        print(f"{getattr(measure, '__name__', measure)}: {type(exc).__name__}: {str(exc).splitlines()[0][:300]}",
              file=sys.stderr, flush=True)
        return None


def in_thread(function, *args):
    """``function(*args)`` in a thread of its own: asyncio.run beside Playwright's sync API, whose
    loop runs in this one."""
    import concurrent.futures

    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(function, *args).result()


def throttled_phone(browser, **context):
    """A 390 px touch phone on PHONE_NET with a 4x slower CPU, through the DevTools protocol."""
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True,
                              device_scale_factor=2, **context)
    page = ctx.new_page()
    cdp = ctx.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", PHONE_NET)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": 4})
    return ctx, page


@contextlib.contextmanager
def reader_site(built):
    """The reader's page (``cardguide site``) behind nginx on a free loopback port, at ``/reader/``
    as deploy/nginx.conf serves it: the server's URL and the site's folder."""
    from cardguide.site import write_site

    www = Path(tempfile.mkdtemp(prefix="cardguide-site-"))
    tmp = Path(tempfile.mkdtemp(prefix="cardguide-nginx-"))
    try:
        write_site(www / "reader", built=built)
        for folder in (www, www / "reader"):
            folder.chmod(0o755)  # nginx's workers are another user
        port = free_port()
        conf = tmp / "nginx.conf"
        conf.write_text(NGINX_CONF.format(tmp=tmp, port=port, root=www))
        with nginx_running(conf, tmp, port):
            yield f"http://127.0.0.1:{port}/", www / "reader"
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(www, ignore_errors=True)


class Dashboard:
    """The Voilà page exactly as ``python -m cardguide serve`` runs it, its pool filled and one
    viewer served (a public server's first viewer gets brotli's quick quality, everyone after the
    best). ``ready()`` before each measured visit: a preheated kernel on a quiet machine."""

    def __init__(self, tmp: Path, *, smoke: bool = False, **options):
        self.tmp, self.smoke, self.fills, self.options = tmp, smoke, 0, options

    def __enter__(self):
        from cardguide.serve import voila_command

        port = free_port()
        self.url = f"http://127.0.0.1:{port}/"
        self.log = self.tmp / "voila.log"
        self._running = running(voila_command(port, **self.options), isolated_env(self.tmp), self.url + "voila/static/voila.js", self.log)
        self.proc = self._running.__enter__()
        wait_log(self.log, "is filled with", self.proc)
        self.fills = 1
        return self

    def __exit__(self, *exc):
        return self._running.__exit__(*exc)

    def took(self, kernels: int = 1) -> None:
        """``kernels`` were handed out since the last ``ready``: their refills are to wait for."""
        self.fills += kernels

    def ready(self, settle_s: float = 20) -> None:
        """Every refill done (voila.json's 15 s delay, then its drawing), the machine quiet."""
        refilled(self.log, self.fills, timeout=300)
        if not self.smoke:
            time.sleep(settle_s)
        quiet(self.proc.pid)


@contextlib.contextmanager
def lab_template(tmp: Path, **options):
    """The dashboard notebook and the widget floor (``floor.ipynb``: an ipywidgets slider updating an
    HTML widget) on Voilà's own lab template, preheated like cardguide's (directory mode): yields
    the base URL of its notebooks, its log and process."""
    from cardguide.serve import voila_command
    from cardguide.serve import notebook_path

    root = tmp / "notebooks"
    root.mkdir()
    shutil.copy(notebook_path(), root / "dashboard.ipynb")
    shutil.copy(HERE / "floor.ipynb", root / "floor.ipynb")
    port = free_port()
    log = tmp / "lab.log"
    command = voila_command(port, root, **{"VoilaConfiguration.template": "lab", "VoilaKernelManager.fill_delay": 0,
                                           **options}) + [
        "--VoilaKernelManager.preheat_denylist=floor.ipynb"]
    with running(command, isolated_env(tmp), f"http://127.0.0.1:{port}/voila/static/voila.js", log) as proc:
        wait_log(log, "is filled with", proc)
        yield f"http://127.0.0.1:{port}/voila/render/", log, proc


def span(values, fmt: str = "{:.2f}") -> str:
    """``low-high`` of the values (one value if they print alike); ``-`` when there are none."""
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    low, high = fmt.format(min(values)), fmt.format(max(values))
    return low if low == high else f"{low}-{high}"
