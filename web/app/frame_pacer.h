// Decides which display refreshes the dashboard draws. Without a GPU every drawn frame costs the
// browser tens of milliseconds of software rasterising, and a dashboard open all day should not keep
// a core busy to show the same pixels; so a frame is drawn only when something can have changed.
#pragma once

#include "platform/platform.h"

namespace tandem {

class FramePacer {
public:
    // Whether to draw at `now` (monotonic seconds), given what happened since the previous call and
    // the wall clock, whose whole seconds move countdowns and "5 s ago" labels.
    bool ShouldDraw(double now, double wall_now, platform::Activity activity);

private:
    double m_input_until = 0;     // hover delays, trickled clicks and key repeat play out after input
    int m_settle_frames = 0;      // ImGui lays out new content over a couple of frames
    long long m_drawn_second = -1;
};

}  // namespace tandem
