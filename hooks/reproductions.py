"""The book's results, reproduced: pages built from the committed records in ``reproductions/``.

``nnadl reproduce NAME --out reproductions/NAME.json`` writes one record per experiment of
:mod:`nnadl.experiments`. This hook reads them when the site is built (nothing is trained
during a build) and replaces three kinds of marker in a page's Markdown:

- ``[[reproductions:table]]``: one row per experiment (the book's number, ours: mean, spread
  and best over the seeds, epochs, time, the command);
- ``[[reproductions:curves]]``: the learning curves of every run, with the book's number;
- ``[[reproductions:explanations]]``: each result outside the range of its seeds, and why;
- ``[[reproductions:chapter N]]``: a box with chapter N's experiments, linking the rows;
- ``[[reproduced:NAME]]``: the reproduced number, inline, beside the book's, linking its row.

A marker naming an unknown experiment, or an experiment without a record, fails the build.
"""

from __future__ import annotations

import html
import json
import posixpath
import re
from pathlib import Path

from mkdocs.exceptions import PluginError

from nnadl.experiments import EXPERIMENTS, duration, speeds_text

PAGE = "reproductions.md"
MARKER = re.compile(r"\[\[(reproductions|reproduced):([^\]]+)\]\]")
RECORDS: dict[str, dict] = {}


def on_config(config, **kwargs):
    RECORDS.clear()
    folder = Path(config["config_file_path"]).parent / "reproductions"
    for path in sorted(folder.glob("*.json")):
        record = json.loads(path.read_text())
        if record.get("name") in EXPERIMENTS:  # shortened runs live under names of their own
            RECORDS[record["name"]] = record
    return config


def on_page_markdown(markdown, page, config, files, **kwargs):
    if "[[reproduc" not in markdown:
        return markdown
    link = posixpath.relpath(PAGE, posixpath.dirname(page.file.src_uri) or ".")

    def replace(match):
        kind, arg = match.group(1), match.group(2).strip()
        if kind == "reproduced":
            return inline(_record(arg, page), link)
        if arg == "table":
            return table()
        if arg == "curves":
            return curves()
        if arg == "explanations":
            return explanations()
        if arg.startswith("chapter "):
            return chapter_box(int(arg.split()[1]), link)
        raise PluginError(f"{page.file.src_uri}: unknown marker [[{kind}:{arg}]]")

    return MARKER.sub(replace, markdown)


def _record(name, page):
    if name not in EXPERIMENTS:
        raise PluginError(f"{page.file.src_uri}: [[reproduced:{name}]] names no experiment of nnadl.experiments")
    if name not in RECORDS:
        raise PluginError(f"{page.file.src_uri}: no record reproductions/{name}.json; "
                          f"run `nnadl reproduce {name} --out reproductions/{name}.json`")
    return RECORDS[name]


# -- numbers as the pages print them ----------------------------------------------------------

def percent(x):
    return f"{100 * x:.2f}%"


def points(x):
    """A spread between accuracies, in percentage points."""
    return f"{100 * x:.2f}"


def ours(record):
    """The reproduced number as a sentence fragment: ``95.21% (mean of 3 seeds; best 95.27%)``."""
    if record.get("status") == "projected":
        return f"not run here (about {duration(record['projected_seconds'])} projected)"
    if record.get("book_accuracy") is None:
        return speeds_text(record["mean_values"]) + f" (mean of {len(record['seeds'])} seeds)"
    n = len(record["seeds"])
    if n == 1:
        return f"{percent(record['best'])} (one run)"
    return f"{percent(record['mean'])} (mean of {n} seeds; best {percent(record['best'])})"


# -- the markers --------------------------------------------------------------------------------

def inline(record, link):
    return f"[reproduced here: {ours(record)}]({link}#{record['name']})"


def table():
    rows = ['<div class="nnadl-reproductions" markdown>', "",
            "| Experiment (the command) | The book | Ours: mean | Spread | Best | Seeds | Epochs | Time per run |",
            "|---|---|---|---|---|---|---|---|"]
    for name, exp in EXPERIMENTS.items():
        record = RECORDS.get(name)
        if record is None:
            raise PluginError(f"no record reproductions/{name}.json; every experiment needs a run or a projection")
        first = (f'<span id="{name}"></span>`nnadl reproduce {name}`<br>Chapter {exp.chapter}: '
                 f"{html.escape(exp.title)}<br><small>{html.escape(exp.metric)}</small>")
        epochs = str(exp.epochs) if exp.epochs else "–"
        if record.get("status") == "projected":
            cells = ["not run here", "", "", "", epochs,
                     f"{duration(record['projected_seconds'])} (projected: one epoch took "
                     f"{duration(record['seconds_per_epoch'])})"]
        elif exp.book_accuracy is None:
            cells = [speeds_text(record["mean_values"]), "", "",
                     str(len(record["seeds"])), epochs, duration(max(record["seconds"]))]
        else:
            cells = [percent(record["mean"]), points(record["spread"]), percent(record["best"]),
                     str(len(record["seeds"])), epochs, duration(max(record["seconds"]))]
        rows.append("| " + " | ".join([first, exp.book_number] + cells) + " |")
    return "\n".join(rows + ["", "</div>"])


