"""Scenarios, runs, comparisons and the exploration function, over the C API."""
import ctypes
import json
import os
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from . import _lib
from ._lib import lib


class BilimError(Exception):
    """An error the library reported: .code (the C API's status code), .status
    (its name) and the message, one line per problem."""

    def __init__(self, code, message):
        self.code = code
        self.status = lib.bilim_status_name(code).decode()
        super().__init__(message)


class ScenarioError(BilimError, ValueError):
    """An invalid scenario: .messages lists every problem, as `bilim validate`
    prints them (FILE:LINE:COL: PATH: found; allowed)."""

    def __init__(self, code, message):
        super().__init__(code, message)
        self.messages = message.split("\n")


class Cancelled(BilimError):
    """The progress callback asked to stop (a run keeps nothing)."""


def _check(rc, st, error=BilimError):
    if rc == 0:
        return
    message = st.message.decode(errors="replace")
    raise (Cancelled if rc == _lib.CANCELLED else error)(rc, message)


def parameters():
    """The names run(), compare() and model() accept as overrides: the model's
    parameters (bilim params), then seed, replicates, months and schools."""
    return [lib.bilim_parameter_name(i).decode() for i in range(lib.bilim_parameter_count())]


class Scenario:
    """A loaded scenario with its overrides (the C API's bilim_spec)."""

    def __init__(self, scenario, **overrides):
        st = _lib.Status()
        handle = ctypes.c_void_p()
        if isinstance(scenario, Scenario):
            handle = ctypes.c_void_p(lib.bilim_spec_copy(scenario._h))
            if not handle.value:
                raise MemoryError("bilim: out of memory")
        elif isinstance(scenario, dict):
            text = json.dumps(scenario, indent=2).encode()
            _check(lib.bilim_spec_load_string(text, b"scenario", ctypes.byref(handle),
                                              ctypes.byref(st)), st, ScenarioError)
        elif isinstance(scenario, (str, os.PathLike)):
            _check(lib.bilim_spec_load(os.fsencode(scenario), ctypes.byref(handle),
                                       ctypes.byref(st)), st, ScenarioError)
        else:
            raise TypeError("a scenario is a path, a dict or a bilim.Scenario, not "
                            f"{type(scenario).__name__}")
        self._h = handle
        self.set(**overrides)

    def __del__(self):
        if getattr(self, "_h", None):
            lib.bilim_spec_free(self._h)
            self._h = None

    def set(self, **overrides):
        """Overrides parameters and run settings by name; returns self."""
        st = _lib.Status()
        for name, value in overrides.items():
            _check(lib.bilim_spec_set(self._h, name.encode(), float(value), ctypes.byref(st)), st)
        return self

    def get(self, name):
        st = _lib.Status()
        v = ctypes.c_double()
        _check(lib.bilim_spec_get(self._h, name.encode(), ctypes.byref(v), ctypes.byref(st)), st)
        return v.value

    @property
    def name(self):
        return lib.bilim_spec_name(self._h).decode()

    def to_dict(self):
        """The resolved scenario (extends and parameter files applied)."""
        return json.loads(lib.bilim_spec_json(self._h).decode())


def validate(scenario):
    """Loads a scenario (path or dict) and returns it resolved, as a dict;
    raises ScenarioError with every problem, as `bilim validate` reports them
    (its "sweep" included)."""
    return Scenario(scenario).to_dict()


def _progress_callback(progress):
    """The C callback for a Python progress(done, total); a true return
    cancels. Exceptions raised by progress cancel too, and are re-raised."""
    raised = []

    def relay(_user, done, total):
        if progress is None:
            return 0
        try:
            return 1 if progress(done, total) else 0
        except BaseException as e:  # re-raised after the C call returns
            raised.append(e)
            return 1

    return _lib.PROGRESS(relay), raised


class LabelledArray:
    """A metric's series: .values (replicate, month, axes...), .dims (the axis
    names) and .coords (axis name -> labels)."""

    def __init__(self, values, dims, coords):
        self.values, self.dims, self.coords = values, tuple(dims), dict(coords)

    def __repr__(self):
        shape = ", ".join(f"{d}: {n}" for d, n in zip(self.dims, self.values.shape))
        return f"<bilim.LabelledArray ({shape})>"

    def to_dataframe(self):
        """One row per element: a column per axis holding its labels, then value."""
        index = pd.MultiIndex.from_product([self.coords[d] for d in self.dims], names=self.dims)
        return pd.DataFrame({"value": self.values.ravel()}, index=index).reset_index()


