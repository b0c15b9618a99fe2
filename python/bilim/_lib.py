"""Loading libbilim with ctypes, and the C API's declarations (docs/api.md).

Where the library is looked for, in order:
  1. the path in the environment variable BILIM_LIBRARY;
  2. the installed library: ctypes.util.find_library("bilim"), then the
     SONAME libbilim.so.0 through the system's loader (LD_LIBRARY_PATH,
     ld.so.conf);
  3. a build tree beside this package in a source checkout: ../../build/.
"""
import ctypes
import ctypes.util
import os
from pathlib import Path

API_VERSION = 1  # the BILIM_API_VERSION this package speaks
STATUS_MESSAGE_MAX = 8192
CANCELLED = 5


class Status(ctypes.Structure):
    _fields_ = [("code", ctypes.c_int), ("message", ctypes.c_char * STATUS_MESSAGE_MAX)]


PROGRESS = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int64, ctypes.c_int64)

_P = ctypes.c_void_p
_S = ctypes.POINTER(Status)
_SIGNATURES = {
    "bilim_version": (ctypes.c_char_p, []),
    "bilim_api_version": (ctypes.c_int, []),
    "bilim_status_name": (ctypes.c_char_p, [ctypes.c_int]),
    "bilim_spec_load": (ctypes.c_int, [ctypes.c_char_p, ctypes.POINTER(_P), _S]),
    "bilim_spec_load_string": (ctypes.c_int, [ctypes.c_char_p, ctypes.c_char_p,
                                              ctypes.POINTER(_P), _S]),
    "bilim_spec_copy": (_P, [_P]),
    "bilim_spec_free": (None, [_P]),
    "bilim_spec_set": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.c_double, _S]),
    "bilim_spec_get": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.POINTER(ctypes.c_double), _S]),
    "bilim_spec_name": (ctypes.c_char_p, [_P]),
    "bilim_spec_json": (ctypes.c_char_p, [_P]),
    "bilim_parameter_count": (ctypes.c_int, []),
    "bilim_parameter_name": (ctypes.c_char_p, [ctypes.c_int]),
    "bilim_run": (ctypes.c_int, [_P, ctypes.c_int, PROGRESS, _P, ctypes.POINTER(_P), _S]),
    "bilim_result_free": (None, [_P]),
    "bilim_result_replicates": (ctypes.c_int, [_P]),
    "bilim_result_months": (ctypes.c_int, [_P]),
    "bilim_result_schools": (ctypes.c_int, [_P]),
    "bilim_result_teachers": (ctypes.c_int64, [_P]),
    "bilim_result_name": (ctypes.c_char_p, [_P]),
    "bilim_result_metric_count": (ctypes.c_int, [_P]),
    "bilim_result_metric_name": (ctypes.c_char_p, [_P, ctypes.c_int]),
    "bilim_result_metric_axes": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.POINTER(ctypes.c_int),
                                                ctypes.c_char_p * 2, ctypes.c_int * 2, _S]),
    "bilim_result_axis_label": (ctypes.c_char_p, [_P, ctypes.c_char_p, ctypes.c_int]),
    "bilim_result_series": (ctypes.c_int, [_P, ctypes.c_char_p, ctypes.POINTER(ctypes.c_double),
                                           ctypes.c_size_t, _S]),
    "bilim_result_write": (ctypes.c_int, [_P, ctypes.c_char_p, _S]),
    "bilim_compare_to_file": (ctypes.c_int, [ctypes.POINTER(_P), ctypes.c_int, ctypes.c_int,
                                             PROGRESS, _P, ctypes.c_char_p, _S]),
}


def _candidates():
    env = os.environ.get("BILIM_LIBRARY")
    if env:
        yield env
        return  # an explicit choice: no fallback that would hide a wrong path
    found = ctypes.util.find_library("bilim")
    if found:
        yield found
    yield "libbilim.so.0"
    yield str(Path(__file__).resolve().parents[2] / "build" / "libbilim.so.0")


def _load():
    tried = []
    for path in _candidates():
        try:
            lib = ctypes.CDLL(path)
        except OSError as e:
            tried.append(f"{path}: {e}")
            continue
        for name, (restype, argtypes) in _SIGNATURES.items():
            fn = getattr(lib, name)
            fn.restype, fn.argtypes = restype, argtypes
        if lib.bilim_api_version() != API_VERSION:
            raise ImportError(f"{path} implements bilim's C API version "
                              f"{lib.bilim_api_version()}; this package needs {API_VERSION}")
        return lib, path
    raise ImportError("cannot load libbilim (the C library of bilim); set BILIM_LIBRARY to "
                      "its path (build/libbilim.so.0 in a build tree) or install bilim "
                      "(cmake --install). Tried:\n  " + "\n  ".join(tried))


lib, path = _load()
