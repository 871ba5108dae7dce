# Two commands for a newcomer on Debian/Ubuntu with Python 3.11:
#   make run   - create .venv, install, serve the dashboard on http://127.0.0.1:8866/
#   make test  - create .venv, install test tools (and Debian's chromium if missing), run all tests
#   make test-fast - the domain, output and structure tests only (no server, no browser): about a minute
#   make bench - the benchmark suite: benchmarks/results.json and docs/performance.md (docs/benchmarks.md explains it)
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

# The one benchmark suite, by concern (benchmarks/__init__.py): page weight and Lighthouse through
# Lighthouse CI (lighthouserc.json's budgets), the throttled phone, the kernel's round trip against
# the widget floor (3 runs), crowds and capacity, kernel faults. Writes benchmarks/results.json and
# docs/performance.md from it; about 40 minutes on 2 cores. `make test` smoke-runs it (tests/test_bench.py).
bench: $(VENV)/.installed browser
	$(PY) -m benchmarks

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
