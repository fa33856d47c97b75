# carekiosk-receiver: the reference server for the upload protocol
# (docs/upload-protocol.md). Needs libmicrohttpd (Debian: libmicrohttpd-dev)
# libpq (Debian: libpq-dev) for its PostgreSQL backend and libsodium (libsodium-dev)
# for the per-kiosk tokens' keyed hash.
if(NOT MHD_FOUND)
  message(STATUS "libmicrohttpd not found: carekiosk-receiver not built")
  return()
endif()
pkg_check_modules(PQ REQUIRED IMPORTED_TARGET libpq)
# libxlsxwriter (Debian: libxlsxwriter-dev): the office page's Excel export.
pkg_check_modules(XLSXWRITER REQUIRED IMPORTED_TARGET xlsxwriter)
file(GLOB receiver_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/receiver/*.c)
add_executable(carekiosk-receiver ${receiver_sources})
target_include_directories(carekiosk-receiver PRIVATE ${CMAKE_CURRENT_LIST_DIR}/receiver)
# kiosk_store for src/store/seal.h: sealed leads (schema 2) are opened only
# by --export-csv --key, with the office's secret key.
target_link_libraries(carekiosk-receiver PRIVATE PkgConfig::MHD PkgConfig::SQLITE3 PkgConfig::PQ
                      PkgConfig::SODIUM PkgConfig::XLSXWRITER
                      PkgConfig::CJSON kiosk_store kiosk_content kiosk_paths Threads::Threads)
