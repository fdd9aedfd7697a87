// Which display refreshes the dashboard draws; the reasons are in frame_pacer.h.
#include "app/frame_pacer.h"

#include <algorithm>
#include <cmath>

namespace tandem {

namespace {

// Long enough for ImGui's tooltip and hover delays and the views' typing debounces to play out.
constexpr double kInputSeconds = 1.0;
// News is drawn, then drawn again while ImGui settles widths and auto-sized children.
constexpr int kSettleFrames = 3;

}  // namespace

bool FramePacer::ShouldDraw(double now, double wall_now, platform::Activity activity) {
    if (activity.input) m_input_until = now + kInputSeconds;
    if (activity.news) m_settle_frames = kSettleFrames;
    auto second = static_cast<long long>(std::floor(wall_now));
    bool draw = now < m_input_until || m_settle_frames > 0 || second != m_drawn_second;
    if (draw) {
        m_settle_frames = std::max(m_settle_frames - 1, 0);
        m_drawn_second = second;
    }
    return draw;
}

}  // namespace tandem
