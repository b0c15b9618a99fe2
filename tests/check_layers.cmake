# tests/check_layers.cmake: every #include of the library against the layer
# graph of docs/architecture.md. Run by CTest (test "layers"):
#     cmake -DSRC=<source dir> -P tests/check_layers.cmake
# Fails listing each forbidden include as FILE:LINE: the edge and why.
#
# Rules, for a file in layer L (its top-level folder):
#  - "X/name.h" is allowed when X is L or a layer below L:
#        base <- models <- sim <- formats <- analysis <- lib, cli
#    (lib/, the public C API, and cli/, the program, both stand on
#    analysis/ and do not include each other);
#  - a quoted name without a folder must be a file in L's own folder (or the
#    generated bilim_version.h, in base/ only); ".." is never allowed;
#  - project headers are included with quotes, never <...>;
#  - outside libraries: HDF5 only in formats/ (the file format), <signal.h>
#    only in cli/ (signal handlers are the front end's), <mpi.h> only in
#    sim/dist_mpi.c (sim/dist.h is the interface), cJSON nowhere (the
#    tests' independent parser).
# The build enforces the same graph (each layer compiles against an include
# root holding only itself and the layers below); this check names the
# offending line instead of a compiler's "file not found", and also covers
# files the build does not compile.
if(NOT SRC)
  message(FATAL_ERROR "usage: cmake -DSRC=<source dir> -P check_layers.cmake")
endif()
get_filename_component(SRC "${SRC}" ABSOLUTE)
include(${CMAKE_CURRENT_LIST_DIR}/source_lines.cmake)

set(layers base models sim formats analysis lib cli)
set(problems "")
set(n_files 0)
set(n_includes 0)

foreach(layer IN LISTS layers)
  list(FIND layers ${layer} rank)
  file(GLOB files RELATIVE ${SRC} ${SRC}/${layer}/*.c ${SRC}/${layer}/*.h)
  foreach(f IN LISTS files)
    math(EXPR n_files "${n_files} + 1")
    bilim_source_lines(${SRC}/${f} lines)
    set(line_no 0)
    foreach(line IN LISTS lines)
      math(EXPR line_no "${line_no} + 1")
      if(NOT line MATCHES "^[ \t]*#[ \t]*include[ \t]*([\"<])([^\">]+)[\">]")
        continue()
      endif()
      math(EXPR n_includes "${n_includes} + 1")
      set(quote "${CMAKE_MATCH_1}")
      set(inc "${CMAKE_MATCH_2}")
      set(why "")
      set(close "\"")
      if(quote STREQUAL "<")
        set(close ">")
      endif()
      string(REGEX MATCH "^[^/]+" top "${inc}")
      list(FIND layers "${top}" to_rank)
      if(inc MATCHES "(^|/)\\.\\.(/|$)")
        set(why "\"..\" reaches around the layer's include root; name the header as LAYER/file.h")
      elseif(NOT to_rank EQUAL -1)
        if(quote STREQUAL "<")
          set(why "project headers are included with quotes")
        elseif(to_rank GREATER rank OR (layer STREQUAL "cli" AND top STREQUAL "lib"))
          set(why "${layer}/ may not include ${top}/ (layers: base <- models <- sim <- formats <- analysis <- lib, cli)")
        endif()
      elseif(quote STREQUAL "\"")
        if(inc STREQUAL "bilim_version.h")
          if(NOT layer STREQUAL "base")
            set(why "the generated version header is base/'s (use base/version.h)")
          endif()
        elseif(inc MATCHES "/" OR NOT EXISTS ${SRC}/${layer}/${inc})
          set(why "not a header of ${layer}/ or of a layer (write LAYER/file.h)")
        endif()
      elseif(inc MATCHES "^(hdf5|H5)" AND NOT layer STREQUAL "formats")
        set(why "HDF5 belongs to formats/ (formats/output*.h)")
      elseif(inc MATCHES "^mpi" AND NOT f STREQUAL "sim/dist_mpi.c")
        set(why "MPI belongs to sim/dist_mpi.c (use sim/dist.h)")
      elseif(inc STREQUAL "signal.h" AND NOT layer STREQUAL "cli")
        set(why "signal handling belongs to cli/ (the library takes a cancel flag)")
      elseif(inc MATCHES "^cjson/")
        set(why "cJSON is the tests' parser; the library reads JSON with formats/json.h")
      endif()
      if(why)
        list(APPEND problems "${f}:${line_no}: #include ${quote}${inc}${close}: ${why}")
      endif()
    endforeach()
  endforeach()
endforeach()

bilim_check_report(check_layers ${n_files} ${problems})
message(STATUS "check_layers: ${n_includes} includes in ${n_files} files follow the layers")
