// Command-line options shared by the native and the web front end. In the browser, tcplab-api.js
// turns the URL parameters into these same arguments (Module.arguments) after validating them.
#pragma once
#include <string>
#include <vector>

#include "app.h"

namespace tcplab {

struct LaunchOptions {
    AppOptions app;
    int frames = 0;               // native: exit after this many frames (0 = run until closed)
    std::string screenshot;       // native: write the last frame as a binary PPM here
    std::string scenario_file;    // native: read the scenario text from this file
    int width = 1280, height = 800;
    bool run_to_end = false;      // run the scenario to its end before the first frame
    std::vector<std::string> errors;
};

LaunchOptions parse_launch_options(int argc, char** argv);
const char* launch_usage();

}  // namespace tcplab
