"""Start real servers for browser tests: Voilà via cardguide.serve, JupyterLab and marimo."""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from cardguide.serve import voila_command

CHROMIUM = "/usr/bin/chromium"
#: The day the served dashboard takes as today (Beijing), so no browser test reads the clock.
TODAY = dt.date(2026, 11, 25)
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
#: A phone's screen for a browser context: 390x844 CSS px, touch, two device pixels to one.
PHONE = dict(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True, device_scale_factor=2)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


#: Debian's libfaketime (package ``faketime``), preloaded into one server's processes only.
LIBFAKETIME = "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"


#: Seconds a process under libfaketime keeps the offset it read from its file (``clock_at``'s
#: ``file``) before it reads the file again.
CLOCK_REREAD = 1


def clock_at(instant: dt.datetime, file: Path | None = None) -> dict[str, str]:
    """Environment that starts a server's clock (and its kernels') at ``instant`` (aware) and
    lets it run; monotonic clocks stay real, so timeouts keep working. ``file``: the offset is
    kept in this file, which every process re-reads each ``CLOCK_REREAD`` s (libfaketime's
    ``FAKETIME_TIMESTAMP_FILE``), so ``move_clock`` can move the clock of the running server."""
    offset = round(instant.timestamp() - time.time())
    shim = Path(__file__).resolve().parent / "faketime_shim"  # time.sleep around libfaketime#426
    env = {"LD_PRELOAD": LIBFAKETIME, "FAKETIME": f"{offset:+d}", "FAKETIME_DONT_FAKE_MONOTONIC": "1",
           "PYTHONPATH": os.pathsep.join(filter(None, [str(shim), os.environ.get("PYTHONPATH")]))}
    if file is not None:
        move_clock(file, instant)
        del env["FAKETIME"]
        env.update(FAKETIME_TIMESTAMP_FILE=str(file), FAKETIME_CACHE_DURATION=str(CLOCK_REREAD))
    return env


def move_clock(file: Path, instant: dt.datetime) -> None:
    """Every process started with ``clock_at(..., file)`` reads ``instant`` (aware) as now within
    ``CLOCK_REREAD`` s, and its clock runs on from there."""
    offset = round(instant.timestamp() - time.time())
    draft = file.with_name(file.name + ".new")
    draft.write_text(f"{offset:+d}\n")
    os.replace(draft, file)  # read whole or not at all


def isolated_env(tmp: Path, today: dt.date | None = TODAY, extra: dict[str, str] | None = None) -> dict[str, str]:
    """No user or system Jupyter configuration leaks into the servers under test. ``today``
    fixes the page's today, whatever the real date (None: the server's clock decides)."""
    env = dict(os.environ)
    env.pop("CARDGUIDE_TODAY", None)
    if today is not None:
        env["CARDGUIDE_TODAY"] = today.isoformat()
    env.update(extra or {})
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"),
               JUPYTER_DATA_DIR=str(tmp / "data"), IPYTHONDIR=str(tmp / "ipython"))
    env.pop("CARDGUIDE_CARRIERS", None)
    return env


def wait_http(url: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=30) as response:
                if response.status == 200:
                    return
        time.sleep(0.5)
    raise TimeoutError(url)


def wait_log(log: Path, text: str, process: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log.read_text(errors="replace"):
            return
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}")
        time.sleep(0.3)
    raise TimeoutError(text)


def refilled(log: Path, times: int, pool: int | None = None, timeout: float = 600) -> None:
    """Until Voilà's log says its kernel pool was filled ``times`` times (once at the start,
    again after each kernel it hands out); ``pool``: only fills to that size count."""
    text = "is filled with" if pool is None else f"is filled with {pool} kernel"
    deadline = time.monotonic() + timeout
    while log.read_text(errors="replace").count(text) < times:
        if time.monotonic() > deadline:
            raise TimeoutError("the kernel pool did not refill")
        time.sleep(0.2)


@contextlib.contextmanager
def running(args: list[str], env: dict[str, str], ready_url: str, log: Path, cwd: Path | None = None):
    with open(log, "wb") as out:
        process = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, cwd=cwd)
        try:
            wait_http(ready_url, process)
            yield process
        finally:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=20)  # reaped: no process outlives its Popen


