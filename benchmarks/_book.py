"""The book's own ``network.py``, run under Python 3: the reference the training benchmark is measured against.

The book's code is not part of this repository. Point the benchmarks at a checkout of
Michael Nielsen's repository ``mnielsen/neural-networks-and-deep-learning`` with
``--book DIR`` (or the ``NNADL_BOOK`` environment variable); ``DIR/src/network.py`` is read.

The file is Python 2. It runs under Python 3 after two mechanical changes, made here in memory
on the text as read and never written anywhere: ``xrange`` becomes ``range``, and each
``print`` statement becomes a call of ``print``. Nothing else is touched: the numerical code,
``sigmoid`` and ``sigmoid_prime`` included, is the book's to the character, so it runs at the
book's speed (``book_runs_unchanged`` checks that every line but those is the original).
"""

from __future__ import annotations

import io
import os
import re
import tokenize
import types
from pathlib import Path


def book_source_dir(arg=None):
    """The book's checkout from ``--book`` or ``$NNADL_BOOK``, or None."""
    value = arg or os.environ.get("NNADL_BOOK")
    return Path(value) if value else None


def _print_statements_to_calls(source):
    """Turn every Python 2 ``print x`` statement into ``print(x)``, using the tokenizer so that
    a statement spread over several lines (inside brackets) is closed where it really ends."""
    tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    lines = source.splitlines(keepends=True)
    edits = []  # (row, col, text) insertions
    for i, tok in enumerate(tokens):
        if tok.type == tokenize.NAME and tok.string == "print":
            before = tokens[i - 1] if i else None
            if before is not None and before.type not in (tokenize.NEWLINE, tokenize.NL, tokenize.INDENT,
                                                           tokenize.DEDENT):
                continue
            after = tokens[i + 1]
            if after.type == tokenize.OP and after.string == "(":
                continue  # already a call
            end = next(t for t in tokens[i + 1:] if t.type == tokenize.NEWLINE)
            edits.append((end.start[0], end.start[1], ")"))
            edits.append((tok.end[0], tok.end[1], "("))
    for row, col, text in sorted(edits, reverse=True):
        line = lines[row - 1]
        if text == "(":  # replace the space after 'print' by '('
            lines[row - 1] = line[:col] + "(" + line[col:].lstrip(" ")
        else:
            lines[row - 1] = line[:col] + ")" + line[col:]
    return "".join(lines)


def python3_source(source):
    """The book's Python 2 source with the two changes that let Python 3 run it."""
    return _print_statements_to_calls(re.sub(r"\bxrange\b", "range", source))


def book_runs_unchanged(original, converted):
    """True if the two texts differ only by ``xrange`` -> ``range`` and by added brackets and spaces."""
    def skeleton(text):
        return re.sub(r"[()\s]", "", re.sub(r"\bxrange\b", "range", text))
    return original.count("\n") == converted.count("\n") and skeleton(original) == skeleton(converted)


def load_book_network(book_dir):
    """The book's ``network`` module, loaded from ``book_dir/src/network.py`` under Python 3."""
    path = Path(book_dir) / "src" / "network.py"
    original = path.read_text()
    converted = python3_source(original)
    if not book_runs_unchanged(original, converted):
        raise RuntimeError(f"{path}: converting to Python 3 changed more than print and xrange lines")
    module = types.ModuleType("book_network")
    module.__file__ = str(path)
    exec(compile(converted, str(path), "exec"), module.__dict__)
    return module
