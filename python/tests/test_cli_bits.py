"""The same bits: a run and a comparison through Python give datasets
bit-identical to the command line's, and bilim.validate the CLI's messages."""
import json

import h5py
import numpy as np
import pytest

import bilim
from conftest import BASELINE, LEADERSHIP, SMALL, SMALL_ARGS, cli


def datasets(path):
    """Every dataset outside /run_info (time, host, threads): path -> (dtype, shape, bytes)."""
    out = {}
    with h5py.File(path, "r") as f:
        def visit(name, obj):
            if isinstance(obj, h5py.Dataset) and not name.startswith("run_info"):
                data = obj[()]
                plain = isinstance(data, np.ndarray) and not data.dtype.hasobject
                # Strings (variable length) by value, numbers by their bits.
                raw = data.tobytes() if plain else repr(data.tolist() if hasattr(
                    data, "tolist") else data).encode()
                out[name] = (obj.dtype.str, obj.shape, raw)
        f.visititems(visit)
    return out


def scenario_attrs(path, name):
    with h5py.File(path, "r") as f:
        return {k: (v.decode() if isinstance(v, bytes) else v)
                for k, v in f["scenarios"][name].attrs.items()}


def assert_same_datasets(a, b):
    da, db = datasets(a), datasets(b)
    assert sorted(da) == sorted(db)
    differ = [k for k in da if da[k] != db[k]]
    assert not differ, f"datasets that differ: {differ}"
    return len(da)


def test_run_is_bit_identical_to_cli(tmp_path):
    cli("run", BASELINE, "-o", tmp_path / "cli.h5", *SMALL_ARGS, "--seed", "5", "--threads", "1",
        "--quiet")
    r = bilim.run(BASELINE, threads=2, seed=5, output=tmp_path / "py.h5", **SMALL)
    n = assert_same_datasets(tmp_path / "cli.h5", tmp_path / "py.h5")
    assert n > 30
    assert scenario_attrs(tmp_path / "cli.h5", "baseline") == scenario_attrs(tmp_path / "py.h5",
                                                                             "baseline")
    # The arrays in memory are the file's series, bit for bit.
    with h5py.File(tmp_path / "cli.h5", "r") as f:
        series = f["scenarios/baseline/series"]
        metrics = [k for k in series if series[k].attrs.get("CLASS") != b"DIMENSION_SCALE"]
        assert sorted(metrics) == sorted(r.arrays)
        for m, a in r.arrays.items():
            assert series[m][()].tobytes() == a.values.tobytes(), m
            labels = [d.label for d in series[m].dims]
            assert tuple(labels) == a.dims


def test_parameter_override_is_the_scenario_parameter(tmp_path):
    """eta_pd=0.03 from Python runs as a scenario file with that parameter."""
    s = tmp_path / "s.json"
    s.write_text(json.dumps({"name": "baseline", "extends": str(BASELINE),
                             "parameters": {"eta_pd": 0.03, "beta_L": 2.5}}))
    cli("run", s, "-o", tmp_path / "cli.h5", *SMALL_ARGS, "--quiet")
    bilim.run(BASELINE, eta_pd=0.03, beta_L=2.5, output=tmp_path / "py.h5", **SMALL)
    assert_same_datasets(tmp_path / "cli.h5", tmp_path / "py.h5")
    # The file records the scenario as run, which loads to the same parameters.
    recorded = json.loads(scenario_attrs(tmp_path / "py.h5", "baseline")["scenario_json"])
    assert recorded["parameters"]["eta_pd"] == 0.03 and recorded["parameters"]["beta_L"] == 2.5


def test_compare_is_bit_identical_to_cli(tmp_path):
    cli("compare", BASELINE, LEADERSHIP, "-o", tmp_path / "cli.h5", *SMALL_ARGS, "--quiet")
    c = bilim.compare(BASELINE, LEADERSHIP, output=tmp_path / "py.h5", **SMALL)
    assert_same_datasets(tmp_path / "cli.h5", tmp_path / "py.h5")
    effects = c["comparison/effects"]
    row = effects[(effects.scenario == "leadership_training")
                  & (effects.metric == "adoption_routine")]
    assert len(row) == 1 and row["ci_low"].item() <= row["mean_diff"].item() <= row["ci_high"].item()
    assert c.scenarios() == ["baseline", "leadership_training"]


def test_compare_errors():
    with pytest.raises(ValueError):
        bilim.compare(BASELINE)
    other = {"name": "baseline_again", "extends": str(BASELINE), "parameters": {"init_K_kappa": 20}}
    with pytest.raises(bilim.BilimError) as e:
        bilim.compare(BASELINE, other, **SMALL)
    assert e.value.status == "invalid input" and "init_K_kappa" in str(e.value)


