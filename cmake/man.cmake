# Writes the manual pages into OUT from the built program's own help texts:
# bilim.1 from `bilim help --man` and bilim-NAME.1 from
# `bilim help --man NAME` for every NAME that `bilim help --commands` lists,
# so a new command gets its page without an edit here, and a page always
# says what `bilim help NAME` says (cli/help.c, cli/man.c). Beside each
# page, PAGE.1.gz: the page compressed by `gzip -9n` (best compression, no
# name or time stamp: the same bytes at every build), which is what is
# installed (Debian policy 12.1, lintian's manpage-not-compressed).
#     cmake -DBILIM=<bilim executable> -DOUT=<folder> -DGZIP=<gzip> -P cmake/man.cmake
if(NOT BILIM OR NOT OUT OR NOT GZIP)
  message(FATAL_ERROR "usage: cmake -DBILIM=<bilim> -DOUT=<folder> -DGZIP=<gzip> -P man.cmake")
endif()
# The pages are English whatever the builder's locale (the catalogues translate
# the summaries bilim --help prints, not the manual pages).
set(ENV{LANGUAGE} "en")
set(ENV{LC_ALL} "C.UTF-8")
execute_process(COMMAND ${BILIM} help --commands OUTPUT_VARIABLE names RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${BILIM} help --commands failed (${rc})")
endif()
string(STRIP "${names}" names)
string(REPLACE "\n" ";" names "${names}")
# Written into a fresh folder then moved into place: a removed command's
# page does not linger, and an interrupted run leaves the old pages.
set(tmp ${OUT}.tmp)
file(REMOVE_RECURSE ${tmp})
file(MAKE_DIRECTORY ${tmp})
foreach(name "" ${names})
  if(name STREQUAL "")
    set(page bilim)
  else()
    set(page bilim-${name})
  endif()
  execute_process(COMMAND ${BILIM} help --man ${name} OUTPUT_FILE ${tmp}/${page}.1
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${BILIM} help --man ${name} failed (${rc})")
  endif()
  execute_process(COMMAND ${GZIP} -9n -c ${tmp}/${page}.1 OUTPUT_FILE ${tmp}/${page}.1.gz
                  RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${GZIP} -9n ${page}.1 failed (${rc})")
  endif()
endforeach()
file(REMOVE_RECURSE ${OUT})
file(RENAME ${tmp} ${OUT})
