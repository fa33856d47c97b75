# shotdiff: compares two screenshots with a tolerance (tools/shotdiff.c).
add_executable(shotdiff ${CMAKE_CURRENT_LIST_DIR}/shotdiff.c)
target_link_libraries(shotdiff PRIVATE PkgConfig::SDL2)
