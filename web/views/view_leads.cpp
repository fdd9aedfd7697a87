// The Leads view.
#include "views/views.h"

namespace tandem {

std::unique_ptr<ViewBase> MakeLeadsView() { return MakeEmptyView(View::Leads); }

}  // namespace tandem
