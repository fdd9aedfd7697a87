// The API client over platform::Fetch.
#include "app/api_client.h"

#include <nlohmann/json.hpp>

#include "app/session.h"
#include "app/state.h"
#include "platform/platform.h"
#include "ui/world_fonts.h"

namespace tandem {

std::string ApiResult::ErrorMessage() const {
    if (status == 0) return "the server cannot be reached";
    nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object() && json.contains("error") && json["error"].contains("message"))
        return json["error"]["message"].get<std::string>();
    return "the server answered " + std::to_string(status);
}

std::string ApiResult::ErrorField() const {
    nlohmann::json json = nlohmann::json::parse(body, nullptr, false);
    if (json.is_object() && json.contains("error") && json["error"].is_object() && json["error"].contains("field") &&
        json["error"]["field"].is_string())
        return json["error"]["field"].get<std::string>();
    return "";
}

void ApiClient::Get(std::string_view path, Apply apply) { Request("GET", path, {}, std::move(apply)); }

void ApiClient::Send(std::string_view method, std::string_view path, const nlohmann::json& body, Apply apply,
                     const std::vector<std::pair<std::string, std::string>>& headers) {
    Request(method, path, body.dump(), std::move(apply), headers);
}

void ApiClient::Request(std::string_view method, std::string_view path, std::string body, Apply apply,
                        const std::vector<std::pair<std::string, std::string>>& headers) {
    platform::Fetch(
        method, path, body,
        [this, apply = std::move(apply)](platform::HttpResponse response) mutable {
            ui::NoteText(response.body);
            m_finished.emplace_back(std::move(apply), ApiResult{response.status, std::move(response.body)});
        },
        headers);
}

void ApiClient::ApplyFinished(AppState& state) {
    std::vector<std::pair<Apply, ApiResult>> finished;
    finished.swap(m_finished);
    for (auto& [apply, result] : finished) {
        // An expired or revoked session: back to the sign-in form, whatever was asked.
        if (result.status == 401) SessionEnded(state, "Your session ended; sign in again.");
        apply(state, result);
    }
}

}  // namespace tandem
