# Tests of the public API (lib/bilim.h, docs/api.md, python/, docs/python.md).
#
#   test_lib       (tests/test_lib.c) every function and error path of bilim.h,
#                  in-process; test_alloc_failures walks its allocations too
#   lib_exports    libbilim.so exports exactly the functions bilim.h declares
#                  (tests/check_exports.cmake, on nm -D's list)
#   sh_api_example (tests/sh/api_example.sh) docs/api.md's example program,
#                  compiled against the installed header and library with
#                  pkg-config (cmake --install into a temporary prefix)
#   sh_python      (tests/sh/python.sh) python/tests with pytest (Debian's /usr/bin/python3):
#                  the package against this build's library, bit-identical
#                  to the CLI, docs/python.md's example run as a script, and
#                  pip install ./python in a venv
# The Python tests load the library into Python: not in the sanitizer build
# (ASan must be the first library loaded); label "source" runs them in
# scripts/test.sh's first (Release) build only.
foreach(t test_lib test_alloc_failures)
  target_link_libraries(${t} PRIVATE bilim_lib_objects)
endforeach()
add_test(NAME lib_exports COMMAND ${CMAKE_COMMAND} -DLIB=$<TARGET_FILE:bilim_lib>
         -DHEADER=${CMAKE_SOURCE_DIR}/lib/bilim.h -P ${CMAKE_SOURCE_DIR}/tests/check_exports.cmake)
set_tests_properties(sh_api_example sh_python PROPERTIES LABELS source)
