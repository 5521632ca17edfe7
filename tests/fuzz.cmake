# libFuzzer targets (clang only), built when TCPLAB_FUZZ is ON: scripts/test.d/20-fuzz.sh
# configures build/fuzz with clang, -fsanitize=fuzzer-no-link for the engine and ASan+UBSan
# (TCPLAB_SANITIZE), then runs each target for a bounded time from tests/fuzz/corpus/<target>.
if(TCPLAB_FUZZ)
  foreach(target fuzz_scenario_parser fuzz_pkt_parser fuzz_endpoint fuzz_capture)
    add_executable(${target} ${CMAKE_CURRENT_SOURCE_DIR}/fuzz/${target}.cpp)
    target_link_libraries(${target} PRIVATE tcplab_engine)
    if(target STREQUAL fuzz_capture)
      target_link_libraries(${target} PRIVATE tcplab_capture)
    endif()
    target_link_options(${target} PRIVATE -fsanitize=fuzzer)
    set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR})
  endforeach()
endif()
