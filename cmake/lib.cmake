# lib/: the public C API (lib/bilim.h, docs/api.md), built as the shared
# library libbilim.so.SOVERSION. It is a layer above analysis/, beside cli/
# (which does not use it): its include root build/layers/lib/ holds base/ to
# analysis/ and lib/, as every layer's does (see the layers above).
#
# Only what bilim.h declares is exported: every object is compiled with
# -fvisibility=hidden (CMAKE_C_VISIBILITY_PRESET) and bilim.h marks its
# functions BILIM_API (default visibility). tests/check_exports.cmake
# compares the library's dynamic symbols with the header.
#
# Installed: lib/libbilim.so.* (and the libbilim.so link), include/bilim.h,
# lib/pkgconfig/bilim.pc.
set(BILIM_SOVERSION 0)  # bump on an incompatible change of bilim.h
set(root ${BILIM_LAYER_DIR}/lib)
file(MAKE_DIRECTORY ${root})
foreach(dep base models sim formats analysis lib)
  if(NOT IS_SYMLINK ${root}/${dep})
    file(CREATE_LINK ${CMAKE_SOURCE_DIR}/${dep} ${root}/${dep} SYMBOLIC)
  endif()
endforeach()
# The objects once, for the shared library and for the tests that drive the
# API in-process (tests/test_lib.c, and test_alloc_failures.c, which needs
# the allocation hook the shared library hides).
file(GLOB srcs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/lib/*.c)
add_library(bilim_lib_objects OBJECT ${srcs})
target_include_directories(bilim_lib_objects PUBLIC ${root})
target_link_libraries(bilim_lib_objects PUBLIC bilim_analysis)
add_library(bilim_lib SHARED $<TARGET_OBJECTS:bilim_lib_objects>)
target_link_libraries(bilim_lib PRIVATE bilim_analysis)
# An undefined symbol is a link error here, not at a user's dlopen.
target_link_options(bilim_lib PRIVATE -Wl,--no-undefined)
set_target_properties(bilim_lib PROPERTIES OUTPUT_NAME bilim VERSION ${PROJECT_VERSION}
                      SOVERSION ${BILIM_SOVERSION} PUBLIC_HEADER ${CMAKE_SOURCE_DIR}/lib/bilim.h)
file(GLOB hdrs CONFIGURE_DEPENDS ${CMAKE_SOURCE_DIR}/lib/*.h)
set(checks "")
foreach(h IN LISTS hdrs)
  get_filename_component(name ${h} NAME_WE)
  set(c ${CMAKE_BINARY_DIR}/header_check/lib/${name}.c)
  file(CONFIGURE OUTPUT ${c} CONTENT "#include \"lib/${name}.h\"\n")
  list(APPEND checks ${c})
endforeach()
add_library(bilim_lib_headers OBJECT ${checks})
target_include_directories(bilim_lib_headers PRIVATE ${root})
add_dependencies(bilim_lib_headers bilim_lib)

# pkg-config: `cc prog.c $(pkg-config --cflags --libs bilim)`.
configure_file(${CMAKE_SOURCE_DIR}/cmake/bilim.pc.in ${CMAKE_BINARY_DIR}/bilim.pc @ONLY)
install(TARGETS bilim_lib LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        PUBLIC_HEADER DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${CMAKE_BINARY_DIR}/bilim.pc DESTINATION ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
# The .deb (cmake/install.cmake) carries the library too: a shlibs file for
# packages built against it, and the ldconfig trigger.
set(CPACK_DEBIAN_PACKAGE_GENERATE_SHLIBS ON)
