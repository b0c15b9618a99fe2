"""bilim from Python: run scenarios, compare policy options and read result
files as pandas DataFrames, over bilim's C library (docs/python.md).

    import bilim
    r = bilim.run("scenarios/baseline.json", schools=200, replicates=2, eta_pd=0.03)
    r["adoption_routine"].values        # (replicate, month, innovation)
    f = bilim.model("scenarios/baseline.json", schools=200)
    f({"eta_pd": 0.03})                 # {"routine_use": ..., "cost_kzt": ...}
"""
from ._core import (BilimError, Cancelled, LabelledArray, Model, Run, Scenario, ScenarioError,
                    compare, model, parameters, run, validate)
from ._lib import lib as _lib_handle
from ._lib import path as library_path
from ._read import ResultFile, read, tidy

__version__ = "0.1.0"
version = _lib_handle.bilim_version().decode()  # the C library's

__all__ = ["BilimError", "Cancelled", "LabelledArray", "Model", "ResultFile", "Run", "Scenario",
           "ScenarioError", "compare", "library_path", "model", "parameters", "read", "run",
           "tidy", "validate", "version"]
