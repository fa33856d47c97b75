# Scenes cannot call the platform (src/CMakeLists.txt runs this before it
# builds them; tests/ui checks it refuses). A scene that names pf_anything
# fails the build with the file and line.
# usage: cmake -DSCENES=DIR -P scene_rule.cmake
file(GLOB files ${SCENES}/*.c ${SCENES}/*.h)
set(bad "")
foreach(f ${files})
  file(STRINGS ${f} lines)
  set(n 0)
  foreach(line IN LISTS lines)
    math(EXPR n "${n} + 1")
    if(line MATCHES "(^|[^A-Za-z0-9_])(pf_[A-Za-z0-9_]*|platform\\.h)")
      string(APPEND bad "${f}:${n}: a scene uses the platform (${CMAKE_MATCH_2}); draw with src/ui and ask the app (app.h)\n")
    endif()
  endforeach()
endforeach()
if(bad)
  message(FATAL_ERROR "${bad}")
endif()
