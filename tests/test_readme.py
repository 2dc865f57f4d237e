"""README.md says what works: its Python example runs, and CI runs the test command it gives."""

import re
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
