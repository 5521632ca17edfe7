#include "stable_sort.h"

#include <algorithm>

namespace tcplab {

void stable_sort_pointers(std::vector<const void*>& items, ErasedLess less) {
    std::stable_sort(items.begin(), items.end(), [less](const void* a, const void* b) { return less(a, b); });
}

}  // namespace tcplab
