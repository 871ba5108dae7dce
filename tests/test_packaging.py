"""One dependency list: environment.yml must mirror pyproject.toml."""

import re
import tomllib

import yaml

from conftest import ROOT


def _name_spec(req: str) -> tuple[str, str]:
    name, spec = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", req.strip()).groups()
    return re.sub(r"[-_.]+", "-", name).lower(), spec.replace(" ", "")


def test_environment_yml_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_name_spec(r) for r in project["dependencies"] + project["optional-dependencies"]["test"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    listed = set()
    for dep in env["dependencies"]:
        items = dep["pip"] if isinstance(dep, dict) else [dep]
        listed |= {_name_spec(item) for item in items}
    listed -= {_name_spec("pip")}
    listed = {(n, s) for n, s in listed if n != "python"}
    assert listed == wanted


def test_voila_is_pinned_past_cve_2024_30265():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert "voila>=0.5.6" in project["dependencies"]
