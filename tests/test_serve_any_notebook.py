"""`serve --notebook X` with any notebook (issue 41, part 4): cardguide's own page hosts only the
dashboard (it has no widget manager), so a notebook that shows any other widget is served with
Voilà's own front end (the `cardguide-widgets` template: Voilà's lab template without its CDN
links), and `serve` says so in one line; the dashboard alone keeps cardguide's page.

The notebook under test shows the dashboard, then an `ipywidgets.IntSlider` whose value an
observer prints into an `Output`: in the browser the slider is seen, moved by keyboard, the
printed value follows (the kernel ran the observer), the dashboard answers with
chinese-calendar's days, and no request leaves the server.
"""

from __future__ import annotations

import shutil
import sys
import urllib.error
import urllib.request

import nbformat
import pytest

from cardguide.security import content_security_policy, voila_front_end_policy
from conftest import ROOT, open_page, workday_after, zh_long
from pages import refs_elsewhere
from servers import TODAY, free_port, isolated_env, running, wait_log

#: The dashboard, then a slider whose value a cell's observer prints (registered, then the value
#: set, so the first print runs the same code as every later one).
MIXED = [
    "from cardguide import Dashboard\n\napp = Dashboard()",
    "app",
    "import ipywidgets as W\n"
    "from IPython.display import display\n\n"
    "slider = W.IntSlider(min=0, max=10, description='n')\n"
    "printed = W.Output()\n\n"
    "def show(change):\n"
    "    printed.clear_output(wait=True)\n"
    "    with printed:\n"
    "        print(f\"n = {change['new']}\")\n\n"
    "slider.observe(show, 'value')\n"
    "slider.value = 3\n"
    "display(slider, printed)",
    "app.follow_link();",
]
SHOTS = ROOT.parent / "shots" / "serve"


def notebook(folder, cells) -> str:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(source) for source in cells]
    nb.metadata.kernelspec = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "mixed.ipynb"
    nbformat.write(nb, path)
    return str(path)


def serve_args(path: str, port: int, lang: str) -> list[str]:
    return [sys.executable, "-m", "cardguide", "serve", "--notebook", path, f"--port={port}", "--lang", lang]


#: Every policy violation the page reports, from its first script on.
VIOLATIONS = """window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => window.__violations.push([e.violatedDirective, e.blockedURI]));"""


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=120) as response:
        return response.read().decode()


def printed(page) -> list[str]:
    """What the notebook's observer printed, as the page shows it (the Output widget's text)."""
    return [t.strip() for t in page.locator(".widget-output").all_inner_texts() if t.strip()]


