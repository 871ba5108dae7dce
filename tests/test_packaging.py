"""Packaging: one dependency list, one version, every import declared, the voila pin, and a
package that carries what it serves (the notebook, the template, plotly.js, JS and CSS)."""

import ast
import importlib.metadata
import re
import sys
import tomllib

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

import cardguide
from conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]


def _name_spec(req: str) -> tuple[str, str]:
    name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", req.strip()).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    extras = [r for group in PROJECT["optional-dependencies"].values() for r in group]
    wanted = {_name_spec(r) for r in PROJECT["dependencies"] + extras}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        listed |= {_name_spec(item) for item in items}
    listed -= {_name_spec("pip")}
    listed = {(n, s) for n, s in listed if n != "python"}
    assert listed == wanted


def test_voila_pin_admits_the_fixed_0_5_line_only_and_the_installed_voila():
    """CVE-2024-30265 is fixed in 0.5.6; the template is written against 0.5's lab template."""
    voila = next(Requirement(r) for r in PROJECT["dependencies"] if Requirement(r).name == "voila")
    assert not voila.specifier.contains("0.5.5") and voila.specifier.contains("0.5.6")
    assert not voila.specifier.contains("0.6.0")
    assert voila.specifier.contains(Version(importlib.metadata.version("voila")))


def test_one_version_string():
    assert "version" in PROJECT["dynamic"] and "version" not in PROJECT
    assert importlib.metadata.version("cardguide") == cardguide.__version__


def test_every_third_party_import_is_declared():
    """A runtime dependency, or the ``lab`` extra's, which the code imports only when a notebook
    asks (``test_the_server_runs_without_the_lab_extra``)."""
    declared = {Requirement(r).name.lower().replace("_", "-") for r in PROJECT["dependencies"] + PROJECT["optional-dependencies"]["lab"]}
    distributions = importlib.metadata.packages_distributions()
    imported = set()
    for path in (ROOT / "cardguide").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                imported |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                imported.add(node.module.split(".")[0])
    third_party = {name for name in imported if name not in sys.stdlib_module_names and name != "cardguide"}
    if ROOT.name == "mutants":  # `make mutation` runs on mutmut's copy, whose code imports mutmut
        third_party.discard("mutmut")
    assert third_party >= {"traitlets", "nbformat", "voila", "anywidget"}
    for module in third_party:
        owners = {d.lower().replace("_", "-") for d in distributions[module]}
        assert owners & declared, f"{module} (from {owners}) is imported but not a declared dependency"


def test_a_wheel_installs_every_file_of_the_template():
    """Voilà finds the templates in share/jupyter (data-files): a file left out of the list is a
    404 in an installed server (first-paint.css missing: the page unstyled; plotly.js: no kernel chart;
    cardguide-widgets: `serve --notebook` with other widgets fails to start)."""
    data = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["data-files"]
    listed = {path for paths in data.values() for path in paths}
    templates = ROOT / "cardguide" / "jupyter" / "voila" / "templates"
    assert {t.name for t in templates.iterdir()} == {"cardguide", "cardguide-widgets"}
    on_disk = {str(f.relative_to(ROOT)) for f in templates.rglob("*") if f.is_file() and "__pycache__" not in f.parts}
    assert listed == on_disk
    for target, paths in data.items():  # each file lands in its own folder under share/jupyter
        assert {p.rsplit("/", 1)[0].replace("cardguide/jupyter/", "share/jupyter/", 1) for p in paths} == {target}


def test_the_package_carries_what_it_serves():
    from importlib import resources

    files = resources.files("cardguide")
    for name in ("notebooks/dashboard.ipynb", "jupyter/voila.json", "reader/widget.js", "reader/reader.css", "reader/sw.js",
                 "jupyter/voila/templates/cardguide/conf.json",
                 "jupyter/voila/templates/cardguide-widgets/index.html.j2",
                 "jupyter/voila/templates/cardguide/static/plotly-basic.min.js"):
        assert files.joinpath(name).is_file(), name
    # The vendored plotly.js is the version plotly.py embeds (its package data says which).
    import plotly

    head = files.joinpath("jupyter/voila/templates/cardguide/static/plotly-basic.min.js").read_text("utf-8")[:200]
    embedded = resources.files("plotly").joinpath("package_data/plotly.min.js").read_text("utf-8")[:200]
    version = re.search(r"v(\d+\.\d+\.\d+)", embedded).group(1)
    assert f"plotly.js (basic - minified) v{version}" in head, (head, plotly.__version__)


def test_the_notebook_people_open_is_the_one_the_package_serves():
    """One dashboard notebook: ``notebooks/dashboard.ipynb`` (what JupyterLab opens) is a link to
    the package's, and JupyterLab saves through a link into the file it names."""
    from cardguide.serve import notebook_path

    linked = ROOT / "notebooks" / "dashboard.ipynb"
    assert linked.is_symlink() and linked.resolve() == notebook_path().resolve()


def test_the_server_runs_without_the_lab_extra():
    """jupyterlab, Notebook 7 and plotly.py are the ``lab`` extra's, not dependencies: with all three unimportable,
    the dashboard builds and draws its chart, the first paint is written and the Voilà app loads."""
    import subprocess

    code = """
import sys
sys.modules["plotly"] = sys.modules["jupyterlab"] = sys.modules["notebook"] = None  # import plotly -> ImportError
import datetime as dt
from cardguide.app import Dashboard
from cardguide.firstpaint import first_paint_html
from cardguide.voila_adapter.app import CardguideVoila
app = Dashboard(today=dt.date(2026, 9, 28))
assert app.figure["data"], "no chart"
assert "cg-reader" in first_paint_html("date=2026-09-30", today=dt.date(2026, 9, 28), assets="/r")
print("ok")
"""
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT)
    assert run.stdout.strip() == "ok", run.stderr
    lab = {Requirement(r).name for r in PROJECT["optional-dependencies"]["lab"]}
    assert lab == {"jupyterlab", "notebook", "plotly"} and not lab & {Requirement(r).name for r in PROJECT["dependencies"]}
