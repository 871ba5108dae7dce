"""Serve the dashboard notebook with Voilà: loopback only, preheated kernels, offline template."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
from importlib import resources
from pathlib import Path

from .errors import CardguideError

PACKAGE = Path(__file__).resolve().parent
NOTEBOOK = PACKAGE.parent / "notebooks" / "dashboard.ipynb"


def voila_command(port: int = 8866, notebook: Path = NOTEBOOK, *, preheat: bool = True,
                  pool_size: int = 1, ip: str = "127.0.0.1", cull_idle_timeout: int = 120,
                  cull_interval: int = 30) -> list[str]:
    """Voilà's command line. One preheated kernel: with two started at once, the first often
    never answered its viewer (measured 3 hangs in 4 server starts; 0 in 3 with one)."""
    args = [
        sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={ip}",
        "--no-browser", "--template=cardguide", "--show_tracebacks=False",
        # No page typesets math; should one ever try, it asks this server, never a CDN.
        "--Voila.mathjax_url=/voila/templates/cardguide/static/no-mathjax.js",
        # A viewer who left frees their kernel after two idle minutes.
        f"--MappingKernelManager.cull_idle_timeout={cull_idle_timeout}",
        f"--MappingKernelManager.cull_interval={cull_interval}",
        # The Gantt widget brings its own plotly.js; the mime renderer's 4.8 MB bundle is unused.
        "--VoilaConfiguration.extension_denylist=jupyterlab-plotly",
    ]
    if preheat:
        args += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return args


def jupyter_dir() -> Path:
    """The ``cardguide`` Voilà template with plotly.js (from the plotly package) in its static
    files, so pages load it over HTTP from this server. Built once per template and plotly
    version, in the user's cache (or the temporary directory)."""
    template = PACKAGE / "jupyter"
    plotly_js = resources.files("plotly").joinpath("package_data/plotly.min.js")
    digest = hashlib.sha256()
    for path in sorted(p for p in template.rglob("*") if p.is_file()):
        digest.update(path.relative_to(template).as_posix().encode() + path.read_bytes())
    with resources.as_file(plotly_js) as source:
        digest.update(f"{source.stat().st_size}-{source.stat().st_mtime_ns}".encode())
        for base in (Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"), Path(tempfile.gettempdir())):
            root = base / "cardguide"
            target = root / f"jupyter-{digest.hexdigest()[:16]}"
            ready = target / "voila/templates/cardguide/static/plotly.min.js"
            if ready.is_file():
                return target
            building = None
            try:
                root.mkdir(parents=True, exist_ok=True)
                building = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
                shutil.copytree(template, building, dirs_exist_ok=True)
                shutil.copyfile(source, building / "voila/templates/cardguide/static/plotly.min.js")
                os.replace(building, target)  # atomic: a half-built copy is never used
                return target
            except OSError:
                if building is not None:
                    shutil.rmtree(building, ignore_errors=True)
                if ready.is_file():
                    return target  # another server built it first
    raise CardguideError("无法准备 Voilà 模板目录（缓存和临时目录都不可写）",
                         "Cannot prepare the Voilà template directory (cache and temporary directory are read-only)")


def voila_env() -> dict[str, str]:
    """The environment that lets Voilà find the ``cardguide`` template (with plotly.js)."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(jupyter_dir()), env.get("JUPYTER_PATH")]))
    return env


def serve(port: int = 8866, notebook: Path = NOTEBOOK, **options) -> int:
    """Run Voilà in the foreground until Ctrl-C; prints the address first."""
    notebook = Path(notebook)
    if not notebook.is_file():
        raise CardguideError(f"找不到仪表盘笔记本 {notebook}", f"Dashboard notebook not found: {notebook}")
    try:
        import nbformat

        nbformat.validate(nbformat.read(notebook, as_version=4))
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook gets the same clear message
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise CardguideError(f"仪表盘笔记本 {notebook} 无法读取：{reason}",
                             f"Dashboard notebook {notebook} cannot be read: {reason}") from None
    if not 1 <= port <= 65535:
        raise CardguideError(f"端口 {port} 无效", f"Port {port} is invalid")
    print(f"cardguide: http://127.0.0.1:{port}/  (Ctrl-C 停止 / to stop)", flush=True)
    process = subprocess.Popen(voila_command(port, notebook, **options), env=voila_env())
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
