# escpos-decode: shows the text and images of an ESC/POS stream (tests, debugging).
add_executable(escpos-decode ${CMAKE_CURRENT_LIST_DIR}/escpos-decode.c)
target_link_libraries(escpos-decode PRIVATE kiosk_print)
