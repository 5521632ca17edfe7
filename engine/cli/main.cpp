// The `tcplab` command (placeholder until the CLI lands).
#include <cstdio>
int main() { std::puts("tcplab: not built yet"); return 1; }
