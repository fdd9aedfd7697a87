// Dashboard locations as URL hash routes ("#/leads/42", "#/campaigns?month=2026-12"): parsed and
// formatted here so the client's router and the server's links agree.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace tandem {

// People, Webhooks, Login and ResetPassword are pages outside the navigation tabs: the people
// directory and an admin's outgoing webhooks (from the user menu), the sign-in page (with
// ?sso_error= when single sign-on failed) and the one-time link an admin sends
// ("#/reset-password?token=...").
enum class View { Scorecard, Definition, Campaigns, Leads, Feedback, People, Webhooks, Login, ResetPassword, NotFound };

struct Route {
    View view = View::Scorecard;
    std::optional<std::int64_t> id;             // "#/leads/42" -> 42
    std::map<std::string, std::string> query;   // "?month=2026-12" -> {month: 2026-12}
    std::string path;                           // the path as written, for "not found" messages

    bool operator==(const Route&) const = default;
};

// The views that appear in the navigation, in order.
inline constexpr View kNavigableViews[] = {View::Scorecard, View::Definition, View::Campaigns,
                                           View::Leads, View::Feedback};

// "#/leads/42?stage=mql" or "/leads/42?stage=mql"; "" and "#/" are the scorecard.
Route ParseRoute(std::string_view hash);
// The canonical hash for a route, e.g. "#/leads/42?stage=mql" (query keys sorted, values escaped).
std::string FormatRoute(const Route& route);

std::string_view ViewSlug(View view);    // "scorecard", "definition", ...
std::string_view ViewTitle(View view);   // "Scorecard", "Lead definition", ...

std::string PercentEncode(std::string_view text);
std::string PercentDecode(std::string_view text);

}  // namespace tandem