BAD = {"name": "bad", "replicates": 0, "months": 12.5, "interventons": [],
       "parameters": {"eta_pdd": 0.1, "beta_L": "high"}}


def sweep(**kw):
    """An option that extends leadership_training with a "sweep" over its
    programme's budget (kw changes the sweep)."""
    s = {"intervention": "principal_leadership", "field": "budget_kzt", "from": 1e9,
         "to": 4e9, "steps": 4}
    s.update(kw)
    return {"name": "option", "extends": str(LEADERSHIP), "sweep": s}


# Bad scenarios, the bad sweeps among them (which only bilim compare expands).
BADS = [
    BAD,
    {"name": "x", "extends": str(BASELINE), "parameters": {"theta_low": 0.9, "theta_high": 0.2}},
    sweep(intervention="principal_leadershp"),
    sweep(field="budget"),
    sweep(**{"from": 1000}),
    sweep(scale="log", **{"from": 0}),
    sweep(steps=1, scal="log"),
    {"name": "nothing_to_sweep", "sweep": sweep()["sweep"]},
    {"name": "x", "sweep": [1, 2]},
]


@pytest.mark.parametrize("bad", BADS, ids=range(len(BADS)))
def test_validate_dict_gives_the_clis_messages(tmp_path, bad):
    """A dictionary is named "scenario" with the layout of json.dumps(d,
    indent=2): bilim validate of that text in a file of that name prints the
    same lines."""
    (tmp_path / "scenario").write_text(json.dumps(bad, indent=2))
    p = cli("validate", "scenario", check=False, cwd=tmp_path)
    assert p.returncode == 1, p.stdout
    expected = p.stderr.splitlines()
    assert expected
    with pytest.raises(bilim.ScenarioError) as e:
        bilim.validate(bad)
    assert e.value.messages == expected
    with pytest.raises(bilim.ScenarioError) as e:  # and run() refuses it the same way
        bilim.run(bad, **SMALL)
    assert e.value.messages == expected


def test_validate_accepts_a_good_sweep(tmp_path):
    (tmp_path / "scenario").write_text(json.dumps(sweep(), indent=2))
    assert cli("validate", "scenario", cwd=tmp_path).returncode == 0
    assert bilim.validate(sweep())["name"] == "option"


def test_validate_messages_are_the_clis(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(BAD, indent=2))
    p = cli("validate", path, check=False)
    assert p.returncode == 1
    expected = [line for line in p.stderr.splitlines() if not line.startswith("bilim validate:")]
    assert len(expected) == 5, p.stderr
    with pytest.raises(bilim.ScenarioError) as e:
        bilim.validate(path)
    assert e.value.messages == expected
    # A dictionary: the same messages, the origin named "scenario".
    with pytest.raises(bilim.ScenarioError) as e:
        bilim.validate(BAD)
    assert e.value.messages == [m.replace(str(path), "scenario", 1) for m in expected]
    assert any('did you mean "eta_pd"' in m for m in e.value.messages)
    assert bilim.validate(BASELINE)["name"] == "baseline"


def test_outputs_never_replace_the_scenarios_files(tmp_path):
    """run(output=), Run.write and compare(output=) refuse the files a scenario
    was read from (the file, what it extends, its parameter file) as `bilim run
    -o` does, with its message, and leave them as they were."""
    (tmp_path / "params").mkdir()
    (tmp_path / "params" / "kz-2026-survey.json").write_text(
        (BASELINE.parent / "params" / "kz-2026-survey.json").read_text())
    (tmp_path / "mid.json").write_text(BASELINE.read_text())
    (tmp_path / "s.json").write_text('{"name": "baseline", "extends": "mid.json"}')
    files = [tmp_path / "s.json", tmp_path / "mid.json", tmp_path / "params" / "kz-2026-survey.json"]
    texts = [f.read_text() for f in files]
    tiny = {"schools": 20, "months": 12, "replicates": 1}
    args = ["--schools", "20", "--months", "12", "--replicates", "1", "--quiet"]
    r = bilim.run(files[0], **tiny)
    for f in files:
        p = cli("run", files[0], "-o", f, *args, check=False)
        assert p.returncode == 2
        calls = [lambda: bilim.run(files[0], output=f, **tiny), lambda: r.write(f),
                 lambda: bilim.compare(files[0], {"name": "option", "extends": str(files[1])},
                                       output=f, **tiny)]
        for call in calls:
            with pytest.raises(bilim.BilimError) as e:
                call()
            assert e.value.status == "usage error"
            msg = str(e.value)
            assert msg.startswith(f"output {f}: is the input file "), msg
            assert msg[len("output"):] in p.stderr, (msg, p.stderr)
    assert [f.read_text() for f in files] == texts
    assert not list(tmp_path.glob("**/*bilim-tmp"))
    r.write(tmp_path / "run.h5")  # any other path is written
