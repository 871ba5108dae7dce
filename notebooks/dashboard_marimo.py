# The dashboard in marimo: `pip install '.[marimo]'`, then
#   marimo run notebooks/dashboard_marimo.py     (or `marimo edit` to change it)
# The same widget as notebooks/dashboard.ipynb (cardguide.app.Dashboard, the reader's module),
# hosted by marimo's `mo.ui.anywidget`; the last cell reads the reader's choice back in Python.
import marimo

__generated_with = "0.25.2"
app = marimo.App(width="medium")


@app.cell
def _():
    from urllib.parse import urlencode

    import marimo as mo

    from cardguide import Dashboard
    return Dashboard, mo, urlencode


@app.cell
def _(Dashboard, mo, urlencode):
    # marimo runs this cell for each reader who opens the app: today is theirs (Beijing, or
    # $CARDGUIDE_TODAY), and a shared link's ?date=&carrier=&lang=… applies, as on the Voilà page.
    link = urlencode(mo.query_params().to_dict(), doseq=True)
    dashboard = mo.ui.anywidget(Dashboard().follow_link(link))
    dashboard
    return (dashboard,)


@app.cell
def _(dashboard, mo):
    # Re-run by marimo whenever the page changes the widget: the kernel's plan, read back.
    worst = dashboard.plan.estimate.worst.completion
    mo.md(f"`date={dashboard.date}` · `carrier={dashboard.carrier}` · `worst={worst.isoformat()}`")
    return


if __name__ == "__main__":
    app.run()
