// Header values of HTTP (RFC 9110) the routes share: comma-separated lists, entity tags, dates,
// and the conditional GET that combines them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "tandem/time.h"

namespace httplib {
struct Request;
}

namespace tandem::http {

std::string_view TrimHeaderSpace(std::string_view text);

// Calls `each` with every element of a comma-separated header value, trimmed, empty ones skipped.
template <typename Each>
void ForEachListElement(std::string_view list, Each each) {
    while (!list.empty()) {
        std::size_t comma = list.find(',');
        std::string_view element = TrimHeaderSpace(list.substr(0, comma));
        if (!element.empty()) each(element);
        if (comma == std::string_view::npos) break;
        list.remove_prefix(comma + 1);
    }
}

// If-None-Match holds "*" or a list of entity tags; the comparison is weak (RFC 9110 13.1.2), so
// a tag a proxy marked W/ still matches.
bool MatchesAnyETag(std::string_view if_none_match, std::string_view etag);

// An IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string HttpDate(Timestamp at);
// An IMF-fixdate, or nothing for anything else (the obsolete RFC 850 and asctime forms included:
// a conditional with a date we cannot read is ignored, as RFC 9110 13.1.3 asks).
std::optional<Timestamp> ParseHttpDate(std::string_view text);

// Whether a GET may be answered 304 (RFC 9110 13.2.2): If-None-Match decides when present;
// otherwise If-Modified-Since, when the representation has a Last-Modified date not after it.
bool NotModified(const httplib::Request& req, std::string_view etag, std::optional<Timestamp> last_modified);

}  // namespace tandem::http
