#include "time_axis.h"

#include <algorithm>
#include <limits>

namespace tcplab::ui {

void TimeAxis::clear(Micros gap) {
    gap_ = gap;
    last_ = 0;
    any_ = false;
    breaks_.clear();
    removed_.clear();
    removed_total_ = 0;
}

void TimeAxis::rewind(const Mark& m) {
    gap_ = m.gap;
    last_ = m.last;
    any_ = m.any;
    breaks_.resize(std::min(breaks_.size(), m.breaks));
    removed_.resize(breaks_.size());
    removed_total_ = m.removed_total;
}

void TimeAxis::add(Micros time, Micros until) {
    if (any_ && time - last_ > gap_) {
        breaks_.push_back(TimeBreak{last_, time});
        removed_.push_back(removed_total_);
        removed_total_ += static_cast<double>(time - last_ - gap_);
    }
    if (!any_ || time > last_) last_ = time;
    if (until > last_) last_ = until;
    any_ = true;
}

double TimeAxis::to_display(double t, bool compressed) const {
    if (!compressed) return t;
    const double gap = static_cast<double>(gap_);
    const double last = static_cast<double>(last_);
    if (t > last) return last - removed_total_ + std::min(t - last, gap);
    auto it = std::upper_bound(breaks_.begin(), breaks_.end(), t,
                               [](double v, const TimeBreak& b) { return v < static_cast<double>(b.from); });
    if (it == breaks_.begin()) return t;
    size_t i = static_cast<size_t>(it - breaks_.begin()) - 1;
    const double from = static_cast<double>(breaks_[i].from), to = static_cast<double>(breaks_[i].to);
    if (t >= to) return t - removed_[i] - (to - from - gap);
    return from - removed_[i] + (t - from) * gap / (to - from);
}

double TimeAxis::from_display(double d, bool compressed) const {
    if (!compressed) return d;
    const double gap = static_cast<double>(gap_);
    const double last = static_cast<double>(last_);
    const double last_d = last - removed_total_;
    if (d > last_d) return d >= last_d + gap ? std::numeric_limits<double>::infinity() : last + (d - last_d);
    // The last break starting at or before d on the display axis.
    size_t lo = 0, hi = breaks_.size();
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (static_cast<double>(breaks_[mid].from) - removed_[mid] <= d) lo = mid + 1;
        else hi = mid;
    }
    if (lo == 0) return d;
    size_t i = lo - 1;
    const double from = static_cast<double>(breaks_[i].from), to = static_cast<double>(breaks_[i].to);
    const double start = from - removed_[i];
    if (d >= start + gap) return d + removed_[i] + (to - from - gap);
    return from + (d - start) * (to - from) / gap;
}

}  // namespace tcplab::ui
