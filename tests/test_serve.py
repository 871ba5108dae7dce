"""How the dashboard is served: loopback, the template found where Voilà looks, no CDN."""

import json

from cardguide.serve import CONFIG_DIR, TEMPLATE_SOURCE, notebook_path, template_dirs, voila_command


def test_voila_finds_the_template_installed_in_this_environment():
    """Found as Voilà itself looks (Jupyter data directories), with no environment variable:
    after `make`, the editable install's `cardguide develop` link; after a wheel, data files."""
    from pathlib import Path

    dirs = template_dirs()
    assert dirs, "the cardguide Voilà template is not installed where Voilà looks"
    found = Path(dirs[0])
    for name in ("index.html.j2", "conf.json", "static/plotly-basic.min.js"):  # this package's template
        assert (found / name).read_bytes() == (TEMPLATE_SOURCE / name).read_bytes(), name
    # The one for a notebook with other widgets than the dashboard (serve --notebook), linked beside it.
    from cardguide.voila_adapter import WIDGETS_TEMPLATE

    widgets = template_dirs(WIDGETS_TEMPLATE)
    assert widgets, "the cardguide-widgets Voilà template is not installed where Voilà looks"
    source = TEMPLATE_SOURCE.parent / WIDGETS_TEMPLATE
    for name in ("index.html.j2", "conf.json"):
        assert (Path(widgets[0]) / name).read_bytes() == (source / name).read_bytes(), name


def test_voila_settings_live_in_a_voila_configuration_file():
    """Voilà reads them (its log says "Loaded config file"; the browser tests run on them)."""
    conf = json.loads((CONFIG_DIR / "voila.json").read_text())
    settings = conf["VoilaConfiguration"]
    assert settings["template"] == "cardguide" and settings["show_tracebacks"] is False
    assert settings["preheat_kernel"] is True and settings["default_pool_size"] == 1
    assert settings["strip_sources"] is True  # (the extensions not sent: tests/test_phone.py, in the browser)
    assert conf["Voila"]["ip"] == "127.0.0.1"
    assert conf["MappingKernelManager"] == {"cull_idle_timeout": 120, "cull_interval": 30}
    # The pool without its hang (tests/test_pool.py); its replacements start soon, staggered
    # (tests/test_kernels.py).
    assert settings["multi_kernel_manager_class"] == "cardguide.voila_adapter.kernels.PoolAwareKernelManager"
    assert conf["VoilaKernelManager"] == {"fill_delay": 2}
    assert json.loads((TEMPLATE_SOURCE / "conf.json").read_text()) == {"base_template": "lab"}


def test_the_page_names_the_vendored_plotly_url_with_its_integrity():
    """The head the server puts in the template's slot (firstpaint.template_html) names plotly.js
    basic and its style sheet in the template's static folder, each with its sha384."""
    import base64
    import hashlib
    import re

    from cardguide.firstpaint import template_html

    head = template_html("/base/voila/templates/cardguide/static/")
    meta = re.search(r'<meta name="cardguide-plotly" content="([^"]+)" data-integrity="([^"]+)" '
                     r'data-css="([^"]+)" data-css-integrity="([^"]+)">', head)
    assert meta, head
    for url, integrity in ((meta.group(1), meta.group(2)), (meta.group(3), meta.group(4))):
        name = url.rsplit("/", 1)[1]
        assert url == f"/base/voila/templates/cardguide/static/{name}"
        digest = hashlib.sha384((TEMPLATE_SOURCE / "static" / name).read_bytes()).digest()
        assert integrity == "sha384-" + base64.b64encode(digest).decode(), name
    assert meta.group(1).endswith("plotly-basic.min.js") and meta.group(3).endswith("plotly.css")


def test_voila_command_names_the_file_and_overrides_it_only_when_asked(tmp_path):
    args = voila_command(8866, tmp_path / "x.ipynb")
    assert args[3:] == [str(tmp_path / "x.ipynb"), "--port=8866", f"--Voila.config_file_paths={CONFIG_DIR}"]
    assert "--preheat_kernel=False" in voila_command(8866, preheat=False)
    assert "--pool_size=3" in voila_command(8866, pool_size=3)
    assert str(notebook_path()) in voila_command(8866)


def test_serve_options_reach_voila_as_its_own_settings(tmp_path):
    """The prefix, the address and the pool, as Voilà's own aliases name them (``voila --help-all``)."""
    from cardguide.serve import check_base_url, check_ip

    args = voila_command(8866, tmp_path / "x.ipynb", ip="0.0.0.0", base_url="/cardguide/", pool_size=4)
    assert {"--Voila.ip=0.0.0.0", "--Voila.base_url=/cardguide/", "--pool_size=4",
            "--Voila.mathjax_url=/cardguide/voila/templates/cardguide/static/no-mathjax.js"} <= set(args)
    assert not any("mathjax" in a for a in voila_command(8866, base_url="/"))
    assert [check_base_url(v) for v in ("cardguide", "/cardguide", "/a/b/", "", "/")] == [
        "/cardguide/", "/cardguide/", "/a/b/", "/", "/"]
    assert [check_ip(v) for v in ("127.0.0.1", "0.0.0.0", "::1", "[::]")] == ["127.0.0.1", "0.0.0.0", "::1", "::"]