class Run:
    """The result of run(): the size of the run and its metrics (see arrays)."""

    def __init__(self, handle):
        self._h = handle
        self.name = lib.bilim_result_name(handle).decode()
        self.replicates = lib.bilim_result_replicates(handle)
        self.months = lib.bilim_result_months(handle)
        self.schools = lib.bilim_result_schools(handle)
        self.teachers = lib.bilim_result_teachers(handle)
        names = [lib.bilim_result_metric_name(handle, i).decode()
                 for i in range(lib.bilim_result_metric_count(handle))]
        self.arrays = {m: self._array(m) for m in names}

    def __del__(self):
        if getattr(self, "_h", None):
            lib.bilim_result_free(self._h)
            self._h = None

    def _array(self, metric):
        st = _lib.Status()
        n_axes = ctypes.c_int()
        names = (ctypes.c_char_p * 2)()
        lengths = (ctypes.c_int * 2)()
        m = metric.encode()
        _check(lib.bilim_result_metric_axes(self._h, m, ctypes.byref(n_axes), names, lengths,
                                            ctypes.byref(st)), st)
        axes = [names[k].decode() for k in range(n_axes.value)]
        shape = [self.replicates, self.months + 1] + [lengths[k] for k in range(n_axes.value)]
        values = np.empty(shape, dtype=np.float64)
        _check(lib.bilim_result_series(self._h, m, values.ctypes.data_as(
            ctypes.POINTER(ctypes.c_double)), values.size, ctypes.byref(st)), st)
        coords = {"replicate": np.arange(self.replicates), "month": np.arange(self.months + 1)}
        for k, axis in enumerate(axes):
            coords[axis] = [lib.bilim_result_axis_label(self._h, names[k], i).decode()
                            for i in range(lengths[k])]
        return LabelledArray(values, ["replicate", "month"] + axes, coords)

    def __getitem__(self, metric):
        return self.arrays[metric]

    def to_dataframe(self):
        """Every metric in one long table: metric, replicate, month, label
        (the element's labels joined by '/'), value."""
        frames = []
        for name, a in self.arrays.items():
            df = a.to_dataframe()
            extra = list(a.dims[2:])
            label = df[extra].astype(str).agg("/".join, axis=1) if extra else ""
            frames.append(pd.DataFrame({"metric": name, "replicate": df["replicate"],
                                        "month": df["month"], "label": label,
                                        "value": df["value"]}))
        return pd.concat(frames, ignore_index=True)

    def write(self, path):
        """Writes `bilim run`'s result file (docs/output.md) to path."""
        st = _lib.Status()
        _check(lib.bilim_result_write(self._h, os.fsencode(path), ctypes.byref(st)), st)
        return Path(path)


def _threads(threads):
    return 0 if threads is None else int(threads)


def run(scenario, *, threads=None, progress=None, output=None, **overrides):
    """Runs a scenario (path, dict or Scenario) with overrides by name
    (parameters and seed, replicates, months, schools) and returns a Run.
    progress(done, total) is called as months complete; return True to
    cancel (raises Cancelled). output: also write the result file there."""
    spec = Scenario(scenario, **overrides)
    st = _lib.Status()
    handle = ctypes.c_void_p()
    cb, raised = _progress_callback(progress)
    rc = lib.bilim_run(spec._h, _threads(threads), cb, None, ctypes.byref(handle),
                       ctypes.byref(st))
    if raised:
        raise raised[0]
    _check(rc, st)
    result = Run(handle)
    if output is not None:
        result.write(output)
    return result


def compare(baseline, *options, threads=None, progress=None, output=None, **overrides):
    """Runs a baseline and options on common random numbers, as `bilim
    compare` does (overrides apply to all), writes the result file (output,
    or a temporary file) and returns it read (bilim.read)."""
    from ._read import read
    if not options:
        raise ValueError("compare() needs a baseline and at least one option")
    specs = [Scenario(s, **overrides) for s in (baseline,) + options]
    handles = (ctypes.c_void_p * len(specs))(*[s._h.value for s in specs])
    st = _lib.Status()
    cb, raised = _progress_callback(progress)
    with tempfile.TemporaryDirectory(prefix="bilim-compare-") as tmp:
        path = Path(output) if output is not None else Path(tmp) / "compare.h5"
        rc = lib.bilim_compare_to_file(handles, len(specs), _threads(threads), cb, None,
                                       os.fsencode(path), ctypes.byref(st))
        if raised:
            raise raised[0]
        _check(rc, st)
        return read(path)


def _default_outputs(r):
    """Outcomes at the horizon, means over replicates: routine and trial use
    (mean over innovations), the urban-rural gap in routine use when
    recorded, and the cumulative cost of all interventions (KZT)."""
    last = lambda m: r[m].values[:, -1]  # noqa: E731  (replicate, axes...)
    out = {"routine_use": float(last("adoption_routine").mean()),
           "trial_use": float(last("adoption_trial").mean())}
    if "adoption_routine_by_locality" in r.arrays:
        a = r["adoption_routine_by_locality"]
        v = last("adoption_routine_by_locality")
        urban, rural = (a.coords["locality"].index(x) for x in ("urban", "rural"))
        out["routine_gap_urban_rural"] = float(v[..., urban].mean() - v[..., rural].mean())
    cost = last("cost_kzt_cumulative").sum(axis=1).mean() if "cost_kzt_cumulative" in r.arrays \
        else 0.0
    out["cost_kzt"] = float(cost)
    return out


class Model:
    """f(parameters: dict) -> dict of outputs, the shape SALib and EMA Workbench
    expect of a model: each call runs the scenario with fixed overrides and the
    given ones. Also callable with keywords, f(eta_pd=0.03)."""

    def __init__(self, scenario, outputs=None, threads=None, **fixed):
        self.base = Scenario(scenario, **fixed)
        self.outputs = outputs or _default_outputs
        self.threads = threads

    def __call__(self, parameters=None, **kw):
        params = dict(parameters or {}, **kw)
        return dict(self.outputs(run(Scenario(self.base, **params), threads=self.threads)))


def model(scenario, outputs=None, threads=None, **fixed):
    """The exploration function of a scenario: see Model."""
    return Model(scenario, outputs=outputs, threads=threads, **fixed)
