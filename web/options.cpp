#include "options.h"

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace tcplab {

const char* launch_usage() {
    return "options: --scenario NAME | --scenario-text TEXT | --scenario-file PATH\n"
           "         --lang en|zh  --theme dark|light  --speed 0.1..100  --profile NAME\n"
           "         --panels graph,timeline,...  --transport 1|0  --autoplay  --run-to-end  --frame-overlay\n"
           "         --skip-idle 1|0\n"
           "         --predict states|numbers|both   --student ID   --page-url URL (for absolute links)\n"
           "         native only: --frames N  --screenshot OUT.ppm  --size WxH\n";
}

LaunchOptions parse_launch_options(int argc, char** argv) {
    LaunchOptions o;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) {
                o.errors.push_back(std::string(arg) + " needs a value");
                return {};
            }
            return argv[++i];
        };
        if (arg == "--scenario") o.app.scenario = value();
        else if (arg == "--scenario-text") o.app.scenario_text = value();
        else if (arg == "--scenario-file") o.scenario_file = value();
        else if (arg == "--lang") {
            o.app.lang = value();
            if (o.app.lang != "en" && o.app.lang != "zh") o.errors.push_back("--lang must be en or zh");
        } else if (arg == "--theme") {
            const std::string t = value();
            if (t != "dark" && t != "light") o.errors.push_back("--theme must be dark or light");
            o.app.dark = t != "light";
        } else if (arg == "--speed") {
            const std::string v = value();
            char* end = nullptr;
            const float s = std::strtof(v.c_str(), &end);
            if (v.empty() || *end || !(s >= 0.1f && s <= 100.0f))
                o.errors.push_back("--speed must be a number from 0.1 to 100, got '" + v + "'");
            else
                o.app.speed = s;
        } else if (arg == "--profile") o.app.profile = value();
        else if (arg == "--panels") o.app.panels = value();
        else if (arg == "--transport") {
            const std::string v = value();
            if (v != "0" && v != "1") o.errors.push_back("--transport must be 1 or 0, got '" + v + "'");
            o.app.transport = v != "0";
        } else if (arg == "--autoplay") o.app.autoplay = true;
        else if (arg == "--run-to-end") o.run_to_end = true;
        else if (arg == "--frame-overlay") o.app.show_frame_overlay = true;
        else if (arg == "--skip-idle") {
            const std::string v = value();
            if (v != "0" && v != "1") o.errors.push_back("--skip-idle must be 1 or 0, got '" + v + "'");
            o.app.skip_idle = v != "0";
        }
        else if (arg == "--predict") {
            o.app.predict = value();
            if (o.app.predict != "states" && o.app.predict != "numbers" && o.app.predict != "both")
                o.errors.push_back("--predict must be states, numbers or both, got '" + o.app.predict + "'");
        } else if (arg == "--student") o.app.student = value();
        else if (arg == "--page-url") o.app.page_url = value();
        else if (arg == "--frames") {
            const std::string v = value();
            o.frames = std::atoi(v.c_str());
            if (o.frames <= 0) o.errors.push_back("--frames must be a positive number");
        } else if (arg == "--screenshot") o.screenshot = value();
        else if (arg == "--size") {
            const std::string v = value();
            if (std::sscanf(v.c_str(), "%dx%d", &o.width, &o.height) != 2 || o.width < 64 || o.height < 64)
                o.errors.push_back("--size must look like 1280x800");
        } else o.errors.push_back("unknown option " + std::string(arg));
    }
    return o;
}

}  // namespace tcplab
