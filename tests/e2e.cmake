# The browser end-to-end test and the native GUI smoke test. They test what scripts/test.d/10-web.sh
# built: the site in build/web/site and build/gui/web/tcplab-gui (or this build's tcplab_gui target
# when it is configured with TCPLAB_GUI=ON). A missing build is a failure, not a skip.
set(TCPLAB_WEB_SITE ${PROJECT_SOURCE_DIR}/build/web/site CACHE PATH "The built web site the e2e test serves")
find_program(TCPLAB_NODE node)
if(NOT TCPLAB_NODE)
  set(TCPLAB_NODE node)  # not installed (native-only setup): the test fails and says so when run
endif()

# tcplab_e2e_test(NAME SCRIPT TIMEOUT ARGS...): "e2e: NAME" runs node tests/e2e/SCRIPT ARGS..., alone
# (one browser at a time: SwiftShader takes both cores).
function(tcplab_e2e_test name script timeout)
  add_test(NAME "e2e: ${name}" COMMAND ${TCPLAB_NODE} ${CMAKE_CURRENT_SOURCE_DIR}/e2e/${script} ${ARGN}
    WORKING_DIRECTORY ${CMAKE_CURRENT_SOURCE_DIR}/e2e)
  set_tests_properties("e2e: ${name}" PROPERTIES TIMEOUT ${timeout} RUN_SERIAL TRUE)
endfunction()
set(_lesson01 --tcplab $<TARGET_FILE:tcplab> --lesson ${PROJECT_SOURCE_DIR}/scenarios/01-three-way-handshake.scn)

tcplab_e2e_test("browser (chromium, WebGL2, JS API, postMessage, lessons on demand, single file)" e2e.mjs 600
  --site ${TCPLAB_WEB_SITE} --screenshots ${PROJECT_SOURCE_DIR}/docs/screenshots
  --fixtures ${CMAKE_CURRENT_SOURCE_DIR}/e2e/fixtures)

# The journeys (tests/e2e/journeys.mjs): six lessons driven as a person, each at one of the four
# sizes (--rotate, to bound the run; `node journeys.mjs --site ...` alone runs all 24), the layout
# checks in both languages, screenshots of every size; and again, each lesson at another size,
# against the AddressSanitizer build of the page (scripts/test.d/15-web-asan.sh builds it).
set(TCPLAB_WEB_ASAN_SITE ${PROJECT_SOURCE_DIR}/build/web-asan/site CACHE PATH "The AddressSanitizer web site the journeys also serve")
tcplab_e2e_test("journeys (six lessons as a person at four sizes, layout checks EN/ZH, ASan build)" journeys.mjs 1800
  --site ${TCPLAB_WEB_SITE} --asan-site ${TCPLAB_WEB_ASAN_SITE} --rotate 0
  --screenshots ${PROJECT_SOURCE_DIR}/docs/screenshots)

# The page around the canvas: error banner, keyboard, iframe focus, screen readers, touch.
tcplab_e2e_test("page shell (errors, keyboard, iframe focus, aria, touch)" shell.mjs 600
  --site ${TCPLAB_WEB_SITE} --screenshots ${CMAKE_BINARY_DIR}/screenshots/shell)

# Predict mode as a student meets it, with the lesson's own questions: a cross-origin course page's
# 960x600 iframe and a phone; the answers posted to the parent, the CSV, and the native CLI's
# answer key against the page's verdicts.
tcplab_e2e_test("predict mode (answers right and wrong, the lesson's own questions, results to a cross-origin parent, CSV, phone)"
  predict.mjs 600 --site ${TCPLAB_WEB_SITE} ${_lesson01} --screenshots ${CMAKE_BINARY_DIR}/screenshots/predict)

# The exercise-link builder as a teacher uses it, the link and the iframe snippet as students meet
# them (the ID asked for, a cross-origin course page, a phone), against the native key's numbers.
tcplab_e2e_test("exercise links (builder, clipboard, iframe snippet in a course page, student ID, phone)"
  exercise.mjs 600 --site ${TCPLAB_WEB_SITE} ${_lesson01} --screenshots ${CMAKE_BINARY_DIR}/screenshots/exercise)

# "What if" as a student meets it: the hypothesis chosen in the controls, the banner, the real
# outcome over the ladder, and back to real TCP, on a desktop and a phone (中文).
tcplab_e2e_test("what if (no TIME_WAIT chosen and taken back, banner, real TCP overlaid, desktop and phone)"
  what_if.mjs 600 --site ${TCPLAB_WEB_SITE} --screenshots ${CMAKE_BINARY_DIR}/screenshots/what-if)

if(TCPLAB_GUI)
  set(_gui $<TARGET_FILE:tcplab_gui>)
else()
  set(_gui ${PROJECT_SOURCE_DIR}/build/gui/web/tcplab-gui)
endif()
add_test(NAME "e2e: native GUI smoke test under Xvfb"
  COMMAND bash ${CMAKE_CURRENT_SOURCE_DIR}/e2e/gui_smoke.sh ${_gui} ${CMAKE_CURRENT_BINARY_DIR}/gui-smoke.ppm)
set_tests_properties("e2e: native GUI smoke test under Xvfb" PROPERTIES TIMEOUT 300)
