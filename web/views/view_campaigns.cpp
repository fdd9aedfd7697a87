// The Campaigns view.
#include "views/views.h"

namespace tandem {

std::unique_ptr<ViewBase> MakeCampaignsView() { return MakeEmptyView(View::Campaigns); }

}  // namespace tandem
