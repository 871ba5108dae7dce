"""The README's commands without make, as a new user runs them: the wheel installed into a new
virtual environment with the dependencies it declares and nothing lent from this one (pip's
cache may serve the downloads), then ``python -m cardguide serve`` from an unrelated directory
loaded in Debian's chromium, ``python -m cardguide site`` from the same install, and, after
``pip install '<wheel>[lab]'``, the notebooks run by nbclient. A dependency the package forgets
(ipykernel, once) fails here, where a lent environment would have hidden it."""

from __future__ import annotations

import datetime as dt
import os
import signal
import subprocess
import sys
import time
import venv
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from conftest import ROOT, chart_title, open_page, pyproject, workday_after
from servers import TODAY, free_port, wait_http

#: The day the served page and the notebooks count from (not the real date).
LINK_DAY = dt.date(2024, 9, 30)


def run(args, **kwargs):
    result = subprocess.run(args, capture_output=True, timeout=900, **kwargs)
    assert result.returncode == 0, (args, result.stdout.decode()[-3000:], result.stderr.decode()[-3000:])
    return result


def fresh_env(tmp: Path) -> dict[str, str]:
    """The user's shell: no Jupyter, cardguide or virtualenv settings of this one, and Jupyter's
    user folders new and empty (no kernelspec of this environment's to fall back on)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("JUPYTER", "CARDGUIDE", "VIRTUAL_ENV", "PYTHON", "IPYTHON"))}
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_DATA_DIR=str(tmp / "data"),
               JUPYTER_RUNTIME_DIR=str(tmp / "runtime"), IPYTHONDIR=str(tmp / "ipython"),
               CARDGUIDE_TODAY=TODAY.isoformat(), PATH=f"{tmp / 'venv' / 'bin'}:{os.environ['PATH']}")
    return env


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """``pip install <wheel>`` into a new venv: the wheel's declared dependencies, resolved by pip."""
    tmp = tmp_path_factory.mktemp("wheel")
    started = time.monotonic()
    with ThreadPoolExecutor(1) as builder:  # the wheel is built while the venv is made
        built = builder.submit(run, [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
                                     "-w", str(tmp / "dist"), str(ROOT)])
        venv.create(tmp / "venv", with_pip=True)
        built.result()
    wheel = next((tmp / "dist").glob("cardguide-*.whl"))
    python = tmp / "venv" / "bin" / "python"
    env = fresh_env(tmp)
    run([str(python), "-m", "pip", "install", "--quiet", str(wheel)], env=env, cwd=tmp)
    # Nothing of this environment's on the new one's path: its own site-packages only.
    paths = run([str(python), "-c", "import sys; print('\\n'.join(sys.path))"], env=env, cwd=tmp).stdout.decode()
    assert sys.prefix not in paths and str(ROOT) not in paths
    print(f"\nfresh venv: wheel built and installed with its dependencies in {time.monotonic() - started:.0f} s")
    return tmp, python, wheel, env


@pytest.mark.slow
def test_the_wheel_carries_the_template_as_jupyter_data(installed):
    tmp, python, _, env = installed
    template = tmp / "venv" / "share" / "jupyter" / "voila" / "templates" / "cardguide"
    assert (template / "index.html.j2").is_file() and (template / "static" / "plotly-basic.min.js").is_file()
    assert (template / "error.html").is_file() and not template.is_symlink()
    found = run([str(python), "-c", "from cardguide.serve import template_dirs, notebook_path; "
                 "print(template_dirs()[0]); print(notebook_path())"], cwd=tmp, env=env).stdout.decode().split()
    assert Path(found[0]).resolve() == template.resolve() and "site-packages" in found[1]


