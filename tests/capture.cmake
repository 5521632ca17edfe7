# Real captures (tcplab analyze): the reader's unit tests, every lesson analyzed back, and real Linux
# connections captured with tcpdump while ss samples their states. tshark checks the per-segment
# notes in both. Registered when the capture library and tshark are there (scripts/install-deps.sh).
find_program(TCPLAB_TSHARK tshark)
find_package(Python3 COMPONENTS Interpreter)
if(TARGET tcplab_capture)
  file(GLOB TCPLAB_CAPTURE_TESTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/capture/*_test.cpp)
  add_executable(test_capture ${TCPLAB_CAPTURE_TESTS})
  target_link_libraries(test_capture PRIVATE tcplab_capture tcplab_catch_main)
  file(MAKE_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR}/capture-tmp)
  target_compile_definitions(test_capture PRIVATE TCPLAB_TEST_TMP="${CMAKE_CURRENT_BINARY_DIR}/capture-tmp")
  catch_discover_tests(test_capture TEST_PREFIX "capture: ")
endif()
if(TARGET tcplab AND TCPLAB_TSHARK AND Python3_Interpreter_FOUND)
  add_test(NAME "capture: every lesson's pcap analyzed back gives its states, and agrees with tshark"
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/capture/lessons_roundtrip.py
                   $<TARGET_FILE:tcplab> ${PROJECT_SOURCE_DIR}/scenarios ${CMAKE_CURRENT_BINARY_DIR}/capture-lessons)
  # Needs root (a network namespace, tcpdump): CI runs as root. Exit 77 is reported as skipped.
  add_test(NAME "capture: real Linux connections (tcpdump, ss) analyzed to the kernel's states"
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/capture/kernel_capture.py
                   $<TARGET_FILE:tcplab> ${CMAKE_CURRENT_BINARY_DIR}/capture-kernel)
  set_tests_properties("capture: real Linux connections (tcpdump, ss) analyzed to the kernel's states"
                       PROPERTIES SKIP_RETURN_CODE 77 RUN_SERIAL TRUE TIMEOUT 300)
endif()
