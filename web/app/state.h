// Everything the views draw from, and the intents they hand back. A frame applies finished
// requests and pushed events to the state, draws every view from it, then carries out the intents.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "app/campaigns.h"
#include "app/definition.h"
#include "app/feedback.h"
#include "app/leads.h"
#include "app/people.h"
#include "app/remote.h"
#include "app/webhooks.h"
#include "tandem/health.h"
#include "tandem/route.h"
#include "tandem/scorecard_view.h"
#include "tandem/user.h"
#include "ui/theme.h"

namespace tandem {

enum class ConnectionStatus { Connecting, Online, Offline };

struct Connection {
    ConnectionStatus status = ConnectionStatus::Connecting;
    std::optional<Health> health;     // the last good report
    std::string error;                // why the last check failed
    int failures = 0;                 // consecutive failed checks
    double next_check_at = 0;         // platform::NowSeconds()
    bool request_in_flight = false;
};

// The kinds of email the user gets (GET/PUT /api/email-preferences).
struct EmailPreferences {
    bool content_requests = true;
    bool sla_breaches = true;
    bool wins_digest = false;
};

struct Session {
    enum class Status { Checking, SignedOut, SignedIn };
    Status status = Status::Checking;
    std::optional<User> me;
    std::string login_error;
    bool login_in_flight = false;
    bool check_in_flight = false;
    std::optional<AuthConfig> auth;   // how people sign in here (GET /api/auth/config)
    bool auth_in_flight = false;
    FormProgress password_change;     // the user's own change
    FormProgress password_reset;      // with a one-time link
    Remote<EmailPreferences> email_preferences;
    FormProgress email_preferences_save;
};

// A navigation that would take a form holding unsaved changes off the screen: it waits while the
// form asks whether to discard them (views/form_guard.h).
struct Leaving {
    Route to;
    bool from_url = false;            // the user changed the URL (back button, typed, a link)
};

struct AppState {
    Route route;
    bool unsaved = false;             // a form drawn in the last frame holds unsaved changes
    std::optional<Leaving> leaving;
    ui::ThemeMode theme = ui::ThemeMode::Light;
    Connection connection;
    Session session;
    bool live = false;                // the event stream is open
    double now = 0;                   // seconds, monotonic, set at the start of each frame
    double wall_now = 0;              // seconds since 1970, for ages and countdowns

    Remote<std::vector<User>> users;  // who is who, for names next to ids
    Remote<ScorecardView> scorecard;
    CampaignsState campaigns;
    LeadsState leads;
    FeedbackState feedback;
    DefinitionState definition;
    PeopleState people;
    WebhooksState webhooks;
};

// What the views ask for; carried out after the frame is drawn.
struct Intents {
    std::optional<Route> navigate;
    std::optional<ui::ThemeMode> theme;
    bool check_connection_now = false;
    std::optional<LoginRequest> login;
    bool logout = false;
    bool start_sso = false;                           // leave for the identity provider
    bool open_password_dialog = false;
    std::optional<PasswordChange> change_password;
    bool open_email_preferences = false;
    std::optional<EmailPreferences> save_email_preferences;
    std::optional<PasswordResetRequest> reset_password;
    bool export_scorecard_csv = false;
    bool refresh_scorecard = false;
    bool snapshot_png = false;
    // Forms report these every frame they are drawn (views/form_guard.h).
    bool unsaved = false;                             // a form holds changes not yet saved
    bool keyboard_in_form = false;                    // keyboard focus is in a form: view shortcuts keep out
    std::optional<bool> leave;                        // the answer to AppState::leaving: go (discard) or stay
    std::optional<std::string> copy;       // text for the system clipboard
    std::optional<std::string> open_url;   // a mailto: or tel: link, for the system to handle
    CampaignsIntents campaigns;
    LeadsIntents leads;
    FeedbackIntents feedback;
    DefinitionIntents definition;
    PeopleIntents people;
    WebhooksIntents webhooks;

    void Navigate(View view) {
        Route route;
        route.view = view;
        navigate = route;
    }
};

// The display name of a user id, or "user 7" if the directory does not know it yet.
std::string UserName(const AppState& state, std::int64_t id);
// A role as people say it: "marketing leader".
std::string RoleLabel(Role role);

}  // namespace tandem
