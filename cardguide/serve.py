"""Serve the dashboard with Voilà: loopback only, preheated kernels, the offline template.

Everything ships inside the package: the dashboard notebook (``notebooks/dashboard.ipynb``)
and the ``cardguide`` Voilà template with plotly.js in its static files. A wheel installs the
template where Jupyter looks for data files (``<prefix>/share/jupyter``), so ``pip install .``
then ``python -m cardguide serve`` works from any directory. An editable install has no data
files; ``python -m cardguide develop`` links the template there instead (as ``jupyter
labextension develop`` does for a lab extension). Voilà's settings are a Voilà configuration
file in the package (``jupyter/voila.json``); the command line names it and the port.
"""

from __future__ import annotations

import signal
import subprocess
import sys
from importlib import resources
from pathlib import Path

from .errors import CardguideError
from .i18n import t
from .voila_adapter import TEMPLATE, TEMPLATES, WIDGETS_TEMPLATE, template_dirs

#: The templates as they sit in the package; the build installs them as Jupyter data files.
TEMPLATES_SOURCE = Path(__file__).resolve().parent / "jupyter" / "voila" / "templates"
TEMPLATE_SOURCE = TEMPLATES_SOURCE / TEMPLATE
#: The folder of cardguide's ``voila.json``: template, preheated pool, loopback, culling.
CONFIG_DIR = Path(__file__).resolve().parent / "jupyter"


def notebook_path() -> Path:
    """The packaged dashboard notebook (``notebooks/dashboard.ipynb`` in the repository is the
    same file; a test holds them equal)."""
    return Path(str(resources.files("cardguide").joinpath("notebooks/dashboard.ipynb")))


def develop() -> Path:
    """Link the package's templates into this environment's Jupyter data directory, for an
    editable install (which installs no data files). Returns the ``cardguide`` template's link."""
    links = [_link(name) for name in TEMPLATES]
    return links[0]


def _link(name: str) -> Path:
    source = TEMPLATES_SOURCE / name
    target = Path(sys.prefix) / "share" / "jupyter" / "voila" / "templates" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.is_symlink() or target.exists():
        if target.resolve() == source:
            return target
        if target.is_symlink():
            target.unlink()
        else:
            raise CardguideError.of("template_exists", path=target)
    target.symlink_to(source, target_is_directory=True)
    return target


def voila_command(port: int = 8866, notebook: Path | None = None, **overrides) -> list[str]:
    """Voilà's command line (``voila_adapter.app``: Voilà with gzip and cached static files): the
    notebook, the port and cardguide's ``voila.json`` (one preheated kernel, loopback, no tracebacks, no plotly mime renderer, idle kernels culled
    after two minutes). ``overrides`` are Voilà options that differ from the file, e.g.
    ``preheat=False``, ``pool_size=2``, ``ip=…`` or ``base_url=/prefix/``; the command line
    wins over the file."""
    args = [sys.executable, "-m", "cardguide.voila_adapter.app", str(notebook or notebook_path()), f"--port={port}",
            f"--Voila.config_file_paths={CONFIG_DIR}"]
    names = {"preheat": "preheat_kernel", "cull_idle_timeout": "MappingKernelManager.cull_idle_timeout",
             "cull_interval": "MappingKernelManager.cull_interval", "ip": "Voila.ip",
             "base_url": "Voila.base_url", "max_kernels": "PoolAwareKernelManager.max_kernels",
             "template": "VoilaConfiguration.template"}
    if overrides.get("base_url", "/") != "/":  # the file's path assumes the root
        overrides.setdefault("Voila.mathjax_url", f"{overrides['base_url']}{MATHJAX_STUB}")
    for name, value in overrides.items():
        args.append(f"--{names.get(name, name)}={value}")
    return args


#: Voilà's MathJax setting, pointed at a stub in the template (the page has no mathematics).
MATHJAX_STUB = "voila/templates/cardguide/static/no-mathjax.js"
#: Kernels a server may preheat: each is a Python process of about 150 MB.
MAX_POOL = 32


def check_ip(value: str) -> str:
    """An address to listen on: an IPv4 or IPv6 address (``0.0.0.0`` for every interface)."""
    import ipaddress

    try:
        return str(ipaddress.ip_address(value.strip("[]")))
    except ValueError:
        raise CardguideError.of("ip", value=value) from None


