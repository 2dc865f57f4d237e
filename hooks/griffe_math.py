"""A griffe extension: turn the reStructuredText in docstrings into what the API reference renders.

The package's docstrings follow the NumPy convention, so they read well in ``help()`` and in an
editor: ``:math:`x``` inline, ``.. math::`` blocks, and roles such as ``:class:`History```,
``:meth:`Network.SGD``` or ``:func:`~numpy.lib.stride_tricks.sliding_window_view```. On the API
reference page:

- math becomes arithmatex's ``\\( x \\)`` and ``\\[ x \\]``. The docstrings are rendered with the
  site's Markdown extensions, so pymdownx.arithmatex wraps each formula in an ``arithmatex``
  element, exactly as on the pages, and MathJax typesets it (docs/javascripts/mathjax-config.js);
- a role naming an object of the package becomes a cross-reference (mkdocs-autorefs) to where
  that object is documented. Targets are resolved as Sphinx does, generally rather than from a
  table: in the docstring's own object, then its class, module and parent packages (names a
  module imports count), then as an absolute path, then as the unique object whose path ends
  with the name. The link is optional: an object that no page documents leaves code text;
- in the type and default of a parameter or return value (``f : callable, default
  :func:`book_function```), which mkdocstrings shows as code text, a role becomes the name it
  shows (``book_function()``);
- a role naming something outside the package (numpy) becomes code text, as does a role inside
  the package that does not resolve; the latter is also logged, and the reference-page test
  fails on it (tests/test_site.py), so a typo cannot slip through a green strict build.

Every role becomes ``<code class="nnadl-role">``, inside a link of class ``nnadl-xref`` when it
resolves; ``nnadl-external`` and ``nnadl-unresolved`` mark the other two cases, so the tests can
count them against the docstrings.
"""

import html
import logging
import re

import griffe

logger = logging.getLogger("mkdocs.hooks.griffe_math")

INLINE = re.compile(r":math:`([^`]+)`")
BLOCK = re.compile(r"^(?P<indent>[ \t]*)\.\. math::[ \t]*(?P<first>.*)\n(?P<body>(?:(?P=indent)[ \t]+.*\n|[ \t]*\n)*)", re.M)
# :role:`target`, :role:`~target`, :role:`title <target>`, with or without a py: domain.
ROLE = re.compile(r":(?:py:)?(?P<role>class|meth|func|mod|data|attr|obj|exc|const):`(?P<text>[^`]+)`")
CALLABLE_ROLES = {"meth", "func"}


def convert_math(text: str) -> str:
    """Convert ``:math:`` roles and ``.. math::`` directives to arithmatex's delimiters."""

    def block(m):
        lines = [m.group("first")] + m.group("body").splitlines()
        body = " ".join(line.strip() for line in lines if line.strip())
        return f"{m.group('indent')}\n{m.group('indent')}\\[ {body} \\]\n\n"

    text = BLOCK.sub(block, text)
    return INLINE.sub(lambda m: f"\\( {m.group(1)} \\)", text)


def _member(scope, name):
    """The object ``name`` in ``scope``'s namespace, following imports; None if absent or outside."""
    try:
        member = scope.members.get(name)
    except (AttributeError, griffe.AliasResolutionError, griffe.CyclicAliasError):
        return None
    if member is None:
        return None
    if member.is_alias:
        try:
            return member.final_target
        except (griffe.AliasResolutionError, griffe.CyclicAliasError):
            return None  # imported from outside the loaded package (numpy, the standard library)
    return member


def _lookup(scope, dotted):
    obj = scope
    for part in dotted.split("."):
        obj = _member(obj, part)
        if obj is None:
            return None
    return obj


def _walk(obj):
    """Every object defined in the package (imports excluded), ``obj`` included."""
    yield obj
    for member in list(obj.members.values()):
        if not member.is_alias:
            yield from _walk(member)


