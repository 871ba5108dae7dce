# Two commands for a newcomer on Debian/Ubuntu with Python 3.11:
#   make run   - create .venv, install, serve the dashboard on http://127.0.0.1:8866/
#   make test  - create .venv, install test tools (and Debian's chromium if missing), run all tests
#   make test-fast - the domain, output and structure tests only (no server, no browser): about a minute
#   make bench - the performance benchmark (docs/performance.md explains its table)
#   make mutation - mutation testing of the suite (docs/testing.md)
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MINIBROWSER := /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test test-fast bench lab clean browser mutation module

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test,lab,marimo]'
	$(PY) -m cardguide develop --lang en
	touch $@

run: $(VENV)/.installed
	$(PY) -m cardguide serve

# As root (a container, CI) JupyterLab refuses to start unless told. The same notebooks open in
# Notebook 7 (installed with JupyterLab by the lab extra): `.venv/bin/jupyter notebook notebooks/`.
lab: $(VENV)/.installed
	@echo "In Notebook 7 instead: $(VENV)/bin/jupyter notebook notebooks/"
	$(VENV)/bin/jupyter lab notebooks/ $$(test "$$(id -u)" = 0 && echo --allow-root)

# Debian's chromium and CJK fonts (never a downloaded browser); npm for Lighthouse and the npm tools;
# WebKitGTK and Firefox ESR for the other two engines.
browser:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK" \
	    || ! command -v faketime >/dev/null || ! test -x /usr/sbin/nginx; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk faketime nginx-light >/dev/null; \
	fi
	@if ! command -v npm >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq nodejs npm >/dev/null; \
	fi
	@# The other engines (tests/test_webkit.py, test_firefox.py): WebKitGTK's WebDriver and its
	@# MiniBrowser (in libwebkit2gtk-4.1-0), Xvfb for its display, Firefox ESR (driven over BiDi).
	@if ! command -v WebKitWebDriver >/dev/null || ! test -x $(MINIBROWSER) \
	    || ! command -v xvfb-run >/dev/null || ! command -v firefox-esr >/dev/null; then \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq webkit2gtk-driver libwebkit2gtk-4.1-0 \
	    xvfb xauth firefox-esr >/dev/null; \
	fi

test: $(VENV)/.installed browser
	$(PY) -m pytest --durations=30

test-fast: $(VENV)/.installed
	$(PY) -m pytest tests -m "not browser and not slow"

# cardguide against the floor Voilà and ipywidgets set: prints a table, writes benchmarks/results.json;
# then Lighthouse 12.8.2 (mobile x3, desktop) on the dashboard beside a hello-world: benchmarks/lighthouse/;
# the pool hang (plain Voilà beside cardguide), the server's own capacity, crowds of 10 and 20 browsers
# (on loopback, and as phones each on its own slow 4G link), and the same crowd on a static chart
# page and on plain Voilà (what the browsers on this machine cost on their own); the hand-over's
# table (the Voilà page's first change, a dropped connection, 200 readers on --max-kernels 20,
# hidden and closed tabs, kernel starts on IPC and TCP); issue 33's one module (lines of front end,
# the Voilà page on a throttled phone with INP, the kernel's Plotly Gantt, Lighthouse mobile); issue
# 34's table (the Voilà page without Voilà's front end beside the reader's page and Voilà's own lab
# template: Lighthouse, TBT, bytes, the phone's first change and longest wait, INP, the Plotly
# Gantt on a phone and a desktop, the slider against the floor, a reader's kernel)
bench: $(VENV)/.installed browser
	$(PY) benchmarks/light_page.py
	$(PY) benchmarks/run.py
	$(PY) benchmarks/lighthouse.py
	$(PY) benchmarks/reader.py
	$(PY) benchmarks/handover.py
	$(PY) benchmarks/one_module.py
	$(PY) benchmarks/pool.py 20 4
	$(PY) benchmarks/capacity.py 10
	CARDGUIDE_LOAD_VIEWERS=10 $(PY) -m pytest -p no:cacheprovider -q -s tests/test_load.py
	CARDGUIDE_LOAD_VIEWERS=20 $(PY) -m pytest -p no:cacheprovider -q -s tests/test_load.py
	CARDGUIDE_LOAD_VIEWERS=10 CARDGUIDE_LOAD_NETWORK=phone $(PY) -m pytest -p no:cacheprovider -q -s tests/test_load.py
	CARDGUIDE_LOAD_VIEWERS=20 CARDGUIDE_LOAD_NETWORK=phone $(PY) -m pytest -p no:cacheprovider -q -s tests/test_load.py
	$(PY) benchmarks/crowd_floor.py 10
	$(PY) benchmarks/crowd_floor.py 10 --phone

# mutmut over the domain and output modules against the fast tests (slow: not in `make test`);
# prints the score; docs/testing.md records it with the accepted survivors.
mutation: $(VENV)/.installed
	$(PY) -m pip install --quiet -e '.[mutation]'
	rm -rf mutants
	$(VENV)/bin/mutmut run --max-children 2 >/dev/null || true
	$(PY) scripts/mutation_score.py

clean:
	rm -rf $(VENV) build *.egg-info

# The one front end's module (cardguide/reader/widget.js), bundled by a pinned esbuild from npm from
# host.js, reader.js, timeline.js and kernel.js; tests/test_module.py checks the shipped file is this build.
module: $(VENV)/.installed
	$(PY) -c "import sys; sys.path.insert(0, '.'); from pathlib import Path; from harness.npm import build_module; \
	r = Path('cardguide/reader'); (r / 'widget.js').write_bytes(build_module(r))"
