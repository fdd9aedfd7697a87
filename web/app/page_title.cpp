// The document title for the route and session.
#include "app/page_title.h"

#include "app/state.h"

namespace tandem {

namespace {

constexpr const char* kSuffix = " · Tandem";

// A lead's page is named after the lead once it has loaded, like a contact's page in a CRM.
std::string LeadTitle(const AppState& state, std::int64_t id) {
    const LeadDetail& detail = state.leads.detail;
    if (detail.id == id && detail.lead.value) {
        const Lead& lead = *detail.lead.value;
        if (!lead.name.empty()) return lead.name;
        if (!lead.email.empty()) return lead.email;
    }
    return "Lead " + std::to_string(id);
}

}  // namespace

std::string PageTitle(const AppState& state) {
    const Route& route = state.route;
    // What the content area shows (app.cpp): a reset link for anyone, otherwise the sign-in form
    // until someone is signed in.
    if (route.view == View::ResetPassword) return std::string(ViewTitle(View::ResetPassword)) + kSuffix;
    switch (state.session.status) {
    case Session::Status::Checking: return "Tandem";
    case Session::Status::SignedOut: return std::string(ViewTitle(View::Login)) + kSuffix;
    case Session::Status::SignedIn: break;
    }
    if (route.view == View::Leads && route.id) return LeadTitle(state, *route.id) + kSuffix;
    View shown = route.view == View::Login ? View::Scorecard : route.view;
    return std::string(ViewTitle(shown)) + kSuffix;
}

}  // namespace tandem
