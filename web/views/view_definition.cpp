// The Definition view.
#include "views/views.h"

namespace tandem {

std::unique_ptr<ViewBase> MakeDefinitionView() { return MakeEmptyView(View::Definition); }

}  // namespace tandem
