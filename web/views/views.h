// Factories for the dashboard's views, one per file (view_<name>.cpp).
#pragma once

#include <memory>

#include "views/view.h"

namespace tandem {

// A view that has no data to show yet says what it will show (view_empty.cpp).
std::unique_ptr<ViewBase> MakeEmptyView(View view);
std::unique_ptr<ViewBase> MakeNotFoundView();
std::unique_ptr<ViewBase> MakeLoginView();
std::unique_ptr<ViewBase> MakeResetPasswordView();
std::unique_ptr<ViewBase> MakePeopleView();
std::unique_ptr<ViewBase> MakeWebhooksView();
std::unique_ptr<ViewBase> MakeScorecardView();
std::unique_ptr<ViewBase> MakeDefinitionView();
std::unique_ptr<ViewBase> MakeCampaignsView();
std::unique_ptr<ViewBase> MakeLeadsView();
std::unique_ptr<ViewBase> MakeFeedbackView();

}  // namespace tandem
