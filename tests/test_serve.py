"""How the dashboard is served: loopback, no CDN, plotly.js from this server."""

from importlib import resources

from cardguide.serve import PACKAGE, jupyter_dir, voila_command, voila_env


def test_template_dir_carries_plotly_js_and_the_template(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    built = jupyter_dir()
    assert built.is_relative_to(tmp_path)
    static = built / "voila/templates/cardguide/static"
    plotly_js = resources.files("plotly").joinpath("package_data/plotly.min.js").read_bytes()
    assert (static / "plotly.min.js").read_bytes() == plotly_js
    for name in ("conf.json", "index.html.j2"):
        packaged = PACKAGE / "jupyter/voila/templates/cardguide" / name
        assert (built / "voila/templates/cardguide" / name).read_bytes() == packaged.read_bytes()
    assert jupyter_dir() == built  # built once, then reused
    assert voila_env()["JUPYTER_PATH"].split(":")[0] == str(built)


def test_template_names_the_plotly_url():
    template = (PACKAGE / "jupyter/voila/templates/cardguide/index.html.j2").read_text()
    assert 'name="cardguide-plotly"' in template and "static/plotly.min.js" in template


def test_voila_command_binds_loopback_and_drops_the_unused_plotly_bundle(tmp_path):
    args = voila_command(8866, tmp_path / "x.ipynb")
    assert "--Voila.ip=127.0.0.1" in args and "--show_tracebacks=False" in args
    assert "--VoilaConfiguration.extension_denylist=jupyterlab-plotly" in args
    assert "--preheat_kernel=True" in args and "--pool_size=1" in args
