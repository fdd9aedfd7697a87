// The content-request board (see feedback_requests.h).
#include "views/feedback_requests.h"

#include <algorithm>

#include "tandem/codec.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/feedback_common.h"

namespace tandem::feedback_ui {

void RequestBoard::Draw(const AppState& state, const FeedbackQuery& query, Intents& intents) {
    const FeedbackState& f = state.feedback;
    bool can_move = CanMoveRequests(state);
    ui::MutedText(can_move ? "Move a request along as you work on it; its requester is told when it is done."
                           : "Marketing moves requests along; you are told when yours is done.");
    if (!f.move_error.empty()) ui::ErrorText("requests-error", f.move_error, true);
    for (const Remote<FeedbackPage>& list : f.requests) {
        if (list.Failed() && ui::Banner("requests-load-error", ui::BannerKind::Error,
                                        (ICON_WARNING "  The requests could not be loaded: " + list.error).c_str(), "Retry")) {
            intents.feedback.refresh = true;
            break;
        }
    }
    if (query.request != m_scrolled_to) {
        m_scroll_pending = query.request.has_value();
        m_scrolled_to = query.request;
    }
    static constexpr const char* kTitles[] = {"Open", "In progress", "Done"};
    float spacing = ImGui::GetStyle().ItemSpacing.x;
    float width = (ImGui::GetContentRegionAvail().x - 2 * spacing) / 3.0f;
    float height = std::max(ui::Px(240), ImGui::GetContentRegionAvail().y);
    for (std::size_t column = 0; column < kContentStatusCount; ++column) {
        if (column > 0) ImGui::SameLine();
        DrawColumn(state, query, static_cast<ContentStatus>(column), kTitles[column], ImVec2(width, height), can_move, intents);
    }
}

void RequestBoard::DrawColumn(const AppState& state, const FeedbackQuery& query, ContentStatus status, const char* title, ImVec2 size,
                bool can_move, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    const Remote<FeedbackPage>& list = state.feedback.requests[static_cast<std::size_t>(status)];
    std::string id = "requests-" + std::string(ToString(status));
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colors.surface_alt);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(12), ui::Px(12)));
    ImGui::BeginChild(id.c_str(), size, ImGuiChildFlags_Border);
    ImGui::PushFont(ui::Font(ui::FontRole::Strong));
    std::string heading = title;
    if (list.value) {
        std::size_t count = list.value->items.size();
        heading += status == ContentStatus::Done && list.value->next_cursor ? "  (latest " + std::to_string(count) + ")"
                                                                            : "  (" + std::to_string(count) + ")";
    }
    ImGui::TextUnformatted(heading.c_str());
    ImGui::PopFont();
    ui::Mirror(id + "-title", heading, {.role = ui::Role::Heading, .level = 2});
    ImGui::Dummy(ImVec2(0, ui::Px(2)));
    if (!list.value) {
        ui::Spinner(ui::Px(9));
    } else if (list.value->items.empty()) {
        ui::MutedText(status == ContentStatus::Done ? "Nothing finished yet." : "Nothing here.");
    }
    if (list.value)
        for (const Feedback& request : list.value->items) DrawCard(state, query, request, can_move, intents);
    ImGui::EndChild();
    ImGui::PopStyleVar();
    ImGui::PopStyleColor();
}

void RequestBoard::DrawCard(const AppState& state, const FeedbackQuery& query, const Feedback& request, bool can_move, Intents& intents) {
    const ui::Palette& colors = ui::Colors();
    std::string id = std::to_string(request.id);
    bool pointed = query.request == request.id;
    bool moving = state.feedback.moving.count(request.id) > 0;
    ImGui::PushStyleColor(ImGuiCol_ChildBg, colors.surface);
    ImGui::PushStyleColor(ImGuiCol_Border, pointed ? colors.accent : colors.border);
    ImGui::PushStyleVar(ImGuiStyleVar_ChildBorderSize, pointed ? ui::Px(2) : 1.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(ui::Px(12), ui::Px(10)));
    ImGui::BeginChild(("request-card-" + id).c_str(), ImVec2(0, 0), ImGuiChildFlags_Border | ImGuiChildFlags_AutoResizeY);
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(request.text.c_str());
    ImGui::PopTextWrapPos();
    ui::Mirror("request-" + id, request.text);
    std::string meta = UserName(state, request.author_id) + " · asked " + Ago(state, request.at);
    if (request.status == ContentStatus::Done) meta += " · done " + Ago(state, request.updated_at);
    if (request.lead_id) meta += " · Lead " + std::to_string(*request.lead_id);
    ImGui::PushFont(ui::Font(ui::FontRole::Small));
    ImGui::PushTextWrapPos(0);
    ui::MutedText(meta.c_str());
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    for (std::size_t t = 0; t < request.tags.size(); ++t) {
        if (t > 0) ImGui::SameLine(0, ui::Px(4));
        Chip("request-tag-" + id + "-" + request.tags[t], request.tags[t], ui::U32(colors.text_muted));
    }
    if (can_move) {
        ImGui::BeginDisabled(moving);
        auto move = [&](const char* label, const char* suffix, ContentStatus to, bool primary) {
            std::string button = std::string(label) + "##" + suffix + id;
            if (primary ? ui::PrimaryButton(button.c_str()) : ImGui::Button(button.c_str()))
                intents.feedback.move_request = std::make_pair(request.id, to);
            ui::Mirror("request-" + id + "-" + suffix, label);
        };
        switch (request.status.value_or(ContentStatus::Open)) {
        case ContentStatus::Open: move("Start", "start", ContentStatus::InProgress, true); break;
        case ContentStatus::InProgress:
            move("Mark done", "done", ContentStatus::Done, true);
            ImGui::SameLine();
            move("Back to open", "reopen", ContentStatus::Open, false);
            break;
        case ContentStatus::Done: move("Reopen", "reopen", ContentStatus::InProgress, false); break;
        }
        ImGui::EndDisabled();
        if (moving) {
            ImGui::SameLine();
            ui::Spinner(ui::Px(7));
        }
    }
    ImGui::EndChild();
    if (pointed && m_scroll_pending) {
        ImGui::SetScrollHereY(0.3f);
        m_scroll_pending = false;
    }
    ImGui::PopStyleVar(2);
    ImGui::PopStyleColor(2);
}

}  // namespace tandem::feedback_ui
