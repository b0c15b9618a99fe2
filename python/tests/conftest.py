"""Shared fixtures of the Python package's tests (run by CTest as `python`,
with BILIM_SOURCE_DIR, BILIM_EXE and BILIM_LIBRARY set; run by hand they
default to the checkout and its build/ folder)."""
import os
import subprocess
import sys
from pathlib import Path

import pytest

SOURCE = Path(os.environ.get("BILIM_SOURCE_DIR", Path(__file__).resolve().parents[2]))
EXE = os.environ.get("BILIM_EXE", str(SOURCE / "build" / "bilim"))
os.environ.setdefault("BILIM_LIBRARY", str(SOURCE / "build" / "libbilim.so.0"))
sys.path.insert(0, str(SOURCE / "python"))  # the package under test, not an installed one

BASELINE = SOURCE / "scenarios" / "baseline.json"
LEADERSHIP = SOURCE / "scenarios" / "leadership_training.json"
# Small runs: seconds, not minutes (CI's budget).
SMALL = {"schools": 150, "replicates": 2, "months": 12}
SMALL_ARGS = ["--schools", "150", "--replicates", "2", "--months", "12"]


def cli(*args, check=True, cwd=None):
    """Runs the built bilim; returns the CompletedProcess (text)."""
    return subprocess.run([EXE, *map(str, args)], capture_output=True, text=True, check=check,
                          cwd=cwd)


@pytest.fixture(scope="session")
def files(tmp_path_factory):
    """Result files of each kind, written once by the command line."""
    d = tmp_path_factory.mktemp("files")
    q = "--quiet"
    cli("run", BASELINE, "-o", d / "run.h5", *SMALL_ARGS, q)
    cli("compare", BASELINE, LEADERSHIP, "-o", d / "compare.h5", *SMALL_ARGS, q)
    cli("compare", BASELINE, LEADERSHIP, "--draws", "4", "-o", d / "psa.h5", *SMALL_ARGS, q)
    cli("sensitivity", BASELINE, "--method", "morris", "--trajectories", "2", "--schools", "100",
        "--months", "6", "-o", d / "morris.h5", q)
    cli("calibrate", SOURCE / "scenarios" / "calibration" / "kz-2026-survey.json",
        "--particles", "40", "--generations", "1", "-o", d / "calibrate.h5", q)
    return d
