"""The code's shape, as docs/architecture.md draws it: the domain imports no UI, the model
imports no widget, user-facing words live in data files, JavaScript and CSS are files."""

import ast
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

PACKAGE = ROOT / "cardguide"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
#: The domain, the words and the figures: no widget, no server, no app.
DOMAIN = ("article", "carriers", "errors", "i18n", "notices", "schedule", "workdays", "yeargrid", "report", "export",
          "figures", "texts", "sections")
UI = {"ipywidgets", "anywidget", "voila", "cardguide.views", "cardguide.widgets", "cardguide.app"}


def imports(path) -> set[str]:
    names = set()
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            names.add(("cardguide." + module) if node.level else module)
            if node.level and not module:
                names |= {f"cardguide.{a.name}" for a in node.names}
    return names


@pytest.mark.parametrize("module", DOMAIN + ("plan",))
def test_domain_and_model_import_no_ui(module):
    found = {name for name in imports(PACKAGE / f"{module}.py") if name.split(".")[0] in UI or name in UI}
    assert not found, f"cardguide.{module} imports {found}"


#: Projects whose insides only the Voilà adapter may lean on.
SERVER_INSIDES = {"voila", "jupyter_server", "jupyter_client", "tornado"}


def test_only_the_voila_adapter_imports_voila_jupyter_server_or_tornado():
    adapter = PACKAGE / "voila_adapter"
    found = {f"{path.relative_to(ROOT)}: {name}" for path in sorted(PACKAGE.rglob("*.py"))
             if adapter not in path.parents for name in imports(path) if name.split(".")[0] in SERVER_INSIDES}
    assert not found, "outside cardguide/voila_adapter: " + ", ".join(sorted(found))


def test_the_map_names_every_module_and_class():
    """docs/architecture.md names every module of the package (``voila_adapter/app`` as
    ``voila_adapter.app`` or ``voila_adapter/``'s ``app``) and every view, widget and adapter
    class, so a newcomer finds each on the map."""
    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", doc))
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("")
        if module.name not in words and "/".join(module.parts) not in doc:
            missing.append(f"module {'.'.join(module.parts)}")
    for name in ("views.py", "widgets.py", "app.py", "voila_adapter/app.py", "voila_adapter/kernels.py"):
        tree = ast.parse((PACKAGE / name).read_text("utf-8"))
        missing += [f"class {node.name} ({name})" for node in tree.body
                    if isinstance(node, ast.ClassDef) and node.name not in words]
    assert not missing, "docs/architecture.md does not name: " + ", ".join(missing)


def test_no_user_facing_chinese_in_python():
    """Every word a user reads comes from data/*.toml (zh and en side by side): a string
    constant with Chinese in a .py file is a word in the wrong place. Docstrings and comments
    may explain in Chinese; they are not shown."""
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text("utf-8"))
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if (isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings
                    and CHINESE.search(node.value)):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}: {node.value[:40]!r}")
    assert offenders == []


def test_front_end_code_lives_in_files():
    widgets = (PACKAGE / "widgets.py").read_text("utf-8")
    assert "export default" not in widgets and "{ display:" not in widgets
    static = sorted(p.name for p in (PACKAGE / "static").iterdir())
    assert {"heatmap.js", "heatmap.css", "plotly-chart.js", "heartbeat.js", "heartbeat.css", "page.css", "slider.js",
            "slider.css", "share.js", "share.css", "live.js", "page-meta.js", "disclosure.js"} <= set(static)


def css_selectors(path) -> list[str]:
    """Each selector of a style sheet (comments and @media wrappers left out)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text("utf-8"), flags=re.S)
    text = re.sub(r"@media[^{]*\{", "", text)
    return [sel.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", text) for sel in block.split(",") if sel.strip()]


def test_the_widgets_css_stays_inside_the_dashboard():
    """page.css styles only inside the dashboard's boxes (``.cg-app``), each widget's CSS only its
    own ``cg-`` elements: a notebook open beside it in JupyterLab keeps its look. One dark blue
    and one focus ring, as custom properties."""
    leaks = [f"page.css: {sel}" for sel in css_selectors(PACKAGE / "static" / "page.css")
             # in the dashboard's boxes; dark on Voilà's page (its own) or under the lab's dark theme
             if not re.match(r'(html body |body\[data-voila\] |body\[data-jp-theme-light="false"\] )?\.cg-app\b', sel)]
    for path in sorted((PACKAGE / "static").glob("*.css")):
        if path.name != "page.css":
            leaks += [f"{path.name}: {sel}" for sel in css_selectors(path) if not sel.startswith(".cg-")]
    assert leaks == []
    sheets = {p.name: p.read_text("utf-8") for p in (PACKAGE / "static").glob("*.css")}
    assert sum(text.count("#1f4e79") for text in sheets.values()) == 1
    assert sum(len(re.findall(r"outline:\s*3px", text)) for text in sheets.values()) == 0  # rings are var(--cg-ring)


def test_javascript_parses():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed: the JavaScript files were not syntax-checked")
    for path in sorted((PACKAGE / "static").glob("*.js")):
        # anywidget modules are ES modules: check them as such.
        result = subprocess.run([node, "--input-type=module", "--check"], input=path.read_bytes(),
                                capture_output=True, timeout=60)
        assert result.returncode == 0, f"{path.name}: {result.stderr.decode()}"
