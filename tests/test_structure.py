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
DOMAIN = ("article", "carriers", "errors", "i18n", "notices", "schedule", "status", "workdays", "yeargrid", "report", "export",
          "figures", "texts", "sections")
UI = {"ipywidgets", "anywidget", "voila", "cardguide.app"}


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
    ``voila_adapter.app`` or ``voila_adapter/``'s ``app``), every file of the one front end and
    every widget and adapter class, so a newcomer finds each on the map."""
    doc = (ROOT / "docs" / "architecture.md").read_text("utf-8")
    words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", doc))
    missing = []
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("")
        if module.name not in words and "/".join(module.parts) not in doc:
            missing.append(f"module {'.'.join(module.parts)}")
    missing += [f"file reader/{path.name}" for path in sorted((PACKAGE / "reader").iterdir()) if path.name not in doc]
    for name in ("app.py", "voila_adapter/app.py", "voila_adapter/kernels.py"):
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
    """One front end, in files: the widget's module and CSS are the reader's page's own files."""
    from cardguide.app import Dashboard

    app = (PACKAGE / "app.py").read_text("utf-8")
    assert "export default" not in app and "{ display:" not in app and "<style" not in app
    assert not (PACKAGE / "static").exists() and not (PACKAGE / "views.py").exists() and not (PACKAGE / "widgets.py").exists()
    reader = PACKAGE / "reader"
    assert str(Dashboard._esm) == (reader / "widget.js").read_text("utf-8")
    assert str(Dashboard._css) == (reader / "reader.css").read_text("utf-8")
    assert {p.name for p in (PACKAGE / "reader").iterdir()} == {
        "host.js", "kernel.js", "reader.js", "timeline.js", "widget.js", "reader.css", "fallback.js", "sw.js"}


def css_selectors(path) -> list[str]:
    """Each selector of a style sheet (comments, @media and @page wrappers left out)."""
    text = re.sub(r"/\*.*?\*/", "", path.read_text("utf-8"), flags=re.S)
    text = re.sub(r"@page\s*\{[^{}]*\}", "", text)
    text = re.sub(r"@media[^{]*\{", "", text)
    return [sel.strip() for block in re.findall(r"([^{}]+)\{[^{}]*\}", text) for sel in block.split(",") if sel.strip()]


def test_the_modules_css_stays_inside_its_root():
    """reader.css styles only inside an instance's root (``.cg-reader``), and the static page's
    body around its own root: a notebook open beside the widget in JupyterLab keeps its look, and
    two instances share the one sheet. One dark blue, as a custom property."""
    sheet = PACKAGE / "reader" / "reader.css"
    leaks = [sel for sel in css_selectors(sheet)
             if not re.match(r"(main)?\.cg-reader\b|body:has\(> main\.cg-reader\)", sel)]
    assert leaks == []
    assert sheet.read_text("utf-8").count("#1f4e79") == 1


def test_the_dark_rules_are_the_same_for_a_hosts_theme_and_for_the_phones_setting():
    """reader.css writes its dark rules twice: for a host whose theme is dark (the root's
    ``data-cg-scheme="dark"``, set by reader.js from JupyterLab's, Notebook 7's, Voilà's or
    marimo's theme) and, under ``prefers-color-scheme: dark``, for a page without a host theme
    (``:not([data-cg-scheme="light"])``: a light host stays light). The same declarations for the
    same elements in both, so a dark rule added to one and not the other fails here."""
    text = re.sub(r"/\*.*?\*/", "", (PACKAGE / "reader" / "reader.css").read_text("utf-8"), flags=re.S)
    media = re.search(r"@media \(prefers-color-scheme: dark\) \{(.*?)\n\}", text, flags=re.S).group(1)
    outside = text.replace(media, "")

    def rules(css: str, prefix: str) -> set[tuple[str, str]]:
        found = set()
        for block, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
            for sel in block.split(","):
                sel = sel.strip()
                if sel.startswith(prefix):
                    found.add((sel.replace(prefix, ".cg-reader", 1), " ".join(body.split())))
        return found

    host = rules(outside, '.cg-reader[data-cg-scheme="dark"]')
    phone = rules(media, '.cg-reader:not([data-cg-scheme="light"])')
    assert len(host) > 15 and host == phone
    assert [sel for sel in css_selectors(PACKAGE / "reader" / "reader.css") if "data-cg-scheme" in sel and "cg-reader[" not in sel
            and 'cg-reader:not([data-cg-scheme="light"])' not in sel] == []


def test_javascript_parses():
    node = shutil.which("node")
    if node is None:
        pytest.fail("node is missing: `make test` installs Debian's nodejs")
    for path in sorted((PACKAGE / "reader").glob("*.js")):
        # the module's files are ES modules (fallback.js and sw.js parse as either)
        result = subprocess.run([node, "--input-type=module", "--check"], input=path.read_bytes(),
                                capture_output=True, timeout=60)
        assert result.returncode == 0, f"{path.name}: {result.stderr.decode()}"
