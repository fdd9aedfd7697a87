// Reading a Server-Sent Events body as the tests receive it: complete frames only.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace tandem::test {

struct Frame {
    std::uint64_t id = 0;
    std::string event;
    nlohmann::json data;
};

// The complete frames ("id:", "event:", "data:" lines ended by a blank line) received so far.
inline std::vector<Frame> Frames(const std::string& received) {
    std::vector<Frame> frames;
    std::size_t start = 0;
    for (std::size_t end; (end = received.find("\n\n", start)) != std::string::npos; start = end + 2) {
        std::string block = received.substr(start, end - start);
        Frame frame;
        bool any = false;
        std::size_t line_start = 0;
        while (line_start <= block.size()) {
            std::size_t line_end = block.find('\n', line_start);
            std::string line = block.substr(line_start, line_end == std::string::npos ? std::string::npos : line_end - line_start);
            if (line.starts_with("id: ")) frame.id = std::stoull(line.substr(4)), any = true;
            else if (line.starts_with("event: ")) frame.event = line.substr(7), any = true;
            else if (line.starts_with("data: ")) frame.data = nlohmann::json::parse(line.substr(6)), any = true;
            if (line_end == std::string::npos) break;
            line_start = line_end + 1;
        }
        if (any) frames.push_back(frame);
    }
    return frames;
}

inline bool Has(const std::vector<Frame>& frames, const std::string& event, int count = 1) {
    return std::count_if(frames.begin(), frames.end(), [&](const Frame& f) { return f.event == event; }) >= count;
}

}  // namespace tandem::test
