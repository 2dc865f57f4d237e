"""A griffe extension: turn reStructuredText math in docstrings into math the site renders.

The package's docstrings follow the NumPy convention, ``:math:`x``` inline and
``.. math::`` blocks, so they read well in ``help()`` and in an editor. On the API
reference page they become arithmatex's ``\\( x \\)`` and ``\\[ x \\]``, which MathJax typesets.
"""

import re

import griffe

INLINE = re.compile(r":math:`([^`]+)`")
BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)\n(?P<body>(?:(?P=indent)[ \t]+.*\n|[ \t]*\n)*)", re.M)


def convert(text: str) -> str:
    """Convert ``:math:`` roles and ``.. math::`` directives to MathJax delimiters."""

    def block(m):
        lines = [m.group("first")] + m.group("body").splitlines()
        body = " ".join(line.strip() for line in lines if line.strip())
        return f"{m.group('indent')}\\\\[ {body} \\\\]\n\n"

    text = BLOCK.sub(block, text)
    return INLINE.sub(lambda m: f"\\\\( {m.group(1)} \\\\)", text)


class RstMath(griffe.Extension):
    def on_instance(self, *, obj, **kwargs):
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value)
