// Role permissions.
#include "tandem/user.h"

namespace tandem {

bool Can(Role role, Action action) {
    switch (action) {
    case Action::Read:
    case Action::WriteLeads:
    case Action::WriteFeedback: return true;
    case Action::ImportLeads:
    case Action::UpdateContentRequests:
        return role == Role::Admin || role == Role::MarketingLeader || role == Role::Marketer;
    case Action::ClaimLeads: return role == Role::SalesRep || role == Role::SalesLeader;
    case Action::AssignLeads: return role == Role::Admin || role == Role::SalesLeader;
    case Action::ErasePersonalData: return role == Role::Admin || role == Role::MarketingLeader;
    case Action::EditDefinitionDraft:
    case Action::ProposeDefinition:
    case Action::ApproveDefinition: return role == Role::MarketingLeader || role == Role::SalesLeader;
    case Action::WriteCampaigns:
        return role == Role::Admin || role == Role::MarketingLeader || role == Role::SalesLeader ||
               role == Role::Marketer;
    case Action::WriteTargets: return role == Role::Admin || role == Role::MarketingLeader || role == Role::SalesLeader;
    case Action::ManageUsers:
    case Action::ManageAllTokens:
    case Action::Backup:
    case Action::ReadMetrics:
    case Action::ManageWebhooks: return role == Role::Admin;
    }
    return false;
}

bool MayActOnLead(const User& user, std::optional<std::int64_t> owner_id) {
    return user.role != Role::SalesRep || !owner_id || *owner_id == user.id;
}

}  // namespace tandem
