# bench-firstframe: times exec to first frame under Xvfb (tools/bench uses it).
find_package(X11)
if(X11_FOUND)
  add_executable(bench-firstframe ${CMAKE_CURRENT_LIST_DIR}/bench-firstframe.c)
  target_link_libraries(bench-firstframe PRIVATE ${X11_LIBRARIES})
  target_include_directories(bench-firstframe PRIVATE ${X11_INCLUDE_DIR})
endif()
# bench-floor: a bare SDL program (fill, one cached texture, present), the
# floor tools/bench gives every figure as a ratio to.
add_executable(bench-floor ${CMAKE_CURRENT_LIST_DIR}/bench-floor.c)
target_link_libraries(bench-floor PRIVATE PkgConfig::SDL2)
