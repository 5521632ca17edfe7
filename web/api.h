// The C functions behind window.tcplab (tcplab-api.js): thin wrappers over App's controller.
#pragma once

namespace tcplab {
class App;
// main_web.cpp hands its App to the API once it is initialized.
void api_attach(App* app);
// main_web.cpp calls it at the start of each frame (the test-only trap, tcplab_debug_trap).
void api_before_frame();
}  // namespace tcplab
