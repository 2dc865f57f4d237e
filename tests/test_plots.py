"""nnadl.plots: what each figure function draws, the accuracy table's text, and that matplotlib
stays out of ``import nnadl`` (MPLBACKEND=Agg is set by the root conftest)."""

import subprocess
import sys

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.container import BarContainer

from nnadl.plots import accuracy_table, grouped_bars, learning_curves, loglog_ratio


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def legend_texts(ax):
    return [t.get_text() for t in ax.get_legend().get_texts()]


def test_learning_curves_draws_one_line_per_run_against_the_epochs():
    curves = {0.0: np.array([10.0, 20.0, 30.0]), 0.9: np.array([15.0, 25.0, 35.0])}
    ax = learning_curves(curves, ylabel="test accuracy (%)", title="η = 0.05",
                         labels=lambda mu: "plain SGD" if mu == 0 else f"momentum, μ = {mu}")
    lines = ax.get_lines()
    assert len(lines) == 2
    assert [line.get_label() for line in lines] == ["plain SGD", "momentum, μ = 0.9"]
    assert legend_texts(ax) == ["plain SGD", "momentum, μ = 0.9"]
    assert lines[0].get_xdata().tolist() == [1, 2, 3]
    assert lines[1].get_ydata().tolist() == [15.0, 25.0, 35.0]
    assert (lines[0].get_marker(), lines[0].get_markersize()) == ("o", 3)
    assert (ax.get_xlabel(), ax.get_ylabel(), ax.get_title()) == ("epoch", "test accuracy (%)", "η = 0.05")
    assert (ax.get_xscale(), ax.get_yscale()) == ("linear", "linear")


def test_learning_curves_options_for_panels_of_a_figure():
    fig, axes = plt.subplots(1, 2)
    ax = learning_curves({"a": [1.0, 0.1, 0.01]}, ylabel=None, xlabel=None, first_epoch=0, marker=None,
                         yscale="log", legend=False, ax=axes[1])
    assert ax is axes[1] and ax.get_legend() is None
    assert ax.get_yscale() == "log" and ax.get_xlabel() == "" and ax.get_ylabel() == ""
    line, = ax.get_lines()
    assert line.get_xdata().tolist() == [0, 1, 2] and line.get_marker() in ("None", None, "")


def test_learning_curves_x_per_run_and_a_marker_per_run():
    ax = learning_curves({"original": [1, 2], "expanded": [3]}, ylabel="y",
                         x={"original": [3, 6], "expanded": [15]}, marker=["o", "s"], markersize=None,
                         legend={"fontsize": 8})
    first, second = ax.get_lines()
    assert first.get_xdata().tolist() == [3, 6] and second.get_xdata().tolist() == [15]
    assert (first.get_marker(), second.get_marker()) == ("o", "s")
    assert second.get_markersize() == plt.rcParams["lines.markersize"]
    assert ax.get_legend().get_texts()[0].get_fontsize() == 8


def test_accuracy_table_columns_line_up_with_their_headings():
    table = accuracy_table({"quadratic": np.arange(1, 21) * 4.5, "cross-entropy": np.full(20, 91.25)},
                           epochs=(1, 5, 20))
    assert table.splitlines() == [
        "test accuracy (%)  epoch 1  epoch 5  epoch 20  best",
        "quadratic              4.5     22.5      90.0  90.0",
        "cross-entropy         91.2     91.2      91.2  91.2",
    ]
    header, *rows = table.splitlines()
    assert all(len(row) == len(header) for row in rows)


def test_accuracy_table_widens_the_first_column_for_long_labels_and_adds_a_mean():
    table = accuracy_table({"softmax + log-likelihood": [80.0, 90.0, 85.0]}, epochs=(3,), mean_of_last=2,
                           labels=str.upper)
    assert table.splitlines() == [
        "test accuracy (%)          epoch 3  mean of 2-3  best",
        "SOFTMAX + LOG-LIKELIHOOD      85.0         87.5  90.0",
    ]


def test_grouped_bars_centres_each_position_s_bars_on_it():
    ax = grouped_bars({"a": [1, 2], "b": [3, 4], "c": [5, 6]}, x=[1, 2], width=0.25, ylabel="speed",
                      yscale="log", yerr={"b": [0.1, 0.1]})
    centres = [round(p.get_x() + p.get_width() / 2, 3) for p in ax.patches]
    assert centres == [0.75, 1.75, 1.0, 2.0, 1.25, 2.25]
    assert [p.get_height() for p in ax.patches] == [1, 2, 3, 4, 5, 6]
    assert legend_texts(ax) == ["a", "b", "c"]
    assert ax.get_yscale() == "log" and ax.get_ylabel() == "speed"
    bars = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert [c.errorbar is not None for c in bars] == [False, True, False]  # error bars on "b" only


def test_loglog_ratio_draws_the_measurement_and_a_proportional_line():
    ax = loglog_ratio(np.array([10, 100, 1000]), np.array([5.0, 40.0, 600.0]), title="Networks [n, n, 10]")
    measured, reference = ax.get_lines()
    assert (ax.get_xscale(), ax.get_yscale()) == ("log", "log")
    assert legend_texts(ax) == ["measured", "proportional to $P$"]
    assert reference.get_ydata().tolist() == [5.0, 50.0, 500.0]
    assert reference.get_linestyle() == "--" and measured.get_marker() == "o"
    assert ax.get_xlabel() == "number of parameters $P$"
    assert ax.get_ylabel() == "time(finite differences) / time(backprop)"
    assert ax.get_title() == "Networks [n, n, 10]"


def test_importing_nnadl_does_not_import_matplotlib():
    code = ("import sys, nnadl, nnadl.network, nnadl.gradcheck, nnadl.gradients, nnadl.conv, nnadl.cli\n"
            "print('matplotlib' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_a_missing_matplotlib_is_named_with_the_extra_that_installs_it():
    code = ("import sys; sys.modules['matplotlib'] = None; sys.modules['matplotlib.pyplot'] = None\n"
            "from nnadl.plots import learning_curves\n"
            "try:\n    learning_curves({'a': [1]}, ylabel='y')\n"
            "except ImportError as e:\n    print(e)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "pip install nnadl[docs]" in out
