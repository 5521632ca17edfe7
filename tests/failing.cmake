# Scenarios whose expectations must fail (one per expect kind): tests/failing/check_failing.sh.
if(TARGET tcplab)
  add_test(NAME "scenarios: expects that must fail"
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/failing/check_failing.sh $<TARGET_FILE:tcplab>
                   ${CMAKE_CURRENT_SOURCE_DIR}/failing)
endif()
