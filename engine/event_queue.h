// The simulator's event queue: events in (time, insertion order). The events the simulation makes
// itself (arrivals, timers) go to a binary min-heap, which stays small; scheduled inputs (user
// actions, injections, notes), which a scenario or a benchmark pushes up front by the hundred
// thousand, go to a sorted run: appended when in order, else sorted in lazily before the next pop.
// Plain data: copying the queue copies the simulation's future.
#pragma once
#include <algorithm>
#include <cstdint>
#include <vector>

#include "vtime.h"

namespace tcplab {

enum class EvKind : uint8_t { Action, Arrival, Timer, Inject, Note };

struct Event {
    Micros time = 0;
    uint64_t order = 0;  // insertion order breaks ties
    EvKind kind = EvKind::Action;
    uint8_t timer = 0;
    int32_t conn = -1;
    uint64_t ref = 0;    // Action/Inject/Note: input index; Arrival: flight slot
};

class EventQueue {
public:
    void push(Event e) {
        e.order = next_order_++;
        const bool scheduled = e.kind == EvKind::Action || e.kind == EvKind::Inject || e.kind == EvKind::Note;
        if (scheduled && pending_.empty() && (run_pos_ == run_.size() || e.time >= run_.back().time)) {
            run_.push_back(e);
        } else if (scheduled) {
            pending_.push_back(e);
        } else {
            heap_.push_back(e);
            std::push_heap(heap_.begin(), heap_.end(), Later{});
        }
    }
    bool empty() const { return run_pos_ == run_.size() && pending_.empty() && heap_.empty(); }
    const Event& top() {
        merge_pending();
        return from_run() ? run_[run_pos_] : heap_.front();
    }
    Event pop() {
        merge_pending();
        if (from_run()) {
            const Event e = run_[run_pos_++];
            if (run_pos_ == run_.size()) {
                run_.clear();
                run_pos_ = 0;
            } else if (run_pos_ >= 4096 && run_pos_ * 2 >= run_.size()) {
                run_.erase(run_.begin(), run_.begin() + static_cast<std::ptrdiff_t>(run_pos_));
                run_pos_ = 0;
            }
            return e;
        }
        std::pop_heap(heap_.begin(), heap_.end(), Later{});
        const Event e = heap_.back();
        heap_.pop_back();
        return e;
    }

private:
    struct Later {
        bool operator()(const Event& a, const Event& b) const {
            return a.time != b.time ? a.time > b.time : a.order > b.order;
        }
    };
    void merge_pending() {
        if (pending_.empty()) return;
        const Earlier earlier;
        std::sort(pending_.begin(), pending_.end(), earlier);
        run_.erase(run_.begin(), run_.begin() + static_cast<std::ptrdiff_t>(run_pos_));
        run_pos_ = 0;
        const auto mid = static_cast<std::ptrdiff_t>(run_.size());
        run_.insert(run_.end(), pending_.begin(), pending_.end());
        std::inplace_merge(run_.begin(), run_.begin() + mid, run_.end(), earlier);
        pending_.clear();
    }
    struct Earlier {
        bool operator()(const Event& a, const Event& b) const { return Later{}(b, a); }
    };
    bool from_run() const {
        if (run_pos_ == run_.size()) return false;
        return heap_.empty() || Later{}(heap_.front(), run_[run_pos_]);
    }

    std::vector<Event> heap_;
    std::vector<Event> run_;      // sorted by (time, order); consumed from run_pos_
    std::vector<Event> pending_;  // scheduled out of order, merged into run_ before the next pop
    size_t run_pos_ = 0;
    uint64_t next_order_ = 0;
};

}  // namespace tcplab
