// Reads a TZif file of the system's tz database.
#include "service/zoneinfo.h"

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <stdexcept>

namespace tandem::service {

TimeZone LoadTimeZone(const std::string& name) {
    if (name.empty() || name == "UTC") return {};
    if (!IsPlausibleZoneName(name)) throw std::invalid_argument("not a time zone name: '" + name + "'");
    const char* dir = std::getenv("TZDIR");
    const std::string path = std::string(dir && *dir ? dir : "/usr/share/zoneinfo") + "/" + name;
    std::ifstream file(path, std::ios::binary);
    if (!file) throw std::invalid_argument("unknown time zone '" + name + "' (expected an IANA name such as Europe/Paris)");
    std::string bytes{std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
    try {
        return TimeZone::FromTzif(name, bytes);
    } catch (const std::invalid_argument& e) {
        throw std::invalid_argument("unknown time zone '" + name + "': " + e.what());
    }
}

}  // namespace tandem::service
