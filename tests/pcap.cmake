# pcap export read back by tshark (tests/pcap/check_pcap.sh). Registered only when tshark is
# installed; scripts/install-deps.sh (run by .ci/run) installs it.
find_program(TCPLAB_TSHARK tshark)
if(TARGET tcplab AND TCPLAB_TSHARK)
  add_test(NAME "pcap: tshark reads tcplab run --pcap"
           COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/pcap/check_pcap.sh $<TARGET_FILE:tcplab> ${TCPLAB_TSHARK}
                   ${PROJECT_SOURCE_DIR} ${CMAKE_CURRENT_BINARY_DIR}/pcap)
elseif(TARGET tcplab)
  message(STATUS "tshark not found: the pcap/tshark test is not registered")
endif()
