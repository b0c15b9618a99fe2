"""pip install ./python works without network, as typed (pip's build
isolation on: the build backend, python/_backend.py, needs nothing but the
standard library), in a venv that sees Debian's packages (numpy, pandas,
h5py), from a copy of python/ (so that nothing is written into the
checkout)."""
import os
import shutil
import subprocess
import sys
import venv

from conftest import BASELINE, SOURCE


def test_pip_install_in_a_venv(tmp_path):
    src = tmp_path / "python"
    shutil.copytree(SOURCE / "python", src, ignore=shutil.ignore_patterns(
        "tests", "__pycache__", "build", "*.egg-info"))
    venv.EnvBuilder(system_site_packages=True, with_pip=True).create(tmp_path / "venv")
    py = tmp_path / "venv" / "bin" / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PIP_INDEX_URL")}
    env["PIP_NO_INDEX"] = "1"  # no network: everything from the disk
    p = subprocess.run([py, "-m", "pip", "install", "--no-index",
                        "--disable-pip-version-check", "--quiet", str(src)],
                       capture_output=True, text=True, env=env, cwd=tmp_path)
    assert p.returncode == 0, p.stdout + p.stderr
    code = ("import bilim, sys; "
            "r = bilim.run(sys.argv[1], schools=50, replicates=1, months=3); "
            "print(bilim.__file__); print(r.schools, r['adoption_routine'].values.shape)")
    p = subprocess.run([py, "-c", code, str(BASELINE)], capture_output=True, text=True, env=env,
                       cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    where, size = p.stdout.splitlines()
    assert where.startswith(str(tmp_path / "venv")), where  # the installed copy
    assert size.startswith("50 (1, 4, ")
    assert sys.executable  # the venv was made from the interpreter running the tests