@contextlib.contextmanager
def voila(tmp: Path, *, preheat: bool = True, pool_size: int = 1, notebook: Path | None = None,
          port: int | None = None, today: dt.date | None = TODAY, env: dict[str, str] | None = None,
          base_url: str = "/", **options):
    port = port or free_port()
    url = f"http://127.0.0.1:{port}{base_url}"
    if base_url != "/":
        options["base_url"] = base_url
    if not preheat:
        options["preheat"] = False
    if pool_size != 1:
        options["pool_size"] = pool_size
    args = voila_command(port, notebook, **options)
    # A static file proves the server is up without taking a kernel from the preheated pool.
    with running(args, isolated_env(tmp, today, env), url + "voila/static/voila.js", tmp / "voila.log") as proc:
        if preheat:
            wait_log(tmp / "voila.log", "is filled with", proc)
        yield url, proc


@contextlib.contextmanager
def jupyterlab(tmp: Path, root: Path, *, app: str = "jupyterlab", settings: dict[str, dict] | None = None):
    """JupyterLab (``app="jupyterlab"``) or Notebook 7 (``app="notebook"``, the same front end's
    other shell) on loopback, no token, nothing from the user's configuration. ``settings``: a
    plugin's settings as a user would have saved them (``{"@jupyterlab/apputils-extension:themes":
    {"theme": "JupyterLab Dark"}}``), written to the isolated settings folder."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    args = [sys.executable, "-m", app, "--no-browser", f"--port={port}", "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=", "--ServerApp.password=", f"--ServerApp.root_dir={root}",
            "--LabApp.news_url=None", "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if app == "notebook":  # Notebook 7 has no news or update check to turn off
        del args[-2:]
    if os.geteuid() == 0:  # CI runs as root
        args.append("--ServerApp.allow_root=True")
    env = isolated_env(tmp)
    # The user settings folder (JupyterLab's and Notebook 7's), inside the isolated config dir.
    env["JUPYTERLAB_SETTINGS_DIR"] = str(tmp / "config" / "lab" / "user-settings")
    for plugin, values in (settings or {}).items():
        package, name = plugin.split(":")
        target = Path(env["JUPYTERLAB_SETTINGS_DIR"], package, f"{name}.jupyterlab-settings")
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(values), "utf-8")
    with running(args, env, url + "api/status", tmp / f"{app}.log") as proc:
        yield url, proc


def descendants(pid: int) -> list[int]:
    """A process and all its descendants (the server and its kernels)."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            children.setdefault(int(fields[1]), []).append(int(entry))
    tree, todo = [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo += children.get(current, [])
    return tree


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants (the server and its kernels)."""
    total = 0
    for current in descendants(pid):
        try:
            status = Path(f"/proc/{current}/status").read_text()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def kernel_processes(pid: int) -> int:
    """How many ipykernel processes run under the server ``pid``."""
    count = 0
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
                ppid = int(Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            if ppid == pid and "ipykernel" in cmdline:
                count += 1
    return count


def kernel_pid(page_html: str) -> int:
    """The process of a Voilà page's own kernel, found by its connection file."""
    kernel_id = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', page_html).group(1)
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            if f"kernel-{kernel_id}.json" in Path(f"/proc/{pid}/cmdline").read_bytes().decode(errors="replace"):
                return int(pid)
        except OSError:
            continue
    raise LookupError(kernel_id)


def rss_mb(pid: int) -> float:
    """Resident memory of one process."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmRSS:\s+(\d+) kB", status).group(1)) / 1024


def cpu_seconds(pid: int) -> float:
    """User and system CPU of a process and all its descendants."""
    total = 0.0
    for current in descendants(pid):
        try:
            fields = Path(f"/proc/{current}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def cpu_snapshot() -> dict[int, tuple[str, float]]:
    """Every process's command line and CPU seconds so far (a ledger to subtract from)."""
    ledger = {}
    for entry in filter(str.isdigit, os.listdir("/proc")):
        try:
            fields = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            cmdline = Path(f"/proc/{entry}/cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        ledger[int(entry)] = (cmdline, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK"))
    return ledger


def cpu_spent(before: dict, after: dict, server: int) -> dict[str, float]:
    """CPU seconds between two snapshots, by who spent them: the server's own process, its
    kernels, and chromium (every browser process: renderers, GPU, network)."""
    spent = {"server": 0.0, "kernels": 0.0, "browser": 0.0}
    for pid, (cmdline, seconds) in after.items():
        used = seconds - before.get(pid, (cmdline, 0.0))[1]
        if pid == server:
            spent["server"] += used
        elif "ipykernel" in cmdline:
            spent["kernels"] += used
        elif "chrom" in cmdline:
            spent["browser"] += used
    return {who: round(seconds, 2) for who, seconds in spent.items()}


def quiet(pid: int, timeout: float = 600) -> None:
    """Wait until the pool's kernels have finished drawing (the tree's CPU use settles)."""
    deadline, last = time.monotonic() + timeout, cpu_seconds(pid)
    while time.monotonic() < deadline:
        time.sleep(2)
        now = cpu_seconds(pid)
        if now - last < 0.2:
            return
        last = now
    raise TimeoutError("the server never settled")


