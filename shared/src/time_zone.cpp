// TZif parsing (RFC 8536) and local-to-UTC conversion.
#include "tandem/time_zone.h"

#include <algorithm>
#include <stdexcept>

namespace tandem {

namespace {

class BigEndian {
public:
    explicit BigEndian(std::string_view bytes) : m_bytes(bytes) {}
    std::int64_t Read(std::size_t width) {
        if (m_at + width > m_bytes.size()) throw std::invalid_argument("the time zone file is cut short");
        std::uint64_t value = 0;
        for (std::size_t k = 0; k < width; ++k) value = value << 8 | static_cast<unsigned char>(m_bytes[m_at++]);
        if (width == 4) return static_cast<std::int32_t>(static_cast<std::uint32_t>(value));
        return static_cast<std::int64_t>(value);
    }
    void Skip(std::size_t n) {
        if (m_at + n > m_bytes.size()) throw std::invalid_argument("the time zone file is cut short");
        m_at += n;
    }

private:
    std::string_view m_bytes;
    std::size_t m_at = 0;
};

struct Counts {
    std::size_t isut, isstd, leap, time, type, chars;
};

Counts ReadHeader(BigEndian& in, char& version) {
    if (in.Read(4) != 0x545A6966) throw std::invalid_argument("not a TZif file");   // "TZif"
    version = static_cast<char>(in.Read(1));
    in.Skip(15);
    Counts c{};
    for (std::size_t* field : {&c.isut, &c.isstd, &c.leap, &c.time, &c.type, &c.chars})
        *field = static_cast<std::size_t>(in.Read(4));
    return c;
}

}  // namespace

TimeZone TimeZone::FromTzif(std::string name, std::string_view tzif) {
    BigEndian in(tzif);
    char version = 0;
    Counts counts = ReadHeader(in, version);
    std::size_t width = 4;
    if (version >= '2') {
        // Skip the 32-bit block; the 64-bit one after it covers every year.
        in.Skip(counts.time * 5 + counts.type * 6 + counts.chars + counts.leap * 8 + counts.isstd + counts.isut);
        counts = ReadHeader(in, version);
        width = 8;
    }
    if (counts.type == 0) throw std::invalid_argument("the time zone file has no local time types");
    TimeZone zone;
    zone.m_name = std::move(name);
    zone.m_transitions.resize(counts.time);
    for (Timestamp& t : zone.m_transitions) t = in.Read(width);
    std::vector<std::size_t> type_of(counts.time);
    for (std::size_t& type : type_of) type = static_cast<std::size_t>(in.Read(1));
    std::vector<std::int32_t> offsets(counts.type);
    for (std::int32_t& offset : offsets) {
        offset = static_cast<std::int32_t>(in.Read(4));
        in.Skip(2);   // is-DST, designation index
    }
    for (std::size_t type : type_of) {
        if (type >= offsets.size()) throw std::invalid_argument("the time zone file refers to a missing type");
        zone.m_offsets.push_back(offsets[type]);
    }
    if (!std::is_sorted(zone.m_transitions.begin(), zone.m_transitions.end()))
        throw std::invalid_argument("the time zone file's transitions are out of order");
    zone.m_initial_offset = offsets[0];
    return zone;
}

std::int64_t TimeZone::OffsetAt(Timestamp t) const {
    auto after = std::upper_bound(m_transitions.begin(), m_transitions.end(), t);
    if (after == m_transitions.begin()) return m_initial_offset;
    return m_offsets[static_cast<std::size_t>(after - m_transitions.begin()) - 1];
}

Timestamp TimeZone::FromLocal(std::int64_t local) const {
    // Offsets change at most once in any two days: one of the offsets around `local` is right.
    const std::int64_t before = OffsetAt(local - 86400);
    const std::int64_t after = OffsetAt(local + 86400);
    for (std::int64_t offset : {before, after})
        if (OffsetAt(local - offset) == offset) return local - offset;
    return local - before;
}

bool IsPlausibleZoneName(std::string_view name) {
    if (name.empty() || name.size() > 64 || name.front() == '/' || name.find("..") != std::string_view::npos)
        return false;
    return std::all_of(name.begin(), name.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
               c == '+' || c == '/';
    });
}

}  // namespace tandem
