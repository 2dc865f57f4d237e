"""Property-based tests of the command line (issue 21): every option of every ``nnadl`` command (found
from the parser, so a new option is covered at once) with each bad value, and ``--help`` of every
command.

The contract: exit 0 with the documented output, or exit 1 or 2 with one line on stderr,
``nnadl COMMAND: error: ...`` (or argparse's ``nnadl COMMAND: error: ...``); never a traceback.
"""

import argparse
import os
import signal
import stat

import pytest
from hypothesis import given
from hypothesis import strategies as st

import properties_support  # noqa: F401 - loads the Hypothesis profile
from nnadl.cli import build_parser, main

BAD_VALUES = ["", " ", "nan", "inf", "-inf", "-1", "0", "2.5", "2.0", "1e300", "1000000000000", "0x10", "1_000",
              "abc", "True", "3j", "~nnadl_no_such_user_21/x", "-", "--", "\0", "é\t*?", "x" * 300]


def commands(parser=None, prefix=()):
    """(argv prefix, parser) for every command and subcommand."""
    parser = parser or build_parser()
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from commands(sub, (*prefix, name))


def options():
    """(command, option) for every option of every command that takes a value."""
    out = []
    for prefix, parser in commands():
        for action in parser._actions:
            if action.option_strings and action.nargs != 0 and not isinstance(action, argparse._HelpAction):
                out.append((prefix, action.option_strings[-1]))
            elif not action.option_strings and not isinstance(action, argparse._SubParsersAction):
                out.append((prefix, action.dest))  # a positional argument
    return out


OPTIONS = options()
BASE = {
    ("train",): ["train", "--epochs", "0", "--sizes", "784", "10", "--quiet"],
    ("evaluate",): ["evaluate", "{model}"],
    ("data", "download"): ["data", "download", "--dir", "{dir}", "--url", "http://127.0.0.1:9/"],
    # a run of a second: 20 embedded images, one epoch, one seed; the option tried is given last, so it counts
    ("reproduce",): ["reproduce", "ch1-network-30", "--data", "embedded", "--limit", "20", "--epochs", "1",
                     "--seeds", "0"],
}


class _Slow(Exception):
    pass


def run(argv, capsys, seconds=3):
    def alarm(signum, frame):
        raise _Slow()

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        code = main(argv)
    except _Slow:  # e.g. --epochs 1000000000000: training, as asked
        code = None
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def scratch(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)  # a relative --save or --dir writes here, never into the checkout
    monkeypatch.setenv("NNADL_DATA", str(tmp_path / "cache"))
    monkeypatch.delenv("NNADL_MNIST_URL", raising=False)
    model = tmp_path / "model.json"
    assert main(["train", "--epochs", "0", "--sizes", "784", "10", "--quiet", "--save", str(model)]) == 0
    capsys.readouterr()
    return {"model": str(model), "dir": str(tmp_path / "dl")}


def test_every_option_is_covered():
    assert len(OPTIONS) >= 14, OPTIONS  # train's 11, evaluate's 4, download's 2 ... found from the parser
    assert {(("reproduce",), o) for o in ("--seeds", "--data", "--out", "--epochs", "--limit", "name")} <= set(OPTIONS)


@pytest.mark.parametrize("prefix, _", list(commands()), ids=lambda v: " ".join(v) if isinstance(v, tuple) else "")
def test_help_of_every_command(prefix, _, capsys):
    code, out, err = run([*prefix, "--help"], capsys)
    assert code == 0 and out.startswith("usage: ") and err == ""
    assert " ".join(("nnadl", *prefix)) in out.splitlines()[0]


@pytest.mark.parametrize("prefix, option", OPTIONS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
@given(value=st.one_of(st.sampled_from(BAD_VALUES), st.text(max_size=12)))
def test_every_option_with_bad_values(scratch, capsys, prefix, option, value):
    check_option(scratch, capsys, prefix, option, value)


@pytest.mark.parametrize("prefix, option", OPTIONS, ids=lambda v: " ".join(v) if isinstance(v, tuple) else v)
def test_every_option_with_every_named_bad_value(scratch, capsys, prefix, option):
    """Each named value, always (among them the shrunk example ``--data=--``, once a traceback)."""
    for value in BAD_VALUES:
        check_option(scratch, capsys, prefix, option, value)


def check_option(scratch, capsys, prefix, option, value):
    base = [a.format(**scratch) for a in BASE.get(prefix, list(prefix))]
    if option.startswith("-"):
        argv = [*base, f"{option}={value}"]  # =: a value starting with "-" is still this option's
    else:
        argv = [*base[:len(prefix)], value, *base[len(prefix) + 1:]]
    if "\0" in value:
        argv = [a.replace("\0", "") if a != argv[-1] else a for a in argv]
    code, out, err = run(argv, capsys)
    assert "Traceback" not in err
    if code is None:
        return
    assert code in (0, 1, 2), (argv, code, err)
    if code:
        lines = err.strip("\n").split("\n")
        assert len(lines) == 1 and lines[0].startswith("nnadl"), err
        assert "error: " in lines[0], err
