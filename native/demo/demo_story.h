// The demo's cast and calendar, shared by its parts: the users' ids, the time units, the moments
// the story hangs on (relative to "today"), and the seed streams each part draws from.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>

#include "tandem/time.h"

namespace tandem::demo {

// The demo users' ids (admin is 1), in the order DemoUsers() delivers them.
constexpr std::int64_t kMayaId = 2;
constexpr std::int64_t kSamId = 3;
constexpr std::int64_t kMarkId = 4;
constexpr std::int64_t kRitaId = 5;
constexpr std::int64_t kRajId = 6;

constexpr Timestamp kMinute = 60;
constexpr Timestamp kHour = 3600;
constexpr Timestamp kDay = kSecondsPerDay;

// Campaign volumes are written for this many leads a year and scaled to the requested volume.
constexpr double kReferenceLeads = 20000;
// The share of a campaign's planned volume that arrives through the campaign's own channel; the
// rest of its leads are organic leads of that channel that happen to arrive while it runs.
constexpr double kCampaignDriven = 0.55;

// Stream ids for MixSeed, so that each part of the demo draws from its own sequence and changing
// one part (say, the feedback texts) does not reshuffle the leads.
enum Stream : std::uint64_t {
    kStreamCompanies = 1,
    kStreamDays = 2,
    kStreamFeedback = 3,
    kStreamReservoir = 4,
    kStreamLeads = 1ull << 40,
};

inline Timestamp At(Date day, int hour, int minute = 0) { return StartOf(day) + hour * kHour + minute * kMinute; }

// The moments the demo's story hangs on, all relative to "today".
struct Clock {
    Timestamp now = 0;
    Date today = 0;
    Timestamp first_lead = 0;       // leads arrive in [first_lead, now)
    Date first_day = 0;
    int days = 0;                   // first_day .. today inclusive
    Timestamp users_created = 0;
    Timestamp v1_activated = 0;
    Timestamp v2_activated = 0;

    int Version(Timestamp t) const { return t >= v2_activated ? 2 : 1; }
};

inline Clock MakeClock(Timestamp now) {
    Clock clock;
    clock.now = now;
    clock.today = DateOf(now);
    clock.first_lead = now - 365 * kDay;
    clock.first_day = DateOf(clock.first_lead);
    clock.days = clock.today - clock.first_day + 1;
    clock.users_created = At(clock.today - 370, 9);
    clock.v1_activated = At(clock.today - 366, 15, 30);   // the second sign-off
    clock.v2_activated = At(clock.today - 155, 16, 40);
    return clock;
}

inline int MonthKey(Date day) {
    int year = 0, month = 0, dom = 0;
    CivilFromDays(day, year, month, dom);
    return year * 12 + (month - 1);
}

inline std::string MonthName(int key) {
    char text[16];
    std::snprintf(text, sizeof text, "%04d-%02d", key / 12, key % 12 + 1);
    return text;
}

inline Date MonthStart(int key) { return DaysFromCivil(key / 12, key % 12 + 1, 1); }

}  // namespace tandem::demo
