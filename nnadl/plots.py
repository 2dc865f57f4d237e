"""The figures the measured pages share: learning curves of several runs, their accuracy table,
grouped bars and the log-log plot of how much faster backpropagation is.

Optional: it needs matplotlib (``pip install nnadl[docs]``), imported only when a function
draws, so ``import nnadl`` never needs it; no other module of ``nnadl`` imports this one.
Every drawing function takes an ``ax`` to draw into, or makes a figure of its own (laid out
with ``tight_layout``) when given none, and returns the axes; the caller shows it.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from . import _checks

__all__ = ["accuracy_curves", "accuracy_table", "grouped_bars", "learning_curves", "loglog_ratio"]


def _pyplot():
    try:
        import matplotlib.pyplot as plt
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("nnadl.plots needs matplotlib: pip install nnadl[docs]") from e
    return plt


def _axes(ax, figsize):
    """``ax``, or the axes of a new figure of ``figsize``; and whether the figure is ours to lay out."""
    if ax is not None:
        return ax, False
    _, ax = _pyplot().subplots(figsize=figsize)
    return ax, True


def _finish(ax, own, *, xlabel=None, ylabel=None, title=None, xscale=None, yscale=None, legend=True):
    """Label ``ax`` (``None`` leaves a label alone); ``legend`` is a bool or the legend's keyword arguments."""
    if xscale is not None:
        ax.set_xscale(xscale)
    if yscale is not None:
        ax.set_yscale(yscale)
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    if title is not None:
        ax.set_title(title)
    if legend:
        ax.legend(**(legend if isinstance(legend, Mapping) else {}))
    if own:
        ax.figure.tight_layout()
    return ax


def _labeller(labels):
    if labels is None:
        return str
    if isinstance(labels, Mapping):
        return labels.__getitem__
    return labels


def learning_curves(curves, *, ylabel, x=None, first_epoch=1, labels=None, marker="o", markersize=3,
                    xlabel="epoch", title=None, xscale=None, yscale=None, legend=True, ax=None,
                    figsize=(6, 3.4), **line_kw):
    """One line per run: ``curves[key]`` against the epoch (or against ``x``).

    Parameters
    ----------
    curves : mapping of key -> 1-D array
        What each run measured, one value per epoch (accuracy in %, cost, speed, ...).
    ylabel : str or None
        The y axis' label (``None``: left alone, e.g. on a panel sharing its y axis).
    x : array, mapping of key -> array, or None
        Where to put the values: shared by all runs, one per run, or (``None``) the epochs
        ``first_epoch, first_epoch + 1, ...``.
    labels : mapping or callable, optional
        The legend's label for each key (default ``str(key)``).
    marker : str, sequence of str, or None
        A marker for all lines, one per line in turn, or none (plain lines).
    markersize : float or None
        ``None`` for matplotlib's default.
    xlabel, title, xscale, yscale : str or None
    legend : bool or dict
        Draw a legend, with these keyword arguments if a dict.
    ax : matplotlib Axes, optional
        Draw into it; otherwise a new figure of ``figsize``.
    **line_kw
        Passed to every ``ax.plot``.

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = learning_curves({"a": [50, 70, 80], "b": [60, 65, 90]}, ylabel="test accuracy (%)")
    >>> [line.get_label() for line in ax.get_lines()], ax.get_lines()[0].get_xdata().tolist()
    (['a', 'b'], [1, 2, 3])
    >>> ax.get_xlabel(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('epoch', ['a', 'b'])
    """
    first_epoch = _checks.whole(first_epoch, "first_epoch", minimum=-10**15, maximum=10**15)
    ax, own = _axes(ax, figsize)
    label = _labeller(labels)
    markers = [marker] * len(curves) if marker is None or isinstance(marker, str) else list(marker)
    for (key, y), m in zip(curves.items(), markers):
        y = np.asarray(y)
        xs = x[key] if isinstance(x, Mapping) else x
        if xs is None:
            xs = np.arange(first_epoch, first_epoch + len(y))
        kw = dict(line_kw)
        if m is not None:
            kw["marker"] = m
            if markersize is not None:
                kw["markersize"] = _checks.real(markersize, "markersize", minimum=0)
        ax.plot(xs, y, label=label(key), **kw)
    return _finish(ax, own, xlabel=xlabel, ylabel=ylabel, title=title, xscale=xscale, yscale=yscale,
                   legend=legend)


def accuracy_curves(variants, train):
    """Train once per variant and keep the test accuracy after every epoch, in %.

    Parameters
    ----------
    variants : iterable
        What differs between the runs (a learning rate, an option, a name...).
    train : callable variant -> nnadl.training.History
        Builds and trains one network, with ``test_data`` given to ``SGD``.

    Returns
    -------
    dict of variant -> ndarray
        The input :func:`accuracy_table` and :func:`learning_curves` take.

    Examples
    --------
    >>> from types import SimpleNamespace
    >>> accuracy_curves([1, 2], lambda k: SimpleNamespace(test_accuracy=[0.5 * k, 0.25]))
    {1: array([50., 25.]), 2: array([100.,  25.])}
    """
    return {v: np.asarray(train(v).test_accuracy, dtype=float) * 100 for v in variants}