class SeverableProxy:
    """A loopback TCP proxy in front of a server that can be cut like a phone's connection when
    it puts a tab in the background: ``cut()`` closes every open connection and refuses new
    ones (nothing listens on the port), ``mend()`` listens again on the same port."""

    def __init__(self, target_port: int):
        import threading

        self.target, self.port = target_port, free_port()
        self._lock, self._conns, self._listener = threading.Lock(), [], None
        self.mend()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    def mend(self) -> None:
        import threading

        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen(64)
        self._listener = listener
        threading.Thread(target=self._accept, args=(listener,), daemon=True).start()

    def cut(self) -> None:
        with self._lock:
            listener, self._listener = self._listener, None
            conns, self._conns = self._conns, []
        for sock in [listener, *conns]:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def _accept(self, listener: socket.socket) -> None:
        import threading

        while True:
            try:
                client, _ = listener.accept()
            except OSError:
                return
            try:
                upstream = socket.create_connection(("127.0.0.1", self.target))
            except OSError:
                client.close()
                continue
            with self._lock:
                if self._listener is not listener:  # cut while connecting
                    client.close(), upstream.close()
                    return
                self._conns += [client, upstream]
            for a, b in ((client, upstream), (upstream, client)):
                threading.Thread(target=self._pipe, args=(a, b), daemon=True).start()

    @staticmethod
    def _pipe(source: socket.socket, sink: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                sink.sendall(data)
        except OSError:
            pass
        finally:
            for sock in (source, sink):
                with contextlib.suppress(OSError):
                    sock.shutdown(socket.SHUT_RDWR)


def set_hidden(page, hidden: bool) -> None:
    """What the page sees when a phone puts its tab behind another app (``hidden``) or brings it
    back: ``document.hidden``, ``visibilityState`` and a ``visibilitychange`` event. Headless
    Chromium keeps every page visible, so the page is told."""
    page.evaluate("""(hidden) => {
        Object.defineProperty(document, "hidden", {configurable: true, get: () => hidden});
        Object.defineProperty(document, "visibilityState", {configurable: true, get: () => hidden ? "hidden" : "visible"});
        document.dispatchEvent(new Event("visibilitychange"));
    }""", hidden)


class _QuietStatic(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@contextlib.contextmanager
def serve_static(folder: Path):
    """``folder`` served by a plain static server (Python's http.server) on loopback; yields its URL."""
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietStatic, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def marimo(tmp: Path, notebook: Path, today: dt.date | None = TODAY):
    """``marimo run NOTEBOOK --headless`` on loopback with no token (the ``marimo`` extra): the
    notebook as an app, a session (a run of every cell) for each page that opens it. No user
    configuration leaks in (marimo reads ``~/.marimo.toml`` or ``$XDG_CONFIG_HOME/marimo/``, and
    ``.marimo.toml`` in the working folder and its parents: all under ``tmp`` here), and it asks
    nobody whether a newer marimo exists."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    home = tmp / "home"
    home.mkdir(exist_ok=True)
    env = isolated_env(tmp, today, {"HOME": str(home), "XDG_CONFIG_HOME": str(home / ".config"),
                                    "XDG_CACHE_HOME": str(home / ".cache"), "MARIMO_SKIP_UPDATE_CHECK": "1"})
    args = [sys.executable, "-m", "marimo", "run", str(notebook), "--headless", "--host=127.0.0.1", f"--port={port}",
            "--no-token", "--no-sandbox"]
    with running(args, env, url + "health", tmp / "marimo.log", cwd=home) as proc:
        yield url, proc


#: Debian's nginx (nginx-light, which `make browser` installs).
NGINX = "/usr/sbin/nginx"


@contextlib.contextmanager
def nginx_running(conf: Path, prefix: Path, port: int):
    """nginx running ``conf`` (its prefix folder ``prefix``) in the foreground until the block
    ends, once ``port`` of 127.0.0.1 answers; the configuration checked first (``nginx -t``)."""
    if not Path(NGINX).is_file():
        raise RuntimeError(f"{NGINX} is missing: `make test` installs Debian's nginx-light")
    check = subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(prefix)], capture_output=True, text=True)
    if check.returncode:
        raise RuntimeError(check.stderr)
    proc = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(prefix), "-g", "daemon off;"])
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError):
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            time.sleep(0.1)
        yield proc
    finally:
        proc.terminate()
        proc.wait(timeout=20)