def check_base_url(value: str) -> str:
    """A path prefix as a proxy forwards it, normalised to ``/a/b/``."""
    import re

    prefix = "/" + value.strip("/") + "/" if value.strip("/") else "/"
    if not re.fullmatch(r"(/[A-Za-z0-9._~-]+)*/", prefix) or "/../" in prefix or "/./" in prefix:
        raise CardguideError.of("base_url", value=value)
    return prefix


def check_pool_size(value: int) -> int:
    if not 0 <= value <= MAX_POOL:
        raise CardguideError.of("pool_size", value=value, most=MAX_POOL)
    return value


#: Kernels a server may hold: far beyond any machine's memory for them.
MOST_KERNELS = 10_000


def max_kernels_default() -> int:
    """The bound ``serve`` uses unless told: from this machine's memory (``kernels.default_max_kernels``)."""
    import psutil

    from .voila_adapter.kernels import default_max_kernels

    return default_max_kernels(psutil.virtual_memory().total)


def check_max_kernels(value: int, pool_size: int) -> int:
    if not max(1, pool_size) <= value <= MOST_KERNELS:
        raise CardguideError.of("max_kernels", value=value, most=MOST_KERNELS, pool=pool_size)
    return value


def check_notebook(notebook: Path) -> Path:
    notebook = Path(notebook)
    if not notebook.is_file():
        raise CardguideError.of("notebook_missing", path=notebook)
    try:
        import nbformat

        nbformat.validate(nbformat.read(notebook, as_version=4))
    except Exception as exc:  # noqa: BLE001 - any unreadable notebook gets the same clear message
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        raise CardguideError.of("notebook_unreadable", path=notebook, reason=reason) from None
    return notebook


def serve(port: int = 8866, notebook: Path | None = None, lang: str = "zh", *, ip: str = "127.0.0.1",
          base_url: str = "/", pool_size: int | None = None, max_kernels: int | None = None,
          **options) -> int:
    """Run Voilà in the foreground until Ctrl-C; prints the address first. The notebook runs
    once first (``voila_adapter.kernels.first_run``): one that shows widgets other than the
    dashboard is served with Voilà's own front end (``WIDGETS_TEMPLATE``), which draws them,
    and says so in one line; the dashboard alone gets cardguide's page. ``pool_size`` 0
    preheats nothing; ``None`` keeps the file's one kernel. ``max_kernels`` bounds the kernels
    (``None``: from the machine's memory); beyond it a new reader gets the reader's page."""
    if not 1 <= port <= 65535:
        raise CardguideError.of("port", value=port)
    ip, base_url = check_ip(ip), check_base_url(base_url)
    if pool_size is not None:
        options.update(preheat=check_pool_size(pool_size) > 0, pool_size=pool_size)
    bound = max_kernels_default() if max_kernels is None else max_kernels
    options["max_kernels"] = check_max_kernels(bound, 1 if pool_size is None else pool_size)
    notebook = check_notebook(notebook or notebook_path())  # last: nbformat takes 1.5 s to import
    if not template_dirs():
        raise CardguideError.of("template_missing", name=TEMPLATE)
    from .voila_adapter.kernels import first_run

    run = first_run(notebook)  # a few seconds: better than a server whose every page fails
    if run.problem is not None:
        raise run.problem
    if run.foreign:  # cardguide's page would show them as nothing: Voilà's own front end draws them
        if not template_dirs(WIDGETS_TEMPLATE):
            raise CardguideError.of("template_missing", name=WIDGETS_TEMPLATE)
        options["template"] = WIDGETS_TEMPLATE
        print(t("serve.widgets", lang, widgets=", ".join(run.foreign)), flush=True)
    host = f"[{ip}]" if ":" in ip else ip
    print(t("serve.listening", lang, url=f"http://{host}:{port}{base_url}"), flush=True)
    process = subprocess.Popen(voila_command(port, notebook, ip=ip, base_url=base_url, **options))
    # A service manager stops us with SIGTERM: stop Voilà too, as for Ctrl-C, leaving no orphan.
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt))
    try:
        return process.wait()
    except KeyboardInterrupt:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
        return 0
