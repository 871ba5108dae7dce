"""Serve the dashboard notebook with Voilà: loopback only, preheated kernels, offline template."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from .errors import CardguideError

PACKAGE = Path(__file__).resolve().parent
NOTEBOOK = PACKAGE.parent / "notebooks" / "dashboard.ipynb"


def voila_command(port: int = 8866, notebook: Path = NOTEBOOK, *, preheat: bool = True,
                  pool_size: int = 1, ip: str = "127.0.0.1") -> list[str]:
    """Voilà's command line. One preheated kernel: with two started at once, the first often
    never answered its viewer (measured 3 hangs in 4 server starts; 0 in 3 with one)."""
    args = [
        sys.executable, "-m", "voila", str(notebook), f"--port={port}", f"--Voila.ip={ip}",
        "--no-browser", "--template=cardguide", "--show_tracebacks=False",
        # No page typesets math; should one ever try, it asks this server, never a CDN.
        "--Voila.mathjax_url=/voila/templates/cardguide/static/no-mathjax.js",
        # A viewer who left frees their kernel after two idle minutes.
        "--MappingKernelManager.cull_idle_timeout=120", "--MappingKernelManager.cull_interval=30",
    ]
    if preheat:
        args += ["--preheat_kernel=True", f"--pool_size={pool_size}"]
    return args


def voila_env() -> dict[str, str]:
    """The environment that lets Voilà find the ``cardguide`` template inside the package."""
    env = dict(os.environ)
    env["JUPYTER_PATH"] = os.pathsep.join(filter(None, [str(PACKAGE / "jupyter"), env.get("JUPYTER_PATH")]))
    return env


def serve(port: int = 8866, notebook: Path = NOTEBOOK, **options) -> int:
    """Run Voilà in the foreground until Ctrl-C; prints the address first."""
    notebook = Path(notebook)
    if not notebook.is_file():
        raise CardguideError(f"找不到仪表盘笔记本 {notebook}", f"Dashboard notebook not found: {notebook}")
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
