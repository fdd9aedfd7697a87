// The Feedback view.
#include "views/views.h"

namespace tandem {

std::unique_ptr<ViewBase> MakeFeedbackView() { return MakeEmptyView(View::Feedback); }

}  // namespace tandem
