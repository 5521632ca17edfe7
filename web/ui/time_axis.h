// The ladder's time axis: linear, or compressed as Wireshark's flow graph does it, where every idle
// gap longer than `gap` (nothing sent, arriving or happening, such as 2MSL in TIME_WAIT or a long
// RTO) is drawn `gap` tall and marked as a break with its real length. Display times are virtual
// microseconds with the breaks squeezed; past the last activity the axis runs on for at most `gap`,
// so a view that follows the current time keeps the last segments on screen.
#pragma once
#include <cstddef>
#include <vector>

#include "vtime.h"

namespace tcplab::ui {

struct TimeBreak {
    Micros from = 0, to = 0;  // the idle interval in virtual time
};

class TimeAxis {
public:
    void clear(Micros gap);
    // Something happened at `time` and keeps the wire busy until `until` (a segment's arrival).
    // Calls come in trace order (non-decreasing `time`).
    void add(Micros time, Micros until);

    double to_display(double t, bool compressed) const;
    // The inverse; +infinity for display times past the end of a compressed axis.
    double from_display(double d, bool compressed) const;

    // The axis as it was: marks taken in order can be rewound to in constant time.
    struct Mark {
        Micros gap = 0, last = 0;
        bool any = false;
        size_t breaks = 0;
        double removed_total = 0;
    };
    Mark mark() const { return Mark{gap_, last_, any_, breaks_.size(), removed_total_}; }
    void rewind(const Mark& m);

    Micros gap() const { return gap_; }
    Micros last_activity() const { return last_; }
    const std::vector<TimeBreak>& breaks() const { return breaks_; }

private:
    Micros gap_ = 0;
    Micros last_ = 0;
    bool any_ = false;
    std::vector<TimeBreak> breaks_;
    std::vector<double> removed_;  // display time removed by the breaks before breaks_[i]
    double removed_total_ = 0;
};

}  // namespace tcplab::ui
