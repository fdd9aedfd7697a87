// Who is signed in: checked at start (GET /api/auth/me), changed by signing in and out. Any 401
// from the API signs the dashboard out, so an expired session leads back to the sign-in form.
#pragma once

#include "tandem/user.h"

namespace tandem {

struct AppState;
class ApiClient;

void CheckSession(AppState& state, ApiClient& api);
void SignIn(AppState& state, ApiClient& api, const LoginRequest& login);
void SignOut(AppState& state, ApiClient& api);
// Forgets everything loaded for the previous user.
void ClearUserData(AppState& state);

}  // namespace tandem
