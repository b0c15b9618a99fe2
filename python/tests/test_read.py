"""bilim.read: every kind of result file into tidy DataFrames."""
import h5py
import numpy as np

import bilim


def test_read_run(files):
    r = bilim.read(files / "run.h5")
    assert r.scenarios() == ["baseline"]
    df = r["scenarios/baseline/series/adoption_routine"]
    assert list(df.columns) == ["replicate", "month", "innovation", "value"]
    with h5py.File(files / "run.h5", "r") as f:
        d = f["scenarios/baseline/series/adoption_routine"]
        raw = d[()]
        innovations = list(d.dims[2][0].asstr()[()])
        assert not any(k.endswith("/innovation") for k in r)  # axis labels are columns, not tables
        version = f.attrs["bilim_version"]
        assert r.attrs["/"]["bilim_version"] == getattr(version, "decode", lambda: version)()
    assert len(df) == raw.size
    # Element (replicate 1, month 7, innovation 2) is the array's [1, 7, 2].
    row = df[(df.replicate == 1) & (df.month == 7) & (df.innovation == innovations[2])]
    assert row["value"].item() == raw[1, 7, 2]
    np.testing.assert_array_equal(df["value"].to_numpy(), raw.ravel())
    # One table of every series: one row per replicate x month x label.
    s = r.series()
    assert list(s.columns) == ["scenario", "metric", "replicate", "month", "label", "value"]
    rural = s[(s.metric == "adoption_routine_by_locality") & (s.replicate == 0) & (s.month == 12)
              & (s.label == innovations[0] + "/rural")]
    with h5py.File(files / "run.h5", "r") as f:
        assert rural["value"].item() == f["scenarios/baseline/series/adoption_routine_by_locality"][0, 12, 0, 1]
    assert not s.duplicated(["scenario", "metric", "replicate", "month", "label"]).any()
    stats = r.series(statistic=True)
    assert set(stats["stat"]) == {"mean", "sd", "q05", "q50", "q95"}
    survey = r["scenarios/baseline/survey/band_counts"]
    assert list(survey.columns) == ["replicate", "months", "band", "value"]
    assert r.attrs["scenarios/baseline"]["replicates"] == 2


def test_read_compare_and_propagated(files):
    c = bilim.read(files / "compare.h5")
    assert c.scenarios() == ["baseline", "leadership_training"]
    effects = c["comparison/effects"]
    assert {"scenario", "metric", "mean_diff", "ci_low", "ci_high"} <= set(effects.columns)
    assert effects["metric"].map(type).eq(str).all()  # strings, not bytes
    diff = c["comparison/difference_series"]
    assert {"option", "month", "value"} <= set(diff.columns)
    p = bilim.read(files / "psa.h5")
    runs = p["design/runs"]
    assert len(runs) == 4 * 2 * 2  # draws x scenarios x replicates
    assert "comparison/uncertainty/ceac" in p and len(p["comparison/uncertainty/ceac"]) > 0


def test_read_sensitivity_and_calibration(files):
    m = bilim.read(files / "morris.h5")
    mu = m["sensitivity/morris_mu_star"]
    assert list(mu.columns) == ["factor", "value"] and mu["factor"].map(type).eq(str).all()
    assert (mu["value"] >= 0).all()
    cal = bilim.read(files / "calibrate.h5")
    samples = cal["calibration/posterior/samples"]
    assert list(samples.columns) == ["particle", "parameter", "value"]
    assert len(samples) == 40 * samples["parameter"].nunique()
    w = cal["calibration/posterior/weights"]["value"]
    assert abs(w.sum() - 1) < 1e-9
    assert "calibration/fit" in cal
