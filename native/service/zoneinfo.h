// Time zones by IANA name from the system's tz database (Debian's tzdata, /usr/share/zoneinfo;
// $TZDIR overrides the folder, as for the C library).
#pragma once

#include <string>

#include "tandem/time_zone.h"

namespace tandem::service {

// "UTC" and "" are UTC without a file. Throws std::invalid_argument naming the zone if it is not
// a plausible name or no readable TZif file has it.
TimeZone LoadTimeZone(const std::string& name);

}  // namespace tandem::service
