# Two commands do everything on a fresh machine (no conda needed):
#   make reproduce   set up, then run every notebook and write outputs/<unit>-<year>/
#   make test        set up, then run pytest (library) and nbval (the executed copies in notebooks/bundled)
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# setuptools' notice on every editable install ("be careful with folders … with the same name as your
# package") is information for packagers, not a problem of this project: not shown.
PIP_QUIET := PYTHONWARNINGS="ignore:Editable installation:UserWarning"

.PHONY: setup system-packages reproduce test audit lab notebooks benchmark clean

setup: $(STAMP)

# As root: apt-get installs fonts-noto-cjk (the Chinese labels of the figures) and chromium (the
# rendered-page tests). Without root (a shared server) or without a usable apt-get, nothing is installed here:
# the CJK font then comes from pip (the `fonts` extra, below) and what needs a browser is skipped.
system-packages:
	@if [ "$$(id -u)" != 0 ]; then \
		echo "not root: no apt-get; a CJK font comes from pip if needed, the browser tests are skipped without Chromium"; \
	elif ! command -v apt-get >/dev/null 2>&1; then \
		echo "no apt-get: a CJK font comes from pip if needed, the browser tests are skipped without Chromium"; \
	elif ! fc-list 2>/dev/null | grep -q "Noto Sans CJK" || ! command -v chromium >/dev/null 2>&1; then \
		echo "installing fonts-noto-cjk and chromium (apt)"; \
		{ apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk chromium >/dev/null; } \
			|| echo "apt-get failed: a CJK font comes from pip if needed, the browser tests are skipped without Chromium"; \
	fi

$(STAMP): pyproject.toml
	$(MAKE) system-packages
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip "setuptools>=77" wheel 2>&1 | grep -v "^WARNING: Location" || true
	$(PIP_QUIET) $(BIN)/pip install -q -e '.[test]' 2>&1 | grep -v "^WARNING: Location" || true
	@$(BIN)/python -m budgetlib.fonts >/dev/null 2>&1 || { \
		echo "no CJK font on this machine: pip install -e '.[test,fonts]' (mplfonts, 85 MB)"; \
		$(PIP_QUIET) $(BIN)/pip install -q -e '.[test,fonts]' 2>&1 | grep -v "^WARNING: Location" || true; }
	$(BIN)/python -m budgetlib.fonts
	$(BIN)/python -c "import budgetlib, pandas, matplotlib, openpyxl, papermill, nbval"
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 >/dev/null
	$(BIN)/python -m compileall -q budgetlib   # the machines set PYTHONDONTWRITEBYTECODE
	rm -rf $$HOME/.cache/matplotlib
	touch $(STAMP)

reproduce: setup
	$(BIN)/python -m budgetlib reproduce

test: setup
	rm -rf outputs/corpus   # the corpus notebook rebuilds its results from the PDFs and the bundled text
	$(BIN)/python -m pytest tests --nbval notebooks/bundled notebooks/corpus.ipynb --nbval-sanitize-with notebooks/sanitize.cfg -p no:cacheprovider

audit: setup
	$(BIN)/python -m budgetlib audit

# JupyterLab on the notebooks. As root (a container) JupyterLab refuses to start without --allow-root;
# LAB_OPTIONS adds more (in a container: LAB_OPTIONS="--ip=0.0.0.0 --no-browser", then open the printed URL).
LAB_OPTIONS ?=
lab: setup
	$(BIN)/jupyter lab --notebook-dir=notebooks $$([ "$$(id -u)" = 0 ] && echo --allow-root) $(LAB_OPTIONS)

# Re-execute notebooks/overview.ipynb and section.ipynb (once per section) on the bundled disclosure
# into notebooks/bundled/, and notebooks/corpus.ipynb in place (its results rebuilt from the real
# PDFs and the bundled text): the committed copies nbval compares fresh runs with.
notebooks: setup
	$(BIN)/python -c "from budgetlib.reproduce import references; [print('wrote', p) for p in references()]"
	rm -rf outputs/corpus
	$(BIN)/papermill --cwd notebooks notebooks/corpus.ipynb notebooks/corpus.ipynb --no-progress-bar
	$(BIN)/python -c "import nbformat as n; from budgetlib.runner import strip_run_metadata as s; p='notebooks/corpus.ipynb'; nb=n.read(p, 4); s(nb); n.write(nb, p)"

benchmark: setup
	$(BIN)/python benchmarks/bench_audit.py
	$(BIN)/python benchmarks/bench_pdf.py
	$(BIN)/python benchmarks/bench_corpus.py
	$(BIN)/python benchmarks/bench_reproduce.py
	$(BIN)/python benchmarks/bench_versions.py

clean:
	rm -rf $(VENV) outputs/*/
