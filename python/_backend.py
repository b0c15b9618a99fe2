"""The package's build backend (PEP 517 and PEP 660), so that `pip install
./python` needs no network: pip installs a backend's build requirements into
an isolated environment, from the network, and setuptools would be one. This
one needs only the standard library. It builds the pure-Python wheel from
bilim/*.py and pyproject.toml's [project] table (read with tomllib, Python
3.11; tomli on older Pythons), an editable wheel (a .pth file pointing here)
and an sdist."""
import base64
import hashlib
import io
import tarfile
import zipfile
from pathlib import Path

try:
    import tomllib
except ModuleNotFoundError:  # Python < 3.11: python3-tomli, with --no-build-isolation
    import tomli as tomllib

HERE = Path(__file__).resolve().parent
WHEEL = b"Wheel-Version: 1.0\nGenerator: bilim _backend\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
EPOCH = (1980, 1, 1, 0, 0, 0)  # fixed times: the same sources give the same archive


def _project():
    """name, version and the core metadata (METADATA / PKG-INFO) of [project]."""
    with open(HERE / "pyproject.toml", "rb") as f:
        p = tomllib.load(f)["project"]
    lines = ["Metadata-Version: 2.1", f"Name: {p['name']}", f"Version: {p['version']}",
             f"Summary: {p['description']}", f"License: {p['license']['text']}",
             f"Requires-Python: {p['requires-python']}"]
    lines += [f"Classifier: {c}" for c in p.get("classifiers", [])]
    lines += [f"Requires-Dist: {d}" for d in p.get("dependencies", [])]
    lines += ["Description-Content-Type: text/markdown", "",
              (HERE / p["readme"]).read_text(encoding="utf-8")]
    return p["name"], p["version"], "\n".join(lines).encode()


def _sources():
    return sorted((HERE / "bilim").glob("*.py"))


def _dist_info(name, version, metadata):
    info = f"{name}-{version}.dist-info"
    return info, [(f"{info}/METADATA", metadata), (f"{info}/WHEEL", WHEEL)]


def _record(name, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}\n"


def _wheel(directory, files):
    """A py3-none-any wheel of files ((name, bytes)), its RECORD added."""
    name, version, metadata = _project()
    info, meta = _dist_info(name, version, metadata)
    files = files + meta
    record = "".join(_record(n, d) for n, d in files) + f"{info}/RECORD,,\n"
    wheel = f"{name}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(Path(directory) / wheel, "w") as z:
        for n, d in files + [(f"{info}/RECORD", record.encode())]:
            entry = zipfile.ZipInfo(n, date_time=EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            z.writestr(entry, d)
    return wheel


def get_requires_for_build_wheel(config_settings=None):
    return []


get_requires_for_build_sdist = get_requires_for_build_editable = get_requires_for_build_wheel


def prepare_metadata_for_build_wheel(metadata_directory, config_settings=None):
    name, version, metadata = _project()
    info, meta = _dist_info(name, version, metadata)
    for n, d in meta:
        (Path(metadata_directory) / n).parent.mkdir(parents=True, exist_ok=True)
        (Path(metadata_directory) / n).write_bytes(d)
    return info


prepare_metadata_for_build_editable = prepare_metadata_for_build_wheel


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    return _wheel(wheel_directory, [(f"bilim/{f.name}", f.read_bytes()) for f in _sources()])


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    """`pip install -e ./python`: the package is imported from this folder."""
    return _wheel(wheel_directory, [("bilim.pth", f"{HERE}\n".encode())])


def build_sdist(sdist_directory, config_settings=None):
    name, version, metadata = _project()
    base = f"{name}-{version}"
    files = [(f"{base}/PKG-INFO", metadata)]
    for f in ["pyproject.toml", "README.md", "_backend.py"] + [
            f"bilim/{s.name}" for s in _sources()]:
        files.append((f"{base}/{f}", (HERE / f).read_bytes()))
    with tarfile.open(Path(sdist_directory) / f"{base}.tar.gz", "w:gz") as t:
        for n, d in files:
            entry = tarfile.TarInfo(n)
            entry.size, entry.mode, entry.mtime = len(d), 0o644, 315532800
            t.addfile(entry, io.BytesIO(d))
    return f"{base}.tar.gz"
