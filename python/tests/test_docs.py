"""docs/python.md's examples, taken from the page and run as scripts."""
import os
import re
import subprocess
import sys

from conftest import SOURCE


def blocks():
    text = (SOURCE / "docs" / "python.md").read_text()
    return re.findall(r"^```python\n(.*?)^```", text, flags=re.S | re.M)


def run_script(code, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(SOURCE / "python"))
    # From the source folder: the examples name scenarios/... relative to it;
    # the files they write go to tmp_path.
    code = code.replace('"baseline.h5"', repr(str(tmp_path / "baseline.h5")))
    code = code.replace('"compare.h5"', repr(str(tmp_path / "compare.h5")))
    script = tmp_path / "example.py"
    script.write_text(code)
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          cwd=SOURCE, env=env)


def test_latin_hypercube_example(tmp_path):
    lhs = [b for b in blocks() if "Latin hypercube" in b]
    assert len(lhs) == 1
    assert len(lhs[0].strip().splitlines()) < 20
    p = run_script(lhs[0], tmp_path)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0].split() == ["routine_use", "trial_use", "routine_gap_urban_rural"]
    rows = {line.split()[0]: [float(x) for x in line.split()[1:]] for line in lines[1:]}
    assert set(rows) == {"eta_pd", "beta_L", "lambda_c"}
    assert all(-1 <= x <= 1 for r in rows.values() for x in r)
    # Faster routinisation (lambda_c) raises routine use: the strongest correlation.
    assert rows["lambda_c"][0] > 0.5


def test_other_examples_run(tmp_path):
    for code in blocks():
        if "Latin hypercube" in code:
            continue
        p = run_script(code.replace("months=24", "months=12"), tmp_path)  # quicker
        assert p.returncode == 0, code + p.stderr
