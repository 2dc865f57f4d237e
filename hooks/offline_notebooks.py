"""Strip from notebook pages the two scripts of mkdocs-jupyter's template that the site does not use.

- a MathJax 2 configuration (``text/x-mathjax-config`` with an empty ``<script src="">``):
  the site's own MathJax 3 configuration typesets notebook Markdown;
- a module script that imports mermaid from a CDN when a notebook has mermaid diagrams.
  Ours have none, and the site loads nothing from another host.

Both are removed so that the built HTML references no outside host at all.
"""

import re

MATHJAX2 = re.compile(
    r'<!-- Load mathjax -->\s*<script src="">\s*</script>\s*<!-- MathJax configuration -->\s*'
    r'<script type="text/x-mathjax-config">.*?</script>\s*<!-- End of mathjax configuration -->',
    re.S,
)
MERMAID = re.compile(r'<script type="module">(?:(?!</script>).)*?cdnjs\.cloudflare\.com/ajax/libs/mermaid.*?</script>', re.S)


def on_post_page(output, page, config):
    if ".jupyter-wrapper" not in output and "jp-Notebook" not in output:
        return output
    for pattern, what in ((MATHJAX2, "MathJax 2 configuration"), (MERMAID, "mermaid CDN import")):
        output, n = pattern.subn("", output)
        if n != 1:
            raise ValueError(
                f"{page.file.src_uri}: expected one {what} from mkdocs-jupyter's template, found {n}; "
                "the template changed: update hooks/offline_notebooks.py"
            )
    return output
