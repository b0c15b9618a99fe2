# What `cmake --install` installs, in the GNU directories (GNUInstallDirs),
# and the Debian package CPack builds from it (cpack -G DEB;
# scripts/package.sh configures a build for /usr and runs it).
#
#   bin/bilim                          the program
#   share/man/man1/bilim*.1.gz         a page per command, made by the build
#                                      from the help texts (cmake/man.cmake),
#                                      compressed by gzip -9n
#   share/bilim/scenarios/             the shipped scenarios, their schema, the
#                                      calibration and the calibrated parameters
#   share/bilim/data/                  national figures and survey targets, with sources
#   share/doc/bilim/README.md, docs/   the documentation
#   share/doc/bilim/copyright          the licence notice (GPL-3.0-or-later, COPYING),
#                                      in Debian's machine-readable format
#   lib/libbilim.so*, include/bilim.h, the C API (cmake/lib.cmake)
#   lib/pkgconfig/bilim.pc
#
# bilim finds share/bilim itself (cli/datadir.h): beside the program, or at
# the directory compiled in (CMAKE_INSTALL_FULL_DATADIR/bilim). The C API,
# lib/libbilim.so.0, include/bilim.h and lib/pkgconfig/bilim.pc, is installed
# by cmake/lib.cmake (docs/api.md).

install(TARGETS bilim RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY ${PROJECT_SOURCE_DIR}/scenarios/
        DESTINATION ${CMAKE_INSTALL_DATADIR}/bilim/scenarios)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/data/ DESTINATION ${CMAKE_INSTALL_DATADIR}/bilim/data)
install(FILES ${PROJECT_SOURCE_DIR}/README.md DESTINATION ${CMAKE_INSTALL_DOCDIR})
# Debian policy 12.5: /usr/share/doc/PACKAGE/copyright, naming the licence and
# pointing to /usr/share/common-licenses/GPL-3 rather than repeating it.
install(FILES ${PROJECT_SOURCE_DIR}/cmake/copyright DESTINATION ${CMAKE_INSTALL_DOCDIR})
# docs/ keeps its folder, so the README's links (docs/ODD.md) hold.
install(DIRECTORY ${PROJECT_SOURCE_DIR}/docs/ DESTINATION ${CMAKE_INSTALL_DOCDIR}/docs
        FILES_MATCHING PATTERN "*.md")
if(BILIM_MAN)
  install(DIRECTORY ${BILIM_MAN_DIR}/ DESTINATION ${CMAKE_INSTALL_MANDIR}/man1
          FILES_MATCHING PATTERN "*.1.gz")
endif()

# --- the Debian package -------------------------------------------------------
# The package installs where the build was configured to (the paths compiled
# into the program and written in the manual pages): configure with
# -DCMAKE_INSTALL_PREFIX=/usr for a package (scripts/package.sh does).
set(BILIM_PACKAGE_CONTACT
    "Seed 8c902170 maintainers <maintainers@users.noreply.h-seed-8c902170.example>"
    CACHE STRING "Maintainer of the Debian package (name <email>)")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGE_NAME bilim)
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_CONTACT "${BILIM_PACKAGE_CONTACT}")
set(CPACK_RESOURCE_FILE_LICENSE ${PROJECT_SOURCE_DIR}/COPYING)
set(CPACK_RPM_PACKAGE_LICENSE "${BILIM_LICENSE}")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "simulation of how educational innovations spread through schools")
set(CPACK_PACKAGE_DESCRIPTION
    "bilim is an agent-based simulator of how educational innovations (new teaching \
methods, digital tools, professional learning communities) spread through \
Kazakhstan's secondary schools, and of what policy options (leadership training, \
incentives, funding, university partnerships, innovation hubs, professional \
development, teacher pipeline) change: effect, urban-rural equity and cost, with \
their uncertainty. It runs replicates and scenarios in parallel, writes \
self-describing HDF5 result files, compares policy options on common random \
numbers with CSV files and an HTML report, and calibrates to survey data by \
ABC-SMC. The shipped scenarios and data are in ${CMAKE_INSTALL_FULL_DATADIR}/bilim.")
set(CPACK_PACKAGING_INSTALL_PREFIX ${CMAKE_INSTALL_PREFIX})
set(CPACK_STRIP_FILES ON)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)           # bilim_VERSION-RELEASE_ARCH.deb
set(CPACK_DEBIAN_PACKAGE_RELEASE 1)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_PRIORITY optional)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)            # Depends from dpkg-shlibdeps (dpkg-dev)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnuplot-nox | gnuplot")  # charts of the HTML report
include(CPack)
