# The browser end-to-end test and the native GUI smoke test. They test what scripts/test.d/10-web.sh
# built: the site in build/web/site and build/gui/web/tcplab-gui (or this build's tcplab_gui target
# when it is configured with TCPLAB_GUI=ON). A missing build is a failure, not a skip.
set(TCPLAB_WEB_SITE ${PROJECT_SOURCE_DIR}/build/web/site CACHE PATH "The built web site the e2e test serves")
find_program(TCPLAB_NODE node)
if(NOT TCPLAB_NODE)
  set(TCPLAB_NODE node)  # not installed (native-only setup): the test fails and says so when run
endif()

add_test(NAME "e2e: browser (chromium, WebGL2, JS API, postMessage, single file)"
  COMMAND ${TCPLAB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/e2e.mjs
    --site ${TCPLAB_WEB_SITE} --screenshots ${PROJECT_SOURCE_DIR}/docs/screenshots
    --fixtures ${CMAKE_CURRENT_SOURCE_DIR}/e2e/fixtures
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
set_tests_properties("e2e: browser (chromium, WebGL2, JS API, postMessage, single file)"
  PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)

# The journeys (tests/e2e/journeys.mjs): six lessons driven as a person, each at one of the four
# sizes (--rotate, to bound the run; `node journeys.mjs --site ...` alone runs all 24), the layout
# checks in both languages, screenshots of every size; and again, each lesson at another size,
# against the AddressSanitizer build of the page (scripts/test.d/15-web-asan.sh builds it).
set(TCPLAB_WEB_ASAN_SITE ${PROJECT_SOURCE_DIR}/build/web-asan/site CACHE PATH "The AddressSanitizer web site the journeys also serve")
add_test(NAME "e2e: journeys (six lessons as a person at four sizes, layout checks EN/ZH, ASan build)"
  COMMAND ${TCPLAB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/journeys.mjs
    --site ${TCPLAB_WEB_SITE} --asan-site ${TCPLAB_WEB_ASAN_SITE} --rotate 0
    --screenshots ${PROJECT_SOURCE_DIR}/docs/screenshots
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
set_tests_properties("e2e: journeys (six lessons as a person at four sizes, layout checks EN/ZH, ASan build)"
  PROPERTIES TIMEOUT 1800 RUN_SERIAL TRUE)
# The page around the canvas: error banner, keyboard, iframe focus, screen readers, touch.
add_test(NAME "e2e: page shell (errors, keyboard, iframe focus, aria, touch)"
  COMMAND ${TCPLAB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/shell.mjs
    --site ${TCPLAB_WEB_SITE} --screenshots ${CMAKE_BINARY_DIR}/screenshots/shell
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
set_tests_properties("e2e: page shell (errors, keyboard, iframe focus, aria, touch)"
  PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)

# Predict mode as a student meets it: a cross-origin course page's 960x600 iframe and a phone; the
# answers posted to the parent, the CSV, and the native CLI's answer key against the page's verdicts.
add_test(NAME "e2e: predict mode (answers right and wrong, results to a cross-origin parent, CSV, phone)"
  COMMAND ${TCPLAB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/predict.mjs
    --site ${TCPLAB_WEB_SITE} --tcplab $<TARGET_FILE:tcplab>
    --lesson ${PROJECT_SOURCE_DIR}/scenarios/01-three-way-handshake.scn
    --screenshots ${CMAKE_BINARY_DIR}/screenshots/predict
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
set_tests_properties("e2e: predict mode (answers right and wrong, results to a cross-origin parent, CSV, phone)"
  PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)

# The exercise-link builder as a teacher uses it, the link and the iframe snippet as students meet
# them (the ID asked for, a cross-origin course page, a phone), against the native key's numbers.
add_test(NAME "e2e: exercise links (builder, clipboard, iframe snippet in a course page, student ID, phone)"
  COMMAND ${TCPLAB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/exercise.mjs
    --site ${TCPLAB_WEB_SITE} --tcplab $<TARGET_FILE:tcplab>
    --lesson ${PROJECT_SOURCE_DIR}/scenarios/01-three-way-handshake.scn
    --screenshots ${CMAKE_BINARY_DIR}/screenshots/exercise
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
set_tests_properties("e2e: exercise links (builder, clipboard, iframe snippet in a course page, student ID, phone)"
  PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)

# "What if" as a student meets it: the hypothesis chosen in the controls, the banner, the run under
# it and back to real TCP, on a desktop and a phone (中文).
add_test(NAME "e2e: what if (no TIME_WAIT chosen and taken back, banner, desktop and phone)"
  COMMAND ${TCPLAB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/what_if.mjs
    --site ${TCPLAB_WEB_SITE} --screenshots ${CMAKE_BINARY_DIR}/screenshots/what-if
  WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
set_tests_properties("e2e: what if (no TIME_WAIT chosen and taken back, banner, desktop and phone)"
  PROPERTIES TIMEOUT 600 RUN_SERIAL TRUE)

if(TCPLAB_GUI)
  set(_gui $<TARGET_FILE:tcplab_gui>)
else()
  set(_gui ${PROJECT_SOURCE_DIR}/build/gui/web/tcplab-gui)
endif()
add_test(NAME "e2e: native GUI smoke test under Xvfb"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/gui_smoke.sh ${_gui} ${CMAKE_CURRENT_BINARY_DIR}/gui-smoke.ppm)
set_tests_properties("e2e: native GUI smoke test under Xvfb" PROPERTIES TIMEOUT 300)