@pytest.mark.browser
def test_a_notebook_with_other_widgets_gets_voilas_front_end_and_they_work(browser, tmp_path):
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = tmp_path / "voila.log"
    with running(serve_args(notebook(tmp_path, MIXED), port, "en"), isolated_env(tmp_path),
                 url + "voila/static/voila.js", log) as process:
        wait_log(log, "is filled with", process)
        said = log.read_text().splitlines()[0]  # serve's own line comes before Voilà's
        assert said.startswith("This notebook shows widgets cardguide's own page cannot draw"), said
        assert "(IntSlider, Output)" in said and "Voilà's own front end" in said, said
        try:
            with urllib.request.urlopen(url, timeout=120) as response:  # one page, one kernel
                html, policies = response.read().decode(), response.headers.get_all("Content-Security-Policy")
                preloads = response.headers.get("Link")
        except TimeoutError:  # what the server was doing, for whoever reads the failure
            raise AssertionError("no page in 120 s; the server's log ends:\n" + "\n".join(log.read_text().splitlines()[-15:]))
        assert 'id="cg-first-paint"' not in html and "voila-style.js" in html  # Voilà's own page
        assert preloads is None  # none of cardguide's page's files (site.preload_links) to start
        # Its policy cannot be strict (Voilà's front end runs inline code), but holds it to this server.
        assert policies == [voila_front_end_policy(websocket=f"ws://127.0.0.1:{port}")]
        found, elsewhere = refs_elsewhere(url, html)  # Voilà's lab template links Font Awesome on a CDN
        assert found and elsewhere == [], elsewhere
        try:  # its error pages are still cardguide's: both languages, a way on, no other host
            fetch(url + "nothing/here")
            raise AssertionError("no 404 for nothing/here")
        except urllib.error.HTTPError as error:
            status, missing = error.code, error.read().decode()
        assert status >= 400 and "出错了" in missing and "Something went wrong" in missing and "cdn." not in missing
        for width, context in ((1280, {"viewport": {"width": 1280, "height": 900}}),
                               (390, {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True})):
            # Voilà's own page loads once the notebook has run in its kernel (one started on request
            # when the pool's is taken): longer than cardguide's page on a busy machine.
            page, errors = open_page(browser, url, VIOLATIONS, drawn=False, timeout=180_000, **context)
            handle = page.locator(".widget-slider .noUi-handle")
            handle.wait_for(timeout=120_000)
            page.wait_for_selector(".cg-reader.cg-widget[data-ready]", timeout=120_000)
            answer = page.inner_text(".cg-answer")
            assert zh_long(workday_after(TODAY, 2)) in answer and zh_long(workday_after(TODAY, 4)) in answer, answer
            page.wait_for_function("() => document.querySelector('.widget-output') && "
                                   "document.querySelector('.widget-output').innerText.includes('n = 3')",
                                   timeout=60_000)
            assert printed(page) == ["n = 3"]
            handle.focus()
            page.keyboard.press("ArrowRight")
            page.keyboard.press("ArrowRight")
            page.wait_for_function("() => document.querySelector('.widget-output').innerText.includes('n = 5')",
                                   timeout=60_000)
            assert printed(page) == ["n = 5"]  # the kernel ran the observer for the value moved in the page
            assert page.locator(".widget-slider .widget-readout").inner_text().strip() == "5"
            SHOTS.mkdir(parents=True, exist_ok=True)
            handle.scroll_into_view_if_needed()
            page.screenshot(path=str(SHOTS / f"any-notebook-{width}.png"))
            # Only this server: data: and same-origin blob: URLs (anywidget's modules) ask nobody else.
            elsewhere = [u for u in page.requests if not u.startswith((url, "data:", f"blob:{url.rstrip('/')}/"))]
            assert elsewhere == [], elsewhere
            assert errors == [], errors
            assert page.evaluate("window.__violations") == []
            page.context.close()


@pytest.mark.slow  # starts Voilà and its pooled kernel
def test_the_dashboard_notebook_alone_keeps_cardguides_own_page(tmp_path):
    """The packaged dashboard notebook given by path: no line about widgets, cardguide's page."""
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    path = tmp_path / "dashboard.ipynb"
    shutil.copyfile(ROOT / "notebooks" / "dashboard.ipynb", path)
    log = tmp_path / "voila.log"
    with running(serve_args(str(path), port, "zh"), isolated_env(tmp_path), url + "voila/static/voila.js", log) as process:
        wait_log(log, "is filled with", process)
        assert log.read_text().splitlines()[0].startswith("cardguide：http://127.0.0.1:")  # the address, nothing else
        html = fetch(url)
        assert 'id="cg-first-paint"' in html and "voila-style.js" not in html
        with urllib.request.urlopen(url, timeout=120) as response:  # cardguide's page: the strict policy
            assert response.headers.get_all("Content-Security-Policy") == [
                content_security_policy(websocket=f"ws://127.0.0.1:{port}", plotly=True)]


@pytest.mark.slow  # runs a kernel
def test_first_run_names_the_widgets_the_page_cannot_host(tmp_path):
    """Each shown widget but the dashboard, by the name its author wrote; a box that holds the
    dashboard is one too (the page would show the box as nothing); the dashboard alone none."""
    from cardguide.voila_adapter.kernels import first_run

    assert first_run(notebook(tmp_path, MIXED)).foreign == ("IntSlider", "Output")
    boxed = ["from cardguide import Dashboard\nimport ipywidgets as W\n\nW.VBox([Dashboard()])"]
    assert first_run(notebook(tmp_path, boxed)).foreign == ("VBox",)
    run = first_run(ROOT / "notebooks" / "dashboard.ipynb")
    assert run.problem is None and run.foreign == ()
