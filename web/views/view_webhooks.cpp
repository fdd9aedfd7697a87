// Webhooks ("#/webhooks", admins only): the endpoints other systems are told of changes at, each
// with its delivery log; an admin adds one (its signing secret is shown once), switches one off or
// on, and deletes one.
#include <cstdio>
#include <map>
#include <string>

#include "tandem/webhook_events.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/form_guard.h"
#include "views/views.h"

namespace tandem {

namespace {

constexpr const char* kAddPopup = "Add a webhook";
constexpr const char* kSecretPopup = "Webhook added";
constexpr const char* kDeletePopup = "Delete webhook";
constexpr const char* kFormats[] = {"Standard (signed)", "Slack"};

// "2026-12-07T09:00:05Z" -> "2026-12-07 09:00:05 UTC".
std::string When(std::string at) {
    if (at.size() < 20) return at;
    at[10] = ' ';
    at.back() = ' ';
    return at + "UTC";
}

std::string Joined(const std::vector<std::string>& items) {
    std::string out;
    for (const std::string& item : items) out += (out.empty() ? "" : ", ") + item;
    return out;
}

std::string Attempts(std::int64_t n) { return std::to_string(n) + (n == 1 ? " attempt" : " attempts"); }

ImVec4 StatusColour(const std::string& status) {
    const ui::Palette& colors = ui::Colors();
    return status == "delivered" ? colors.good : status == "failed" ? colors.bad : colors.warn;
}

// The receiver's last answer: its HTTP status, or why there was none.
std::string LastAnswer(const WebhookDelivery& delivery) {
    if (delivery.last_error.empty()) return delivery.last_status ? "HTTP " + std::to_string(*delivery.last_status) : "—";
    return delivery.last_error;
}

std::string WhenText(const WebhookDelivery& delivery) {
    if (!delivery.delivered_at.empty()) return "delivered " + When(delivery.delivered_at);
    if (!delivery.next_attempt_at.empty()) return "next attempt " + When(delivery.next_attempt_at);
    return "given up";
}

void Heading(const char* text, const std::string& id) {
    ImGui::PushFont(ui::Font(ui::FontRole::Heading));
    ImGui::PushTextWrapPos(0);
    ImGui::TextUnformatted(text);
    ImGui::PopTextWrapPos();
    ImGui::PopFont();
    ui::Mirror(id, text, {.role = ui::Role::Heading, .level = 2});
}

class WebhooksView final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        ui::PageHeader("Webhooks", "Other systems hear of changes as they happen: signed JSON, or Slack messages.");
        if (!state.session.me || !Can(state.session.me->role, Action::ManageWebhooks)) {
            ui::EmptyState("webhooks-admins-only", ICON_BAN, "For admins only",
                           "Webhooks send Tandem's data to other systems, so only an admin sees and changes them.");
            return;
        }
        const WebhooksState& webhooks = state.webhooks;
        ui::Flow bar("webhooks-bar");
        bar.Next();
        if (ui::PrimaryButton(ICON_PLUS "  Add a webhook")) Open();
        ui::Mirror("webhook-add", "Add a webhook");
        bar.Next();
        if (ImGui::Button(ICON_REDO "  Refresh")) intents.webhooks.refresh = true;
        ui::Mirror("webhooks-refresh", "Refresh");
        bar.End();
        if (!webhooks.action.error.empty()) ui::ErrorText("webhooks-error", webhooks.action.error, true);
        ImGui::Dummy(ImVec2(0, ui::Px(4)));
        if (!webhooks.list.value) {
            if (webhooks.list.Failed()) ui::ErrorText("webhooks-load-error", webhooks.list.error, true);
            else ui::Spinner(ui::Px(10));
        } else if (webhooks.list.value->empty()) {
            ui::EmptyState("webhooks-empty", ICON_RSS, "No webhooks yet",
                           "Add one to tell a CRM, a Slack channel or your own service when leads are handed over, "
                           "SLAs are breached, campaigns change and more.");
        } else {
            for (const Webhook& webhook : *webhooks.list.value) DrawEndpoint(state, intents, webhook);
        }
        DrawAddDialog(state, intents);
        DrawSecretDialog(state, intents);
        DrawDeleteDialog(intents);
    }

private:
    void Open() {
        m_url[0] = m_description[0] = '\0';
        m_slack = false;
        m_events = 0;
        m_errors.clear();
        m_open_add = true;
    }