def chapter_box(chapter, link):
    lines = [f'!!! abstract "The book\'s results in this chapter, reproduced on the full MNIST"', "",
             "    | The book's experiment | The book | Reproduced here |", "    |---|---|---|"]
    for name, exp in EXPERIMENTS.items():
        if exp.chapter == chapter and name in RECORDS:
            lines.append(f"    | {html.escape(exp.title)} | {exp.book_number} | "
                         f"[{ours(RECORDS[name])}]({link}#{name}) |")
    lines += ["", f"    Every run, its learning curves and the command that repeats it: [The book's results, "
                  f"reproduced]({link})."]
    return "\n".join(lines)


def outside(record):
    """Whether the book's number lies outside the range of our seeds' results.

    With one seed there is no range: the result is then compared with the sampling error of
    the 10,000 images it is measured on, and counts as outside beyond two standard errors.
    """
    if record.get("status") == "projected":
        return False
    if record.get("book_accuracy") is None:  # speeds: outside in any layer
        return any(not min(v) <= b <= max(v) for b, v in zip(record["book_values"], zip(*record["values"])))
    book, accuracy = record["book_accuracy"], record["accuracy"]
    if len(accuracy) == 1:
        return abs(accuracy[0] - book) > 2 * (book * (1 - book) / 10_000) ** 0.5
    return not min(accuracy) <= book <= max(accuracy)


def explanations():
    items = []
    for name, exp in EXPERIMENTS.items():
        record = RECORDS.get(name)
        if record is None or not outside(record):
            continue
        if exp.book_accuracy is None:
            ours_range = "; ".join(f"{min(v):.3f} to {max(v):.3f}" for v in zip(*record["values"]))
        else:
            lo, hi = min(record["accuracy"]), max(record["accuracy"])
            ours_range = percent(lo) if lo == hi else f"{percent(lo)} to {percent(hi)}"
        why = record.get("explanation") or "Not explained: nothing found in the protocol, the data or the code."
        items.append(f"- [`{name}`](#{name}): the book {exp.book_number}, ours {ours_range} "
                     f"({len(record['seeds'])} seed{'s' if len(record['seeds']) > 1 else ''}). {why}")
    return "\n".join(items) or "Every result lies within the range of its seeds."


def curves():
    parts, chapter = [], None
    for name, exp in EXPERIMENTS.items():
        record = RECORDS.get(name)
        if record is None or record.get("status") == "projected" or exp.book_accuracy is None:
            continue
        series = _series(exp, record)
        if not series or max(len(v) for _, v in series) < 2:
            continue
        if exp.chapter != chapter:
            chapter = exp.chapter
            parts.append(f"### Chapter {chapter}")
        parts.append(f'<figure class="nnadl-curves" id="curves-{name}">\n{svg(exp, series)}\n'
                     f"<figcaption><code>{name}</code>: {html.escape(exp.title)}. "
                     f"{html.escape(_which(exp))} after each epoch, one line per seed; dashed: the book's "
                     f"{exp.book_number} (the book's section: {html.escape(exp.section)}).</figcaption>\n</figure>")
    return "\n\n".join(parts)


def _which(exp):
    return "Validation accuracy" if exp.evaluate_on == "validation" else "Test accuracy"


def _series(exp, record):
    part = "validation" if exp.evaluate_on == "validation" else "test"
    return [(seed, c[part]) for seed, c in record["curves"].items() if c.get(part)]


def svg(exp, series, width=640, height=240, pad=(48, 12, 14, 30)):
    """A small line chart: one polyline per seed and the book's number as a dashed line."""
    left, right, top, bottom = pad  # room for the axes' labels
    values = [v for _, s in series for v in s] + [exp.book_accuracy]
    n = max(len(s) for _, s in series)
    lo, hi = min(values), max(values)
    lo, hi = lo - 0.05 * (hi - lo or 0.01), hi + 0.05 * (hi - lo or 0.01)
    x = lambda j: left + (width - left - right) * (j / max(n - 1, 1))  # noqa: E731
    y = lambda v: top + (height - top - bottom) * (hi - v) / (hi - lo)  # noqa: E731
    out = [f'<svg viewBox="0 0 {width} {height}" role="img" aria-label="{html.escape(exp.name)} learning curves">']
    for k in range(5):
        v = lo + (hi - lo) * k / 4
        out.append(f'<line class="grid" x1="{left}" x2="{width - right}" y1="{y(v):.1f}" y2="{y(v):.1f}"/>'
                   f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{100 * v:.1f}%</text>')
    for j in sorted({0, n - 1, (n - 1) // 2}):
        out.append(f'<text x="{x(j):.1f}" y="{height - 8}" text-anchor="middle">{j + 1}</text>')
    out.append(f'<line class="book" x1="{left}" x2="{width - right}" y1="{y(exp.book_accuracy):.1f}" '
               f'y2="{y(exp.book_accuracy):.1f}"/>')
    for k, (seed, s) in enumerate(series):
        pts = " ".join(f"{x(j):.1f},{y(v):.1f}" for j, v in enumerate(s))
        out.append(f'<polyline class="seed seed-{k % 3}" points="{pts}"><title>seed {seed}</title></polyline>')
    out.append("</svg>")
    return "".join(out)
