"""bilim.run, Scenario, errors, cancellation and the exploration function."""
import json

import numpy as np
import pytest

import bilim
from conftest import BASELINE, SMALL


def test_versions_and_names():
    assert bilim.version == "0.1.0"
    names = bilim.parameters()
    assert names[-4:] == ["seed", "replicates", "months", "schools"]
    assert {"eta_pd", "beta_L", "cluster_size"} <= set(names)
    assert len(names) == len(set(names))


def test_run_labelled_arrays():
    r = bilim.run(BASELINE, **SMALL)
    assert (r.name, r.replicates, r.months, r.schools) == ("baseline", 2, 12, 150)
    assert r.teachers > 150
    a = r["adoption_routine"]
    assert a.dims == ("replicate", "month", "innovation")
    scenario = bilim.validate(BASELINE)
    assert a.coords["innovation"] == [i["name"] for i in scenario["innovations"]]
    assert a.values.shape == (2, 13, len(scenario["innovations"]))
    assert ((a.values >= 0) & (a.values <= 1)).all()
    loc = r["adoption_routine_by_locality"]
    assert loc.dims[2:] == ("innovation", "locality") and loc.coords["locality"] == ["urban", "rural"]
    bands = r["readiness_band_share"].values
    np.testing.assert_allclose(bands.sum(axis=2), 1.0, rtol=0, atol=1e-12)  # shares of principals
    df = a.to_dataframe()
    assert list(df.columns) == ["replicate", "month", "innovation", "value"]
    assert len(df) == a.values.size
    row = df[(df.replicate == 1) & (df.month == 12) & (df.innovation == a.coords["innovation"][2])]
    assert row["value"].item() == a.values[1, 12, 2]
    long = r.to_dataframe()
    assert set(long.metric) == set(r.arrays)
    assert len(long) == sum(x.values.size for x in r.arrays.values())


def test_threads_and_repeats_are_bit_identical():
    one = bilim.run(BASELINE, threads=1, **SMALL)
    two = bilim.run(BASELINE, threads=2, **SMALL)
    for m in one.arrays:
        assert one[m].values.tobytes() == two[m].values.tobytes(), m


def test_overrides_by_name():
    s = bilim.Scenario(BASELINE, eta_pd=0.03, seed=11, **SMALL)
    assert s.get("eta_pd") == 0.03 and s.get("seed") == 11 and s.get("schools") == 150
    assert s.to_dict()["parameters"]["eta_pd"] == 0.03
    base = bilim.run(BASELINE, **SMALL)
    more_pd = bilim.run(s)
    seeded = bilim.run(BASELINE, seed=11, **SMALL)
    # Month 0 is the same population and draws under the same seed; a
    # different seed draws another one.
    assert more_pd["mean_state"].values[:, 0].tobytes() == seeded["mean_state"].values[:, 0].tobytes()
    assert base["mean_state"].values[:, 0].tobytes() != seeded["mean_state"].values[:, 0].tobytes()
    # Faster PD raises teachers' knowledge k (state axis label "k") by month 12.
    k = seeded["mean_state"].coords["state"].index("k")
    assert (more_pd["mean_state"].values[:, 12, k] > seeded["mean_state"].values[:, 12, k]).all()
    # A dictionary scenario runs like the file it extends.
    d = bilim.run({"name": "baseline", "extends": str(BASELINE)}, **SMALL)
    assert d["adoption_routine"].values.tobytes() == base["adoption_routine"].values.tobytes()


@pytest.mark.parametrize("name, value, message", [
    ("eta_pdd", 0.1, 'eta_pdd: unknown parameter; did you mean "eta_pd"?'),
    ("eta_pd", 2.0, "eta_pd: found 2; allowed: a number from 0 to 1"),
    ("cluster_size", 2.5, "cluster_size: found 2.5; allowed: an integer from 1 to 100"),
    ("replicates", 0, "replicates: found 0; allowed: an integer from 1 to 100000"),
    ("seed", -1, "seed: found -1; allowed: an integer from 0 to"),
    ("eta_pd", float("nan"), "eta_pd: found nan; allowed: a finite number"),
    ("theta_low", 0.9, "theta_low = 0.9"),
])
def test_bad_overrides(name, value, message):
    with pytest.raises(bilim.BilimError) as e:
        bilim.Scenario(BASELINE, **{name: value})
    assert str(e.value).startswith(message), str(e.value)
    assert e.value.status == "invalid input" and e.value.code == 1


def test_settings_checked_when_run():
    with pytest.raises(bilim.BilimError, match="schools"):
        bilim.run(BASELINE, schools=10**7)
    s = bilim.Scenario(BASELINE, months=1)
    starts = [iv.get("start_month", 0) for iv in s.to_dict().get("interventions", [])]
    if any(m >= 1 for m in starts):
        with pytest.raises(bilim.BilimError, match="ends before intervention"):
            bilim.run(s)


def test_cancel_keeps_nothing(tmp_path):
    calls = []

    def stop(done, total):
        calls.append((done, total))
        return True

    out = tmp_path / "never.h5"
    with pytest.raises(bilim.Cancelled) as e:
        bilim.run(BASELINE, progress=stop, output=out, **SMALL)
    assert e.value.status == "cancelled" and calls and calls[0][1] == 2 * 12
    assert not out.exists() and list(tmp_path.iterdir()) == []

    def boom(done, total):
        raise KeyError("from the callback")

    with pytest.raises(KeyError, match="from the callback"):
        bilim.run(BASELINE, progress=boom, **SMALL)


def test_progress_reaches_total():
    seen = []
    bilim.run(BASELINE, progress=lambda d, t: seen.append((d, t)), threads=2, **SMALL)
    assert seen and all(t == 24 for _, t in seen)
    assert [d for d, _ in seen] == sorted(d for d, _ in seen) and seen[-1][0] == 24


def test_model_function():
    f = bilim.model(BASELINE, **SMALL)
    y = f({"eta_pd": 0.03})
    assert set(y) == {"routine_use", "trial_use", "routine_gap_urban_rural", "cost_kzt"}
    assert all(isinstance(v, float) for v in y.values())
    assert f(eta_pd=0.03) == y == f({"eta_pd": 0.03})  # the same bits every time
    r = bilim.run(BASELINE, eta_pd=0.03, **SMALL)
    last = r["adoption_routine"].values[:, -1]
    assert y["routine_use"] == float(last.mean())
    assert f({"eta_pd": 0.01}) != y
    g = bilim.model(BASELINE, outputs=lambda run: {"months": run.months}, **SMALL)
    assert g({}) == {"months": 12}
    with pytest.raises(bilim.BilimError, match="did you mean"):
        f({"eta_pdd": 0.03})
