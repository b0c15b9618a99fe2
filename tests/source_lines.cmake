# tests/source_lines.cmake: shared by the source checks (check_layers.cmake,
# check_alloc.cmake), which run as `cmake -P` scripts under CTest.

# bilim_source_lines(FILE VAR): VAR = the lines of FILE, one list element
# per line, so that the n-th element is line n. Characters that are special
# in CMake lists (";" separates, "[" "]" group, "\" escapes) are masked as
# @S@, @L@, @R@ and @B@ first.
function(bilim_source_lines file var)
  file(READ ${file} text)
  string(REPLACE "\\" "@B@" text "${text}")
  string(REPLACE ";" "@S@" text "${text}")
  string(REPLACE "[" "@L@" text "${text}")
  string(REPLACE "]" "@R@" text "${text}")
  string(REPLACE "\n" ";" text "${text}")
  set(${var} "${text}" PARENT_SCOPE)
endfunction()

# bilim_check_report(NAME N_FILES PROBLEMS...): fails listing the problems
# (one per line), or when fewer than 10 files were read (a wrong SRC).
function(bilim_check_report name n_files)
  if(n_files LESS 10)
    message(FATAL_ERROR "${name}: only ${n_files} files found under ${SRC}; wrong SRC?")
  endif()
  set(problems ${ARGN})
  if(problems)
    list(LENGTH problems n)
    foreach(p IN LISTS problems)
      message("${p}")
    endforeach()
    message(FATAL_ERROR "${name}: ${n} problem(s), listed above")
  endif()
endfunction()