# NumPy-style sections whose unindented lines are items, ``name : type, default value``: mkdocstrings
# shows the type and the default as code text, where a link cannot go. Roles there become the
# name they show (``:func:`book_function``` -> ``book_function()``).
ITEM_SECTIONS = {
    "parameters", "other parameters", "returns", "yields", "receives", "raises", "warns",
    "attributes", "methods", "functions", "classes", "modules",
}
UNDERLINE = re.compile(r"-{3,}\s*")


def _title(kind, written):
    explicit = re.fullmatch(r"(?P<title>.+?)\s*<(?P<target>[^<>]+)>", written, re.S)
    if explicit:
        return explicit.group("title"), explicit.group("target").strip()
    title = written.lstrip("~.")
    if written.startswith("~"):
        title = title.rpartition(".")[2]
    if kind in CALLABLE_ROLES:
        title += "()"
    return title, written


def _plain_roles_in_item_headers(text):
    lines = text.split("\n")
    in_items = False
    for i, line in enumerate(lines):
        if line.strip() and i + 1 < len(lines) and UNDERLINE.fullmatch(lines[i + 1]):
            in_items = line.strip().lower() in ITEM_SECTIONS
        elif in_items and line[:1].strip() and not UNDERLINE.fullmatch(line):
            lines[i] = ROLE.sub(lambda m: _title(m.group("role"), m.group("text").strip())[0], line)
    return "\n".join(lines)


def _code(text, classes):
    """Inline code as raw HTML; ``_`` and ``*`` as entities so that Markdown leaves them alone."""
    escaped = html.escape(text).replace("_", "&#95;").replace("*", "&#42;")
    return f'<code class="{classes}">{escaped}</code>'


class Resolver:
    """Resolve role targets against one loaded package."""

    def __init__(self, package):
        self.package = package
        self.paths = {}
        for obj in _walk(package):
            self.paths.setdefault(obj.name, []).append(obj)

    def resolve(self, target, where):
        """The object ``target`` names in a docstring of ``where``, or None."""
        scope = where
        while scope is not None:
            if scope.is_module or scope.is_class:
                if (found := _lookup(scope, target)) is not None:
                    return found
            scope = scope.parent
        head, _, rest = target.partition(".")
        if head == self.package.name:
            return _lookup(self.package, rest) if rest else self.package
        # The unique object whose path ends with the target (Sphinx's ".name" search).
        last = target.rpartition(".")[2]
        matches = [o for o in self.paths.get(last, []) if o.path.endswith("." + target) or o.path == target]
        return matches[0] if len(matches) == 1 else None

    def convert(self, text, where):
        return ROLE.sub(lambda m: self._role(m, where), _plain_roles_in_item_headers(text))

    def _role(self, m, where):
        """One role, as a link to the object it names, or as code text."""
        kind, written = m.group("role"), m.group("text").strip()
        title, target = _title(kind, written)
        target = target.lstrip("~.")
        found = self.resolve(target, where)
        if found is not None and found.path.split(".")[0] == self.package.name:
            code = _code(title, "nnadl-role")
            return f'<autoref identifier="{html.escape(found.path)}" optional class="nnadl-xref">{code}</autoref>'
        if target.split(".")[0] == self.package.name or found is None and "." not in target:
            # Meant for the package but names nothing in it: code text, logged, and failed by the tests.
            logger.info("%s: :%s:`%s` names nothing in %s; shown as code", where.path, kind, written, self.package.name)
            return _code(title, "nnadl-role nnadl-unresolved")
        return _code(title, "nnadl-role nnadl-external")  # outside the package (numpy, ...): no link


class RstMath(griffe.Extension):
    """Math and roles in every docstring of a package, once the whole package is loaded."""

    def on_package(self, *, pkg, **kwargs):
        resolver = Resolver(pkg)
        for obj in _walk(pkg):
            if obj.docstring is not None:
                obj.docstring.value = resolver.convert(convert_math(obj.docstring.value), obj)
