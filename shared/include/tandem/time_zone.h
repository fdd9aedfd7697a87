// A time zone read from a TZif file (RFC 8536, what /usr/share/zoneinfo holds), for turning the
// zone-less local times of CRM exports into UTC. Parsing only: native/ reads the file.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "tandem/time.h"

namespace tandem {

class TimeZone {
public:
    TimeZone() = default;   // UTC
    // Throws std::invalid_argument if `tzif` is not a TZif file. Times past the last transition
    // keep its offset (Debian's "fat" files list transitions up to 2037).
    static TimeZone FromTzif(std::string name, std::string_view tzif);

    const std::string& Name() const { return m_name; }
    // The offset from UTC in seconds at instant `t`.
    std::int64_t OffsetAt(Timestamp t) const;
    // The instant a wall-clock time (seconds since 1970-01-01 00:00 local) names. Of a time that
    // occurs twice (clocks going back) the first; a time skipped by clocks going forward is read
    // with the offset before the change, as a wall clock that was not moved would show it.
    Timestamp FromLocal(std::int64_t local) const;

private:
    std::string m_name = "UTC";
    std::vector<Timestamp> m_transitions;   // ascending
    std::vector<std::int32_t> m_offsets;    // in force from the transition of the same index
    std::int32_t m_initial_offset = 0;      // before the first transition
};

// An IANA name as a path below the zoneinfo folder may be: "Europe/Paris", "UTC", "Etc/GMT+5";
// no "..", no leading "/", only letters, digits, "_", "-", "+" and "/".
bool IsPlausibleZoneName(std::string_view name);

}  // namespace tandem
