# bench-firstframe: times exec to first frame under Xvfb (tools/bench uses it).
find_package(X11)
if(X11_FOUND)
  add_executable(bench-firstframe ${CMAKE_CURRENT_LIST_DIR}/bench-firstframe.c)
  target_link_libraries(bench-firstframe PRIVATE ${X11_LIBRARIES})
  target_include_directories(bench-firstframe PRIVATE ${X11_INCLUDE_DIR})
endif()
