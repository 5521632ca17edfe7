# The packetdrill conformance scripts: one ctest per tests/pkt/*.pkt, run by `tcplab pkt`. The
# profile comes from the file name (name.rfc793.pkt, name.linux.pkt; default rfc9293).
file(GLOB TCPLAB_PKT_SCRIPTS CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/pkt/*.pkt)
foreach(script ${TCPLAB_PKT_SCRIPTS})
  get_filename_component(full ${script} NAME)
  string(REGEX REPLACE "\\.pkt$" "" stem ${full})
  add_test(NAME "pkt: ${stem}" COMMAND tcplab pkt ${script})
endforeach()
