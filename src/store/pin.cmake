# The staff PIN (pin.c) hashes with libsodium's crypto_pwhash (Argon2id).
# Included from src/store/CMakeLists.txt; pin.c itself comes in through its glob.
if(NOT SODIUM_FOUND)
  message(FATAL_ERROR "libsodium not found: install libsodium-dev (the staff PIN needs it)")
endif()
target_link_libraries(kiosk_store PUBLIC PkgConfig::SODIUM)
