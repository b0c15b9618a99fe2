# tests/check_exports.cmake: libbilim.so exports exactly what bilim.h
# declares. Run by CTest (test "lib_exports"):
#     cmake -DLIB=<libbilim.so> -DHEADER=<lib/bilim.h> -P tests/check_exports.cmake
# The exported functions are the library's defined dynamic symbols (nm -D
# --defined-only); the declared ones are the names of bilim.h's BILIM_API
# declarations. Fails listing each symbol exported but not declared (an
# internal function leaking: -fvisibility=hidden not applied) and each
# declared but not exported (missing from the library).
if(NOT LIB OR NOT HEADER)
  message(FATAL_ERROR "usage: cmake -DLIB=<libbilim.so> -DHEADER=<bilim.h> -P check_exports.cmake")
endif()
find_program(NM nm REQUIRED)
execute_process(COMMAND ${NM} -D --defined-only ${LIB} OUTPUT_VARIABLE nm_out RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "check_exports: nm -D ${LIB} failed (${rc})")
endif()
string(REPLACE "\n" ";" lines "${nm_out}")
set(exported "")
foreach(line IN LISTS lines)
  # "0000000000012345 T bilim_run": code (T), data (D, B, R) or weak (W, V).
  # Not ours to hide: an OpenMP named critical section (#pragma omp
  # critical(name)) is a lock that gcc makes a common symbol,
  # .gomp_critical_user_NAME, shared by the whole process by design; names
  # that start with "__" are the implementation's (a sanitizer's, __asan_*,
  # __odr_asan_*), never the project's.
  if(line MATCHES "^[0-9a-fA-F]* +[TDBRWVGSC] +([^ ]+)$")
    set(sym ${CMAKE_MATCH_1})
    if(NOT sym MATCHES "^(\\.gomp_critical_user_|__)")
      list(APPEND exported ${sym})
    endif()
  endif()
endforeach()

# Each declaration is a line that starts with BILIM_API: the name is the
# identifier before the first "(".
file(STRINGS ${HEADER} decls REGEX "^BILIM_API ")
set(declared "")
foreach(d IN LISTS decls)
  if(d MATCHES "([A-Za-z_][A-Za-z0-9_]*)[ \t]*\\(")
    list(APPEND declared ${CMAKE_MATCH_1})
  endif()
endforeach()
list(LENGTH declared n_declared)
if(n_declared LESS 10)
  message(FATAL_ERROR "check_exports: found only ${n_declared} BILIM_API declarations in ${HEADER}")
endif()

set(problems "")
foreach(s IN LISTS exported)
  list(FIND declared ${s} i)
  if(i EQUAL -1)
    list(APPEND problems "exported but not in bilim.h: ${s}")
  endif()
endforeach()
foreach(s IN LISTS declared)
  list(FIND exported ${s} i)
  if(i EQUAL -1)
    list(APPEND problems "declared in bilim.h but not exported: ${s}")
  endif()
endforeach()
if(problems)
  list(JOIN problems "\n  " msg)
  message(FATAL_ERROR "check_exports: ${LIB}:\n  ${msg}")
endif()
list(LENGTH exported n)
message(STATUS "check_exports: ${LIB} exports exactly the ${n} functions of bilim.h")
