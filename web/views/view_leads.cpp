// The Leads view: the inbox of sales-ready leads (#/leads?view=inbox), the table of every lead
// (#/leads?stage=mql&source=webinar...), and one lead's detail (#/leads/42). The parts are in
// lead_inbox.cpp, lead_table.cpp and lead_detail.cpp.

#include "app/leads.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/ui_mirror.h"
#include "ui/widgets.h"
#include "views/leads_parts.h"
#include "views/views.h"

namespace tandem {

namespace {

class LeadsPage final : public ViewBase {
public:
    void Draw(const AppState& state, Intents& intents) override {
        LeadsTab tab = LeadsTabFrom(state.route);
        if (state.route.id) {
            m_detail.Draw(state, intents, m_reject, m_serial);
        } else {
            DrawHeader(state, tab, intents);
            if (tab == LeadsTab::Inbox) m_inbox.Draw(state, intents, m_reject, m_serial);
            else m_table.Draw(state, intents);
        }
        m_reject.Draw(state, intents, m_serial);
        ui::MirrorValue("leads-tab", tab == LeadsTab::Inbox ? "inbox" : "table");
        if (state.leads.event_to_screen_ms >= 0)
            ui::MirrorValue("leads-event-ms", std::to_string(static_cast<int>(state.leads.event_to_screen_ms)));
    }

private:
    void DrawHeader(const AppState& state, LeadsTab tab, Intents& intents) {
        ImGui::BeginGroup();
        ImGui::PushFont(ui::Font(ui::FontRole::Heading));
        ImGui::TextUnformatted("Leads");
        ImGui::PopFont();
        ui::Mirror("page-title", "Leads", {.role = ui::Role::Heading, .level = 1});
        ImGui::PushTextWrapPos(0);
        ui::MutedText(tab == LeadsTab::Inbox ? "Sales-ready leads waiting for sales, most urgent first."
                                             : "Every lead, newest first. Filters live in the URL.");
        ImGui::PopTextWrapPos();
        ImGui::EndGroup();

        ui::HeaderActionsAt(m_header_width);
        ImGui::BeginGroup();
        static constexpr const char* kTabs[] = {"Inbox", "All leads"};
        int clicked = ui::Segmented("leads-tab", kTabs, tab == LeadsTab::Inbox ? 0 : 1);
        if (clicked == 0 && tab != LeadsTab::Inbox) {
            Route route;
            route.view = View::Leads;
            route.query["view"] = "inbox";
            intents.navigate = route;
        } else if (clicked == 1 && tab != LeadsTab::Table) {
            Route route;
            route.view = View::Leads;
            intents.navigate = route;
        }
        ImGui::SameLine(0, ui::Px(10));
        bool loading = tab == LeadsTab::Inbox ? state.leads.inbox.Loading()
                                              : (!state.leads.table.loading.empty() || state.leads.table.counting);
        if (loading) ui::Spinner(ui::Px(9));
        else ImGui::Dummy(ImVec2(ui::Px(18), ui::Px(18)));
        ImGui::EndGroup();
        m_header_width = ImGui::GetItemRectSize().x;
        ImGui::Dummy(ImVec2(0, ui::Px(6)));
    }

    leads_ui::LeadInbox m_inbox;
    leads_ui::LeadTableView m_table;
    leads_ui::LeadDetailView m_detail;
    leads_ui::RejectDialog m_reject;
    int m_serial = 0;
    float m_header_width = 0;
};

}  // namespace

std::unique_ptr<ViewBase> MakeLeadsView() { return std::make_unique<LeadsPage>(); }

}  // namespace tandem
