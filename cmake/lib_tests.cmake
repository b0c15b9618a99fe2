# Tests of the public API (lib/bilim.h, docs/api.md, python/, docs/python.md).
#
#   lib_exports    libbilim.so exports exactly the functions bilim.h declares
#                  (tests/check_exports.cmake, on nm -D's list)
#   sh_api_example (tests/sh/api_example.sh) docs/api.md's example program,
#                  compiled against the installed header and library with
#                  pkg-config (cmake --install into a temporary prefix)
#   python         python/tests with pytest (Debian's /usr/bin/python3):
#                  the package against this build's library, bit-identical
#                  to the CLI, docs/python.md's example run as a script, and
#                  pip install ./python in a venv
# The Python tests load the library into Python: not in the sanitizer build
# (ASan must be the first library loaded); label "source" runs them in
# scripts/test.sh's first (Release) build only.
add_test(NAME lib_exports COMMAND ${CMAKE_COMMAND} -DLIB=$<TARGET_FILE:bilim_lib>
         -DHEADER=${CMAKE_SOURCE_DIR}/lib/bilim.h -P ${CMAKE_SOURCE_DIR}/tests/check_exports.cmake)
add_test(NAME python COMMAND /usr/bin/python3 -m pytest -q -p no:cacheprovider
         ${CMAKE_SOURCE_DIR}/python/tests WORKING_DIRECTORY ${CMAKE_BINARY_DIR})
set_tests_properties(python PROPERTIES LABELS source SKIP_RETURN_CODE 77 ENVIRONMENT
  "BILIM_SOURCE_DIR=${CMAKE_SOURCE_DIR};BILIM_EXE=$<TARGET_FILE:bilim>;BILIM_LIBRARY=$<TARGET_FILE:bilim_lib>;OMP_NUM_THREADS=2;PYTHONDONTWRITEBYTECODE=1")
set_tests_properties(sh_api_example PROPERTIES LABELS source)
