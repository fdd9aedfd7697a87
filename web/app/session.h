// Who is signed in: checked at start (GET /api/auth/session), changed by signing in and out (with a
// password or through the identity provider), and ended by the server (any 401, or the event
// stream's "session-ended"), which leads back to the sign-in form. Also the user's own password
// change, setting a password with a reset link, and which emails they get.
#pragma once

#include "tandem/user.h"

namespace tandem {

struct AppState;
class ApiClient;
struct EmailPreferences;

void CheckSession(AppState& state, ApiClient& api);
// Loads how people sign in here, once.
void LoadAuthConfig(AppState& state, ApiClient& api);
void SignIn(AppState& state, ApiClient& api, const LoginRequest& login);
// Leaves the dashboard for the identity provider, which sends the browser back signed in to the
// route shown now.
void StartSingleSignOn(const AppState& state);
void SignOut(AppState& state, ApiClient& api);
// The server ended this session (signed out elsewhere, password changed, deactivated, expired).
void SessionEnded(AppState& state, const std::string& why);
void ChangePassword(AppState& state, ApiClient& api, const PasswordChange& change);
void ResetPassword(AppState& state, ApiClient& api, const PasswordResetRequest& request);
// The kinds of email the user gets: loaded when their dialog opens, saved on each change.
void LoadEmailPreferences(AppState& state, ApiClient& api);
void SaveEmailPreferences(AppState& state, ApiClient& api, const EmailPreferences& preferences);
// Forgets everything loaded for the previous user.
void ClearUserData(AppState& state);

}  // namespace tandem
