"""A package that serves wherever it is installed: build the wheel, install it into a fresh
virtual environment (not editable, no `cardguide develop`; the dependencies lent by this one),
run `python -m cardguide serve` from an unrelated directory, and load the page in Debian's chromium."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import sysconfig
import venv
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT, chart_title, open_page, pyproject
from servers import free_port, wait_http



def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, timeout=900, **kwargs)
    assert result.returncode == 0, (args, result.stdout.decode()[-2000:], result.stderr.decode()[-2000:])
    return result


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", str(tmp / "dist"), str(ROOT)])
    wheel = next((tmp / "dist").glob("cardguide-*.whl"))
    venv.create(tmp / "venv", with_pip=True)
    python = tmp / "venv" / "bin" / "python"
    run([str(python), "-m", "pip", "install", "--quiet", "--no-deps", str(wheel)])
    # The dependencies come from this environment (a path, not its .pth files, so not the
    # editable cardguide): a minute of reinstalling the Jupyter stack proves nothing about the
    # wheel; test_packaging checks what it declares.
    purelib = run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"])
    here = sysconfig.get_paths()["purelib"]
    (Path(purelib.stdout.decode().strip()) / "cardguide-test-deps.pth").write_text(here + "\n")
    lend(Path(sys.prefix) / "share" / "jupyter", tmp / "venv" / "share" / "jupyter")  # Voilà's own templates
    return tmp, python


def lend(source: Path, target: Path) -> None:
    """Link what ``source`` holds into ``target``, except what ``target`` already has (the
    wheel's template) and this checkout's own template (``cardguide develop``'s link)."""
    target.mkdir(parents=True, exist_ok=True)
    for entry in source.iterdir():
        if entry.is_symlink() and entry.resolve().is_relative_to(ROOT):
            continue
        if (target / entry.name).is_dir() and entry.is_dir():
            lend(entry, target / entry.name)
        elif not (target / entry.name).exists():
            (target / entry.name).symlink_to(entry)


@pytest.mark.slow
def test_the_wheel_carries_the_template_as_jupyter_data(installed):
    tmp, python = installed
    template = tmp / "venv" / "share" / "jupyter" / "voila" / "templates" / "cardguide"
    assert (template / "index.html.j2").is_file() and (template / "static" / "plotly-basic.min.js").is_file()
    assert not template.is_symlink()
    found = run([str(python), "-c", "from cardguide.serve import template_dirs, notebook_path; "
                 "print(template_dirs()[0]); print(notebook_path())"], cwd=tmp).stdout.decode().split()
    assert Path(found[0]).resolve() == template.resolve() and "site-packages" in found[1]


@pytest.mark.slow
def test_the_wheel_declares_the_projects_dependencies(installed):
    """The environment above lends the dependencies; the wheel must still ask pip for each."""
    tmp, _ = installed
    wheel = next((tmp / "dist").glob("cardguide-*.whl"))
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA")))
    required = {str(Requirement(line.split(":", 1)[1])) for line in metadata.decode().splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert required == {str(Requirement(r)) for r in pyproject()["project"]["dependencies"]}
    assert any(Requirement(r).name == "voila" for r in required)


@pytest.mark.browser
def test_serve_from_any_directory_shows_the_dashboard(installed, browser):
    tmp, python = installed
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUPYTER", "CARDGUIDE", "VIRTUAL_ENV"))}
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"))
    with open(tmp / "serve.log", "wb") as log:
        server = subprocess.Popen([str(python), "-m", "cardguide", "serve", "--port", str(port), "--lang", "en"],
                                  cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}/"
            wait_http(url + "voila/static/voila.js", server, timeout=120)
            page, _ = open_page(browser, url + "?date=2024-09-30&lang=en", locale=None, year=False, timeout=120_000,
                                viewport={"width": 1200, "height": 900})
            requests = page.requests
            assert chart_title(page).startswith("China Mobile · submitted Mon, Sep 30")
            assert any(r.endswith("/voila/templates/cardguide/static/plotly-basic.min.js") for r in requests)
            # Only this server: data: and blob: URLs (anywidget's modules) ask nobody else.
            assert all(r.startswith((url, "data:", f"blob:{url.rstrip('/')}")) for r in requests), \
                [r for r in requests if not r.startswith((url, "data:", "blob:"))]
            page.context.close()
            served = (tmp / "serve.log").read_text(errors="replace")  # before Ctrl-C's shutdown noise
        finally:
            os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as a terminal sends it
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)  # reaped: no process outlives its Popen
    assert f"cardguide: http://127.0.0.1:{port}/ (Ctrl-C to stop)" in served
    assert "Traceback" not in served
