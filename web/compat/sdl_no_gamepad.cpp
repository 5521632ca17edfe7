// Browser build only: the three SDL game-controller calls of Dear ImGui's SDL backend, without a
// game-controller subsystem. Our SDL2 for wasm is built without joystick support, so the real
// SDL_GameControllerOpen can only return NULL; but linking it pulls in SDL's controller mapping
// database and parser (~13 KB of wasm). Defined here, these keep that archive member out.
// The backend only calls them when ImGuiConfigFlags_NavEnableGamepad is set, which we never do.
#include <SDL.h>

extern "C" {

SDL_GameController* SDL_GameControllerOpen(int) { return nullptr; }
Uint8 SDL_GameControllerGetButton(SDL_GameController*, SDL_GameControllerButton) { return 0; }
Sint16 SDL_GameControllerGetAxis(SDL_GameController*, SDL_GameControllerAxis) { return 0; }

}
