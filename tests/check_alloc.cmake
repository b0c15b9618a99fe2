# tests/check_alloc.cmake: no code of the library calls the C library's
# allocator directly; everything goes through base/alloc.h (bilim_malloc,
# bilim_calloc, bilim_realloc, bilim_free, bilim_strdup), so that the test
# hook there sees every allocation. Run by CTest (test "alloc_calls"):
#     cmake -DSRC=<source dir> -P tests/check_alloc.cmake
# Fails listing FILE:LINE of each direct call. Comments and string literals
# are skipped; base/alloc.c, the one file that calls malloc, is exempt.
if(NOT SRC)
  message(FATAL_ERROR "usage: cmake -DSRC=<source dir> -P check_alloc.cmake")
endif()
get_filename_component(SRC "${SRC}" ABSOLUTE)
include(${CMAKE_CURRENT_LIST_DIR}/source_lines.cmake)

set(problems "")
set(n_files 0)
set(calls "malloc|calloc|realloc|free|strdup|strndup|aligned_alloc|posix_memalign|reallocarray")
foreach(layer base models sim formats analysis cli)
  file(GLOB files RELATIVE ${SRC} ${SRC}/${layer}/*.c ${SRC}/${layer}/*.h)
  list(REMOVE_ITEM files base/alloc.c)
  foreach(f IN LISTS files)
    math(EXPR n_files "${n_files} + 1")
    bilim_source_lines(${SRC}/${f} lines)
    set(line_no 0)
    set(in_comment 0)
    foreach(line IN LISTS lines)
      math(EXPR line_no "${line_no} + 1")
      # Drop what a comment or a string hides: the rest of an open block
      # comment, string literals (escaped quotes were masked as @B@"),
      # whole /* */ comments, then an unclosed /* or a // to the line's end.
      if(in_comment)
        string(FIND "${line}" "*/" end)
        if(end EQUAL -1)
          continue()
        endif()
        math(EXPR end "${end} + 2")
        string(SUBSTRING "${line}" ${end} -1 line)
        set(in_comment 0)
      endif()
      string(REGEX REPLACE "@B@." "" line "${line}")
      string(REGEX REPLACE "\"[^\"]*\"" "\"\"" line "${line}")
      string(REGEX REPLACE "'[^']*'" "''" line "${line}")
      string(REGEX REPLACE "/\\*([^*]|\\*+[^*/])*\\*+/" " " line "${line}")
      string(FIND "${line}" "/*" open)
      if(NOT open EQUAL -1)
        string(SUBSTRING "${line}" 0 ${open} line)
        set(in_comment 1)
      endif()
      string(REGEX REPLACE "//.*" "" line "${line}")
      if(line MATCHES "(^|[^A-Za-z0-9_.>])(${calls})[ \t]*\\(")
        list(APPEND problems "${f}:${line_no}: calls ${CMAKE_MATCH_2}() directly: use bilim_${CMAKE_MATCH_2} (base/alloc.h)")
      endif()
    endforeach()
  endforeach()
endforeach()

bilim_check_report(check_alloc ${n_files} ${problems})
message(STATUS "check_alloc: no direct allocator call in ${n_files} files")