def accuracy_table(curves, epochs=(1,), *, labels=None, mean_of_last=None, title="test accuracy (%)"):
    """The accuracy of each run after some epochs, optionally the mean of its last epochs, and its best.

    Parameters
    ----------
    curves : mapping of key -> 1-D array
        Accuracy per epoch (in %), epoch 1 first.
    epochs : sequence of int
        The epochs (counted from 1) to show a column for.
    labels : mapping or callable, optional
        Each row's label (default ``str(key)``).
    mean_of_last : int, optional
        Add a column with the mean over the last ``mean_of_last`` epochs.
    title : str
        The first column's heading.

    Returns
    -------
    str
        One line of headings, then one line per run; values with one decimal.

    Examples
    --------
    >>> print(accuracy_table({"quadratic": [80.0, 85.5, 84.0]}, epochs=(1, 3)))
    test accuracy (%)  epoch 1  epoch 3  best
    quadratic              80.0     84.0  85.5
    >>> print(accuracy_table({"p = 0.5": [1.0, 2.0, 4.0]}, epochs=(3,), mean_of_last=2, title="accuracy"))
    accuracy  epoch 3  mean of 2-3  best
    p = 0.5       4.0          3.0   4.0
    """
    label = _labeller(labels)
    rows = {label(key): np.asarray(acc, dtype=float) for key, acc in curves.items()}
    n = max(len(acc) for acc in rows.values())
    columns = [(f"epoch {e}", lambda acc, e=e: acc[e - 1]) for e in epochs]
    mean_of_last = None if mean_of_last is None else _checks.whole(mean_of_last, "mean_of_last", minimum=1)
    if mean_of_last:
        columns.append((f"mean of {n - mean_of_last + 1}-{n}", lambda acc: acc[-mean_of_last:].mean()))
    columns.append(("best", np.max))
    width = max([len(title)] + [len(name) + 1 for name in rows])
    lines = [f"{title:<{width}}" + "".join(f"{head:>{len(head) + 2}}" for head, _ in columns)]
    for name, acc in rows.items():
        lines.append(f"{name:<{width}}" + "".join(f"{value(acc):>{len(head) + 2}.1f}" for head, value in columns))
    return "\n".join(lines)


def grouped_bars(groups, *, x=None, width=0.8, yerr=None, labels=None, xlabel=None, ylabel=None, title=None,
                 yscale=None, legend=True, ax=None, figsize=(6, 3.4), **bar_kw):
    """Bars for several groups side by side at each position ``x`` (one group: plain bars).

    Parameters
    ----------
    groups : mapping of key -> 1-D array
        One bar per position for each group; the groups are drawn left to right.
    x : array, optional
        The positions (default ``0, 1, ...``).
    width : float
        The width of one bar; a position's bars together are ``width * len(groups)`` wide.
    yerr : mapping of key -> array, optional
        Error bars for some groups.
    labels : mapping or callable, optional
        The legend's label for each key (default ``str(key)``).
    xlabel, ylabel, title, yscale : str or None
    legend : bool or dict
    ax : matplotlib Axes, optional
    **bar_kw
        Passed to every ``ax.bar`` (``color``, ``capsize``, ...).

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = grouped_bars({"a": [1, 2], "b": [3, 4]}, width=0.4, ylabel="activation")
    >>> [round(float(p.get_x() + p.get_width() / 2), 2) for p in ax.patches]
    [-0.2, 0.8, 0.2, 1.2]
    """
    ax, own = _axes(ax, figsize)
    label = _labeller(labels)
    for k, (key, values) in enumerate(groups.items()):
        values = np.asarray(values, dtype=float)
        pos = (np.arange(len(values)) if x is None else np.asarray(x)) + (k - (len(groups) - 1) / 2) * _checks.real(width, "width", above=0)
        err = None if yerr is None else yerr.get(key)
        ax.bar(pos, values, width, yerr=err, label=label(key), **bar_kw)
    return _finish(ax, own, xlabel=xlabel, ylabel=ylabel, title=title, yscale=yscale, legend=legend)


def loglog_ratio(parameters, ratio, *, title, ax=None, figsize=(6, 4)):
    """The ratio time(finite differences) / time(backprop) against the number of parameters, on log-log
    axes, next to a line proportional to the number of parameters through the first point.

    Parameters
    ----------
    parameters, ratio : 1-D arrays
        As in the rows of :func:`nnadl.gradcheck.gradient_timings`.
    title : str
    ax : matplotlib Axes, optional

    Returns
    -------
    matplotlib Axes

    Examples
    --------
    >>> ax = loglog_ratio([70, 162, 442], [80.0, 190.0, 500.0], title="Networks [n, n, 10]")
    >>> ax.get_xscale(), ax.get_yscale(), [line.get_label() for line in ax.get_lines()]
    ('log', 'log', ['measured', 'proportional to $P$'])
    >>> ax.get_lines()[1].get_ydata().round(1).tolist()
    [80.0, 185.1, 505.1]
    """
    ax, own = _axes(ax, figsize)
    parameters, ratio = np.asarray(parameters, dtype=float), np.asarray(ratio, dtype=float)
    ax.loglog(parameters, ratio, "o-", label="measured")
    ax.loglog(parameters, ratio[0] * parameters / parameters[0], "--", color="gray", label="proportional to $P$")
    return _finish(ax, own, xlabel="number of parameters $P$", ylabel="time(finite differences) / time(backprop)",
                   title=title)
