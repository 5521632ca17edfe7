# Scenario checks: every fixture in tests/scenarios and the lesson library scenarios/ must pass
# `tcplab check` (exit 0). The library check is registered once scenarios/ has .scn files.
if(TARGET tcplab)
  add_test(NAME "scenarios: tests/scenarios"
           COMMAND tcplab check ${PROJECT_SOURCE_DIR}/tests/scenarios)
  file(GLOB _tcplab_library_scenarios CONFIGURE_DEPENDS ${PROJECT_SOURCE_DIR}/scenarios/*.scn)
  if(_tcplab_library_scenarios)
    add_test(NAME "scenarios: scenarios (lesson library)"
             COMMAND tcplab check ${PROJECT_SOURCE_DIR}/scenarios)
  endif()
endif()
