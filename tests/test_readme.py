"""README.md says what works: its Python example runs, and CI runs the test command it gives."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text()


def test_the_python_example_runs_and_reaches_the_accuracy_it_claims(capsys):
    blocks = re.findall(r"^```python\n(.*?)^```", README, re.M | re.S)
    assert len(blocks) == 1
    namespace = {}
    exec(compile(blocks[0], "README.md", "exec"), namespace)
    accuracy = namespace["correct"][-1] / 1000
    assert 0.87 <= accuracy <= 0.92  # "about 0.88"
    assert capsys.readouterr().out.strip() == repr(accuracy)


def test_ci_runs_the_readme_commands():
    ci = (ROOT / ".ci" / "run").read_text()
    assert "pip install -r requirements.txt && mkdocs serve" in README
    assert "```console\npytest\n```" in README
    assert ci.rstrip().splitlines()[-1] == "pytest"
    assert "-r requirements.txt" in ci


def test_every_module_in_the_table_exists():
    for module in re.findall(r"^\| `nnadl\.(\w+)` \|", README, re.M):
        assert (ROOT / "nnadl" / f"{module}.py").is_file(), module


def test_the_fast_loop_leaves_out_the_site_and_the_browser_and_nothing_else():
    assert '```console\npytest -m "not site"\n```' in README
    files = ["tests/test_exercises.py", "tests/test_demos_browser.py", "tests/test_cli.py"]

    def collected(*options):
        result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:randomly", *options, *files],
                                cwd=ROOT, capture_output=True, text=True, timeout=120)
        return {line for line in result.stdout.splitlines() if "::" in line}

    everything, fast = collected(), collected("-m", "not site")
    left_out = everything - fast
    assert "tests/test_exercises.py::test_every_exercise_link_leads_to_its_question_in_the_built_site" in left_out
    assert left_out and all("test_demos_browser.py" in t or "built_site" in t for t in left_out)
    assert not any("test_demos_browser.py" in t for t in fast)
    assert any("test_cli.py" in t for t in fast) and not any("test_cli.py" in t for t in left_out)