@pytest.mark.slow
def test_the_wheel_declares_the_projects_dependencies(installed):
    _, _, wheel, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        metadata = archive.read(next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA")))
    required = {str(Requirement(line.split(":", 1)[1])) for line in metadata.decode().splitlines()
                if line.startswith("Requires-Dist:") and "extra ==" not in line}
    assert required == {str(Requirement(r)) for r in pyproject()["project"]["dependencies"]}
    assert {"voila", "ipykernel"} <= {Requirement(r).name for r in required}


@pytest.mark.browser
def test_serve_from_any_directory_shows_the_answer_and_the_gantt(installed, browser):
    tmp, python, _, env = installed
    elsewhere = tmp / "elsewhere"
    elsewhere.mkdir()
    port = free_port()
    started = time.monotonic()
    with open(tmp / "serve.log", "wb") as log:
        server = subprocess.Popen([str(python), "-m", "cardguide", "serve", "--port", str(port), "--lang", "en"],
                                  cwd=elsewhere, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            url = f"http://127.0.0.1:{port}/"
            try:
                wait_http(url + "voila/static/voila.js", server, timeout=120)
            except RuntimeError as exc:  # what the new user would read in the terminal
                raise AssertionError((tmp / "serve.log").read_text(errors="replace")[-2000:]) from exc
            page, errors = open_page(browser, url + f"?date={LINK_DAY}&lang=en", locale=None, year=False, kernel=True,
                                     timeout=120_000, viewport={"width": 1200, "height": 900})
            print(f"fresh venv: serve started and the page drew its Gantt in {time.monotonic() - started:.0f} s")
            assert chart_title(page).startswith("China Mobile · submitted Mon, Sep 30")
            worst_day = workday_after(LINK_DAY, 3 + 1)  # chinese-calendar: review 3 days, then confirmation
            assert f"{worst_day:%b} {worst_day.day}, {worst_day.year}" in page.inner_text(".cg-answer")
            assert "unavailable" not in page.url and page.locator(".cg-unavailable").count() == 0
            requests = page.requests
            assert any(r.endswith("/voila/templates/cardguide/static/plotly-basic.min.js") for r in requests)
            # Only this server: data: and blob: URLs (anywidget's modules) ask nobody else.
            assert all(r.startswith((url, "data:", f"blob:{url.rstrip('/')}")) for r in requests), \
                [r for r in requests if not r.startswith((url, "data:", "blob:"))]
            assert errors == []
            page.context.close()
            served = (tmp / "serve.log").read_text(errors="replace")  # before Ctrl-C's shutdown noise
        finally:
            if server.poll() is None:
                os.killpg(server.pid, signal.SIGINT)  # Ctrl-C, as a terminal sends it
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait(timeout=30)  # reaped: no process outlives its Popen
    assert f"cardguide: http://127.0.0.1:{port}/ (Ctrl-C to stop)" in served
    assert "Traceback" not in served and "live page is unavailable" not in served


@pytest.mark.slow
def test_site_from_the_same_install(installed):
    tmp, python, _, env = installed
    out = tmp / "elsewhere-site"
    run([str(python), "-m", "cardguide", "site", str(out), "--lang", "en"], cwd=tmp, env=env)
    html = (out / "index.html").read_text("utf-8")
    assets = list((out / "v").iterdir())
    assert len(assets) == 1 and {"widget.js", "reader.css"} <= {p.name for p in assets[0].iterdir()}
    assert 'class="cg-reader"' in html and "电销卡" in html


@pytest.mark.slow
def test_the_lab_extra_runs_the_notebooks(installed):
    """``pip install '<wheel>[lab]'`` on the same venv: JupyterLab and plotly.py, and the
    repository's notebooks run top to bottom in its own kernel (nbclient, as nbval does)."""
    tmp, python, wheel, env = installed
    started = time.monotonic()
    run([str(python), "-m", "pip", "install", "--quiet", f"{wheel}[lab]"], env=env, cwd=tmp)
    script = ("import nbformat, nbclient, sys; nb = nbformat.read(sys.argv[1], as_version=4); "
              "nbclient.NotebookClient(nb, kernel_name='python3', timeout=300, resources={'metadata': {'path': sys.argv[2]}})"
              ".execute(); print(sum(len(c.get('outputs', [])) for c in nb.cells))")
    names = ("dashboard.ipynb", "guide.ipynb")
    with ThreadPoolExecutor(len(names)) as notebooks:  # each its own process and kernel: run side by side
        runs = notebooks.map(lambda name: run([str(python), "-c", script, str(ROOT / "notebooks" / name), str(tmp)],
                                              env=env, cwd=tmp), names)
        for name, outputs in zip(names, runs):
            assert int(outputs.stdout.decode().split()[-1]) > 0, name
    kernels = run([str(python), "-m", "jupyter", "kernelspec", "list"], env=env, cwd=tmp).stdout.decode()
    assert str(tmp / "venv") in kernels  # the notebooks ran in the new venv's own kernel
    run([str(python), "-c", "import plotly, jupyterlab"], env=env, cwd=tmp)
    print(f"fresh venv: [lab] installed and both notebooks run in {time.monotonic() - started:.0f} s")
