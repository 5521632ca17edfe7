// stable_sort_by(v, less): std::stable_sort for vectors, with one shared instantiation.
// std::stable_sort is a large template (buffered merge, ~3 KB of wasm per element type and
// comparison); the browser build links several call sites that each sort a short list once.
// Here each site only adds a small comparison trampoline and a move loop: the merge sort itself
// runs once, over pointers, in stable_sort.cpp. Same result as std::stable_sort (equal elements
// keep their order). Not for hot paths: it allocates a pointer array and a new vector.
#pragma once

#include <type_traits>
#include <utility>
#include <vector>

namespace tcplab {

using ErasedLess = bool (*)(const void* a, const void* b);
void stable_sort_pointers(std::vector<const void*>& items, ErasedLess less);

// Less: a captureless lambda or another empty, default-constructible comparison.
template <class T, class Less>
void stable_sort_by(std::vector<T>& v, Less) {
    static_assert(std::is_empty_v<Less> && std::is_default_constructible_v<Less>,
                  "stable_sort_by needs a comparison without state (a captureless lambda)");
    if (v.size() < 2) return;
    std::vector<const void*> order;
    order.reserve(v.size());
    for (const T& x : v) order.push_back(&x);
    stable_sort_pointers(order, [](const void* a, const void* b) {
        return Less{}(*static_cast<const T*>(a), *static_cast<const T*>(b));
    });
    std::vector<T> sorted;
    sorted.reserve(v.size());
    for (const void* p : order) sorted.push_back(std::move(*const_cast<T*>(static_cast<const T*>(p))));
    v = std::move(sorted);
}

}  // namespace tcplab
