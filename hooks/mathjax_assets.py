"""Serve MathJax 3 from the built site itself, so math renders with no outside host.

MathJax comes from the PyPI package ``django-static-mathjax`` (import name ``mathjax``),
installed by requirements.txt; nothing is vendored in this repository. After every build
the parts the page loads are copied into ``site/assets/mathjax/``: the ``tex-chtml.js``
component, the TeX extensions it may autoload, the CHTML woff fonts, and the menu and
accessibility components it loads on demand.

(Named ``mathjax_assets`` rather than ``mathjax``: mkdocs registers a hook module under its
file name, which would shadow the package.)
"""

import shutil
from pathlib import Path

import mathjax

PARTS = ["tex-chtml.js", "input", "output", "ui", "a11y", "sre", "adaptors"]


def source_dir() -> Path:
    return Path(mathjax.__file__).parent / "static" / "mathjax" / "es5"


def on_post_build(config, **kwargs):
    src = source_dir()
    dest = Path(config["site_dir"]) / "assets" / "mathjax"
    for part in PARTS:
        if not (src / part).exists():
            raise FileNotFoundError(f"MathJax part {src / part} is missing; reinstall django-static-mathjax")
        if (src / part).is_dir():
            shutil.copytree(src / part, dest / part, dirs_exist_ok=True)
        else:
            dest.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src / part, dest / part)
