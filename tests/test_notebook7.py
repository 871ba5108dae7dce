"""Notebook 7 (issue 41): `pip install '.[lab]'` brings it; `notebooks/dashboard.ipynb` opened in
it (`/notebooks/<path>`, the single-document shell over JupyterLab's parts) and run with Run All
shows the module's answer; the date slider and the carrier control, moved from the keyboard, redraw
the kernel's Plotly Gantt, and Python holds the choice.

Notebook 7 handles shortcuts on the document in the capture phase (JupyterLab in the bubbling
phase), so a shortcut whose selector matches the focused control itself (ArrowRight: "next
heading" in command mode) took the key before the control saw it; host.js's `keepKeys` marks each
focused control with lumino's `data-lm-suppress-shortcuts` (tests/test_hosts.py holds JupyterLab).

Expected dates come from chinese-calendar (conftest.workday_after), never from the estimator; the
carrier after China Mobile is read from the package's carriers file.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tomllib

import pytest

from conftest import (ARTIFACTS, ROOT, china_mobile_dates, execute_in_lab, keys_reach_the_controls, open_page,
                      plotly_review, review_days, run_all, wait_review)
from servers import TODAY, jupyterlab

pytestmark = pytest.mark.browser
#: Notebook 7.6.5's own shortcuts settings plugin raises this as it starts, on any notebook (an empty
#: one, and its file browser: checked by hand, 2026-12-05): not the module's.
NOTEBOOKS_OWN_ERROR = "Cannot read properties of undefined (reading 'schema')"


def test_notebook_7_runs_the_dashboard_and_the_keyboard_moves_both_sliders(browser, tmp_path):
    import notebook

    assert int(notebook.__version__.split(".")[0]) >= 7
    carriers = tomllib.loads((ROOT / "cardguide" / "data" / "carriers.toml").read_text("utf-8"))["carrier"]
    after_mobile = carriers[[c["id"] for c in carriers].index("china-mobile") + 1]
    assert after_mobile["review_days"] == [1, 2, 3]  # as China Mobile's: the same review row (review_days)
    root = tmp_path / "notebooks"
    root.mkdir()
    shutil.copyfile(ROOT / "notebooks" / "dashboard.ipynb", root / "dashboard.ipynb")
    with jupyterlab(tmp_path, root, app="notebook") as (url, _):
        page, errors = open_page(browser, None, locale=None, viewport={"width": 1280, "height": 1000})
        page.goto(url + "notebooks/dashboard.ipynb")
        page.wait_for_selector(".jp-Notebook", timeout=90_000)
        assert page.locator(".jp-LabShell").count() == 0  # Notebook 7's shell, not JupyterLab's
        page.wait_for_selector(".jp-Notebook-ExecutionIndicator[data-status='idle']", timeout=90_000)
        run_all(page)
        page.wait_for_selector(".cg-reader.cg-widget[data-ready]", timeout=120_000)
        view = page.locator(".cg-reader.cg-widget")
        assert view.count() == 1
        today = TODAY  # servers.isolated_env's CARDGUIDE_TODAY: the dashboard's default day
        assert all(d in view.locator(".cg-answer").inner_text() for d in china_mobile_dates(today))
        # The kernel's Plotly Gantt (plotly.js from the kernel: Notebook 7 has no cardguide route).
        view.locator(".cg-chart").scroll_into_view_if_needed()
        page.wait_for_selector(".cg-chart[data-drawn=plotly]", timeout=60_000)
        assert plotly_review(page) == review_days(today)

        # The keyboard: the date slider (ArrowRight: one day on), the year view, a number field.
        keys_reach_the_controls(page, view, today)
        day = today + dt.timedelta(days=1)
        wait_review(page, review_days(day))
        # The carrier control, focused, ArrowRight: the next carrier in the data (works for the
        # drop-down and for a range input alike); the kernel's Gantt is redrawn for it.
        view.locator(".cg-carrier").focus()
        page.keyboard.press("ArrowRight")
        page.wait_for_function("want => (document.querySelector('.cg-plotly').dataset.key || '').startsWith(want)",
                               arg=f"{day.isoformat()}|{after_mobile['id']}|", timeout=30_000)
        assert after_mobile["name"]["zh"] in view.locator(".cg-chart-title").inner_text()
        assert page.locator(".cg-chart").get_attribute("data-drawn") == "plotly"
        assert plotly_review(page) == review_days(day)  # it reviews in 1..3 days as China Mobile does
        # Python holds the reader's choice.
        reply = execute_in_lab(url, f"assert (app.date, app.carrier) == ({day.isoformat()!r}, {after_mobile['id']!r}), (app.date, app.carrier)")
        assert reply["status"] == "ok", reply
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "notebook7.png"))
        assert [e for e in errors if e != NOTEBOOKS_OWN_ERROR] == []
        page.close()
