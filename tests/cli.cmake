# The tcplab command's contract (exit statuses, error format, --json, check, bench): tests/cli/cli_test.sh.
if(TARGET tcplab)
  add_test(NAME "cli: tcplab command contract"
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/cli/cli_test.sh $<TARGET_FILE:tcplab> ${PROJECT_SOURCE_DIR}
                   ${CMAKE_CURRENT_BINARY_DIR}/cli)
endif()