    void DrawEndpoint(const AppState& state, Intents& intents, const Webhook& webhook) {
        const ui::Palette& colors = ui::Colors();
        std::string id = std::to_string(webhook.id);
        ImGui::PushID(static_cast<int>(webhook.id));
        ImGui::Separator();
        ImGui::Dummy(ImVec2(0, ui::Px(2)));
        ImGui::PushFont(ui::Font(ui::FontRole::Strong));
        ImGui::PushTextWrapPos(0);
        ImGui::TextUnformatted(webhook.url.c_str());
        ImGui::PopTextWrapPos();
        ImGui::PopFont();
        ui::Mirror("webhook-" + id, webhook.url, {.role = ui::Role::Heading, .level = 2});
        const char* format = webhook.slack ? "Slack" : "Standard Webhooks";
        ImGui::TextColored(webhook.enabled ? colors.good : colors.text_muted, "%s", webhook.enabled ? "Enabled" : "Disabled");
        ImGui::SameLine(0, ui::Px(6));
        ImGui::TextUnformatted(("· " + std::string(format)).c_str());
        ui::Mirror("webhook-state-" + id, std::string(webhook.enabled ? "enabled" : "disabled") + "|" + (webhook.slack ? "slack" : "standard"),
                   {.name = std::string(webhook.enabled ? "Enabled" : "Disabled") + ", " + format});
        if (!webhook.disabled_reason.empty()) {
            std::string why = "Disabled by Tandem: " + webhook.disabled_reason + ". Enable it once the receiver answers again.";
            ImGui::PushStyleColor(ImGuiCol_Text, colors.warn);
            ImGui::PushTextWrapPos(0);
            ImGui::TextUnformatted((ICON_WARNING "  " + why).c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            ui::Mirror("webhook-disabled-" + id, why, {.role = ui::Role::Alert});
        }
        std::string events = "Events: " + Joined(webhook.events);
        ImGui::PushTextWrapPos(0);
        ui::MutedText(events.c_str());
        ui::Mirror("webhook-events-" + id, events);
        if (!webhook.description.empty()) {
            ImGui::TextUnformatted(webhook.description.c_str());
            ui::Mirror("webhook-description-" + id, webhook.description);
        }
        ImGui::PopTextWrapPos();

        bool open = state.webhooks.open_logs.count(webhook.id) > 0;
        bool busy = state.webhooks.action.in_flight;
        ui::Flow actions("actions");
        actions.Next();
        if (ImGui::Button(open ? "Hide deliveries" : "Deliveries")) intents.webhooks.toggle_log = webhook.id;
        ui::Mirror("webhook-log-" + id, "Deliveries", {.pressed = open ? 1 : 0});
        actions.Next();
        ImGui::BeginDisabled(busy);
        if (ImGui::Button(webhook.enabled ? "Disable" : "Enable"))
            intents.webhooks.set_enabled = std::make_pair(webhook.id, !webhook.enabled);
        ui::Mirror("webhook-enable-" + id, webhook.enabled ? "Disable" : "Enable");
        actions.Next();
        if (ImGui::Button(ICON_TRASH "  Delete…")) {
            m_delete = webhook;
            m_open_delete = true;
        }
        ui::Mirror("webhook-delete-" + id, "Delete…", {.name = "Delete"});
        ImGui::EndDisabled();
        actions.End();
        if (open) DrawLog(state, webhook.id);
        ImGui::Dummy(ImVec2(0, ui::Px(8)));
        ImGui::PopID();
    }

    // Newest first. Wide, a column each; narrower, each delivery's facts stack in one cell.
    void DrawLog(const AppState& state, std::int64_t webhook) {
        auto found = state.webhooks.logs.find(webhook);
        std::string id = std::to_string(webhook);
        if (found == state.webhooks.logs.end() || !found->second.value) {
            if (found != state.webhooks.logs.end() && found->second.Failed())
                ui::ErrorText("webhook-log-error-" + id, found->second.error, true);
            else ui::Spinner(ui::Px(8));
            return;
        }
        const WebhookLog& log = *found->second.value;
        if (log.items.empty()) {
            ui::MutedText("Nothing sent yet: a message appears here when one of its events happens.");
            ui::Mirror("webhook-log-empty-" + id, "Nothing sent yet");
            return;
        }
        bool stacked = ImGui::GetContentRegionAvail().x < ui::Px(820);
        ImGuiTableFlags flags = ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH | ImGuiTableFlags_SizingStretchProp |
                                ImGuiTableFlags_PadOuterX;
        if (!ImGui::BeginTable("log", stacked ? 1 : 5, flags)) return;
        if (stacked) {
            ImGui::TableSetupColumn("Delivery");
        } else {
            ImGui::TableSetupColumn("Event", ImGuiTableColumnFlags_WidthStretch, 1.0f);
            ImGui::TableSetupColumn("Status", ImGuiTableColumnFlags_WidthFixed, ui::Px(90));
            ImGui::TableSetupColumn("Attempts", ImGuiTableColumnFlags_WidthFixed, ui::Px(80));
            ImGui::TableSetupColumn("Last answer", ImGuiTableColumnFlags_WidthStretch, 1.2f);
            ImGui::TableSetupColumn("Next attempt or delivered", ImGuiTableColumnFlags_WidthStretch, 1.2f);
        }
        ImGui::TableHeadersRow();
        for (const WebhookDelivery& delivery : log.items) {
            std::string attempts = std::to_string(delivery.attempts);
            std::string answer = LastAnswer(delivery);
            std::string when = WhenText(delivery);
            ImGui::TableNextRow();
            ImGui::TableNextColumn();
            ImGui::TextUnformatted(delivery.event_type.c_str());
            ui::Mirror("delivery-" + std::to_string(delivery.id),
                       delivery.event_type + "|" + delivery.status + "|" + attempts + "|" + answer + "|" + when,
                       {.name = delivery.event_type + ", " + delivery.status + ", " + Attempts(delivery.attempts) + ", last answer " +
                                answer + ", " + when});
            if (stacked) ImGui::SameLine(0, ui::Px(8));
            else ImGui::TableNextColumn();
            ImGui::TextColored(StatusColour(delivery.status), "%s", delivery.status.c_str());
            ImGui::PushTextWrapPos(0);
            if (stacked) {
                ui::MutedText((Attempts(delivery.attempts) + " · " + answer + " · " + when).c_str());
            } else {
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(attempts.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(answer.c_str());
                ImGui::TableNextColumn();
                ImGui::TextUnformatted(when.c_str());
            }
            ImGui::PopTextWrapPos();
        }
        ImGui::EndTable();
        if (log.more) ui::MutedText("The newest 50 deliveries.");
    }

    void FieldError(const char* field) {
        auto it = m_errors.find(field);
        if (it != m_errors.end()) ui::ErrorText(std::string("webhook-form-error-") + field, it->second);
    }

    void DrawAddDialog(const AppState& state, Intents& intents) {
        const WebhooksState& webhooks = state.webhooks;
        if (m_open_add) {
            ImGui::OpenPopup(kAddPopup);
            m_open_add = false;
            m_focus_url = true;
        }
        if (!ui::BeginDialog(kAddPopup, ui::Px(620))) return;
        FormGuard::Keys keys = m_guard.Begin("webhook-form");
        Heading(kAddPopup, "webhook-form-title");
        // The server answered: close on success (the secret's dialog follows), else say what is wrong where.
        bool done = false;
        if (m_waiting && !webhooks.add.in_flight) {
            m_waiting = false;
            if (webhooks.added != m_added_before) done = true;
            else m_errors[webhooks.add_field.empty() ? "form" : webhooks.add_field] = webhooks.add.error;
        }
        ui::BeginDialogBody();
        ui::FieldLabel("URL");
        if (m_focus_url) {
            ImGui::SetKeyboardFocusHere();
            m_focus_url = false;
        }
        ImGui::SetNextItemWidth(-1);
        ImGui::InputTextWithHint("##url", "https://crm.example.com/hooks/tandem", m_url, sizeof m_url);
        ui::Mirror("webhook-form-url", m_url);
        FieldError("url");
        ImGui::TextUnformatted("Format");
        int clicked = ui::Segmented("webhook-form-format", kFormats, m_slack ? 1 : 0);
        if (clicked >= 0) m_slack = clicked == 1;
        ImGui::PushTextWrapPos(0);
        ui::MutedText(m_slack ? "Posts a message with text and blocks to a Slack incoming webhook's URL."
                              : "Signed JSON by the Standard Webhooks spec: the receiver checks it with the secret shown next.");
        ImGui::PopTextWrapPos();
        FieldError("format");
        ImGui::TextUnformatted("Events");
        ui::Flow flow("events");
        for (std::size_t i = 0; i < kWebhookEvents.size(); ++i) {
            flow.Next();
            bool on = m_events & (1u << i);
            if (ImGui::Checkbox(kWebhookEvents[i], &on)) m_events ^= 1u << i;
            ui::Mirror(std::string("webhook-form-event/") + kWebhookEvents[i], kWebhookEvents[i]);
        }
        flow.End();
        FieldError("events");
        ui::FieldLabel("Description (optional)");
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##description", m_description, sizeof m_description);
        ui::Mirror("webhook-form-description", m_description);
        FieldError("description");
        FieldError("form");
        ui::EndDialogBody();
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
        bool busy = webhooks.add.in_flight;
        if ((ui::PrimaryButton(busy ? "Adding…" : "Add", ImVec2(ui::Px(110), 0)) || keys.submit) && !busy) Submit(state, intents);
        ui::Mirror("webhook-form-submit", "Add");
        ImGui::SameLine();
        bool close = ImGui::Button("Cancel", ImVec2(ui::Px(100), 0)) || keys.cancel;
        ui::Mirror("webhook-form-cancel", "Cancel");
        bool unsaved = !done && (m_url[0] || m_description[0] || m_events || m_slack);
        if (m_guard.End(state, intents, close, unsaved, "Discard the webhook you were adding?") || done) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }

    void Submit(const AppState& state, Intents& intents) {
        m_errors.clear();
        NewWebhook add{m_url, m_slack, {}, m_description};
        for (std::size_t i = 0; i < kWebhookEvents.size(); ++i)
            if (m_events & (1u << i)) add.events.push_back(kWebhookEvents[i]);
        if (add.url.empty()) m_errors["url"] = "required: where Tandem sends the messages";
        if (add.events.empty()) m_errors["events"] = "choose at least one event";
        if (!m_errors.empty()) return;
        intents.webhooks.add = std::move(add);
        m_waiting = true;
        m_added_before = state.webhooks.added;
    }

    // Shown once: the server keeps the secret but never answers it again.
    void DrawSecretDialog(const AppState& state, Intents& intents) {
        const auto& secret = state.webhooks.secret;
        if (secret && !ImGui::IsPopupOpen(kSecretPopup) && !ImGui::IsPopupOpen(kAddPopup)) ImGui::OpenPopup(kSecretPopup);
        if (!ui::BeginDialog(kSecretPopup, ui::Px(560), 0.4f)) return;
        if (!secret) {
            ImGui::CloseCurrentPopup();
            ImGui::EndPopup();
            return;
        }
        Heading(kSecretPopup, "webhook-secret-title");
        ui::BeginDialogBody();
        ImGui::PushTextWrapPos(0);
        // Slack's URL is its own secret: what goes there carries no signature.
        std::string text = (secret->slack ? "Slack takes messages to " + secret->url +
                                                " without a signature; this secret signs them if you switch it to standard."
                                          : "Messages to " + secret->url +
                                                " are signed with this secret; the receiver verifies them with it.") +
                           " It is not shown again: copy it now.";
        ImGui::TextUnformatted(text.c_str());
        ImGui::PopTextWrapPos();
        ui::Mirror("webhook-secret-text", text);
        ui::FieldLabel("Signing secret");
        std::snprintf(m_secret, sizeof m_secret, "%s", secret->secret.c_str());
        ImGui::SetNextItemWidth(-1);
        ImGui::InputText("##secret", m_secret, sizeof m_secret, ImGuiInputTextFlags_ReadOnly | ImGuiInputTextFlags_AutoSelectAll);
        ui::Mirror("webhook-secret", secret->secret);
        ui::EndDialogBody();
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
        if (ui::PrimaryButton(ICON_COPY "  Copy")) intents.copy = secret->secret;
        ui::Mirror("webhook-secret-copy", "Copy");
        ImGui::SameLine();
        if (ImGui::Button("Done")) {
            intents.webhooks.dismiss_secret = true;
            ImGui::CloseCurrentPopup();
        }
        ui::Mirror("webhook-secret-done", "Done");
        ImGui::EndPopup();
    }

    void DrawDeleteDialog(Intents& intents) {
        if (m_open_delete) {
            ImGui::OpenPopup(kDeletePopup);
            m_open_delete = false;
        }
        if (!ui::BeginDialog(kDeletePopup, ui::Px(520), 0.4f)) return;
        std::string title = "Delete the webhook to " + m_delete.url + "?";
        ui::BeginDialogBody();
        Heading(title.c_str(), "webhook-delete-title");
        ImGui::PushTextWrapPos(0);
        const char* what = "Its queued messages and its delivery log are deleted with it, and it is sent nothing more.";
        ui::MutedText(what);
        ImGui::PopTextWrapPos();
        ui::Mirror("webhook-delete-what", what);
        ui::EndDialogBody();
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
        ImGui::PushStyleColor(ImGuiCol_Text, ui::Colors().bad);
        bool yes = ImGui::Button(ICON_TRASH "  Delete");
        ImGui::PopStyleColor();
        ui::Mirror("webhook-delete-yes", "Delete");
        ImGui::SameLine();
        bool no = ImGui::Button("Keep it");
        ui::Mirror("webhook-delete-no", "Keep it");
        if (yes) intents.webhooks.remove = m_delete.id;
        if (yes || no || ImGui::IsKeyPressed(ImGuiKey_Escape, false)) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }

    bool m_open_add = false;
    bool m_focus_url = false;
    bool m_waiting = false;
    int m_added_before = 0;
    FormGuard m_guard;
    char m_url[2049] = {};
    char m_description[501] = {};
    bool m_slack = false;
    unsigned m_events = 0;                          // bit i: kWebhookEvents[i]
    std::map<std::string, std::string> m_errors;    // field -> message
    char m_secret[128] = {};
    bool m_open_delete = false;
    Webhook m_delete;
};

}  // namespace

std::unique_ptr<ViewBase> MakeWebhooksView() { return std::make_unique<WebhooksView>(); }

}  // namespace tandem
