"""bilim.read: any bilim result file (run, compare, compare --draws,
sensitivity, calibrate, effects) as tidy pandas DataFrames, read with h5py
(the layout is docs/output.md's)."""
import numpy as np
import pandas as pd

try:
    import h5py
except ImportError:  # reported by read(); the rest of the package works without it
    h5py = None


def _decode(values):
    if values.dtype.kind in "OS":
        return np.array([v.decode() if isinstance(v, bytes) else v for v in values.ravel()],
                        dtype=object).reshape(values.shape)
    return values


def _axis(d, i):
    """Name and labels of axis i of d: its dimension scale when attached,
    else dim_i and 0, 1, ..."""
    dim = d.dims[i]
    if len(dim) > 0:
        scale = dim[0]
        name = dim.label or scale.name.rsplit("/", 1)[-1]
        return name, _decode(scale[()])
    return dim.label or f"dim_{i}", np.arange(d.shape[i])


def tidy(d):
    """A dataset as a long DataFrame. A labelled array (docs/output.md): a
    column per axis with its labels, then value, one row per element. A
    table (compound type): one row per record, a column per field."""
    data = d[()]
    if d.dtype.names:  # a table
        df = pd.DataFrame.from_records(np.atleast_1d(data))
        for c in df.columns:
            if df[c].dtype == object:
                df[c] = [v.decode() if isinstance(v, bytes) else v for v in df[c]]
        return df
    if d.ndim == 0:
        return pd.DataFrame({"value": [_decode(np.asarray(data)).item()]})
    axes = [_axis(d, i) for i in range(d.ndim)]
    names = [a[0] for a in axes]
    if len(set(names)) < len(names):  # the same axis twice (a matrix)
        names = [f"{n}_{i}" if names.count(n) > 1 else n for i, n in enumerate(names)]
    index = pd.MultiIndex.from_product([a[1] for a in axes], names=names)
    return pd.DataFrame({"value": _decode(data).ravel()}, index=index).reset_index()


class ResultFile(dict):
    """Dataset path -> tidy DataFrame, for every dataset of the file except the
    axis labels (dimension scales); .attrs: attributes by object path ("/" is
    the root's)."""

    def __init__(self, path):
        super().__init__()
        self.path = str(path)
        self.attrs = {}
        with h5py.File(path, "r") as f:
            self.attrs["/"] = {k: _attr(v) for k, v in f.attrs.items()}
            f.visititems(self._visit)

    def _visit(self, name, obj):
        if obj.attrs:
            self.attrs[name] = {k: _attr(v) for k, v in obj.attrs.items()}
        if isinstance(obj, h5py.Dataset) and obj.attrs.get("CLASS") != b"DIMENSION_SCALE":
            self[name] = tidy(obj)

    def scenarios(self):
        """The names of the runs the file holds (/scenarios/<name>)."""
        return sorted({k.split("/")[1] for k in self if k.startswith("scenarios/")})

    def series(self, statistic=False):
        """Every scenario's series in one long table: scenario, metric,
        replicate, month, label (an element's labels joined by '/'), value.
        statistic=True: the summaries instead (stat in place of replicate)."""
        kind, first = ("summary", "stat") if statistic else ("series", "replicate")
        frames = []
        for key, df in self.items():
            parts = key.split("/")
            if len(parts) != 4 or parts[0] != "scenarios" or parts[2] != kind:
                continue
            extra = [c for c in df.columns if c not in (first, "month", "value")]
            label = df[extra].astype(str).agg("/".join, axis=1) if extra else ""
            frames.append(pd.DataFrame({"scenario": parts[1], "metric": parts[3],
                                        first: df[first], "month": df["month"],
                                        "label": label, "value": df["value"]}))
        if not frames:
            return pd.DataFrame(columns=["scenario", "metric", first, "month", "label", "value"])
        return pd.concat(frames, ignore_index=True)


def _attr(v):
    if isinstance(v, bytes):
        return v.decode()
    if isinstance(v, np.ndarray):
        return _decode(v)
    return v


def read(path):
    """Reads a bilim result file into a ResultFile (dataset -> DataFrame)."""
    if h5py is None:
        raise ImportError("bilim.read needs h5py (Debian: apt-get install python3-h5py; "
                          "elsewhere: pip install h5py)")
    return ResultFile(path)
