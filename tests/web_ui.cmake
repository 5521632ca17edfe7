# The web front end's App and panels, headless: the controller (load, play, step back, seek, socket
# calls), the x/y/u/v/w numbering, and whole ImGui frames of every panel without a window or GL.
# Built when the front end is (TCPLAB_GUI=ON configures web/ natively).
if(TARGET tcplab_frontend)
  add_executable(test_web_ui ${CMAKE_CURRENT_SOURCE_DIR}/web/ui_test.cpp ${CMAKE_CURRENT_SOURCE_DIR}/web/layout_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/web/journeys_test.cpp ${CMAKE_CURRENT_SOURCE_DIR}/web/playback_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/web/touch_input_test.cpp ${CMAKE_CURRENT_SOURCE_DIR}/web/predict_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/web/exercise_link_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/web/what_if_test.cpp ${CMAKE_CURRENT_SOURCE_DIR}/web/authored_card_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/web/lesson_library_test.cpp
    ${CMAKE_CURRENT_SOURCE_DIR}/web/font_coverage_test.cpp)
  target_link_libraries(test_web_ui PRIVATE tcplab_frontend tcplab_catch_main)
  find_package(ZLIB REQUIRED)  # an independent inflater for the "copy link" check
  target_link_libraries(test_web_ui PRIVATE ZLIB::ZLIB)
  catch_discover_tests(test_web_ui TEST_PREFIX "web_ui: ")
endif()
