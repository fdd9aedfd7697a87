// What OpenSSL says went wrong last on this thread, for an error message.
#pragma once

#include <string>

namespace tandem {

// The oldest error in OpenSSL's queue for this thread, as text; "no details from OpenSSL" if none.
std::string OpenSslError();

}  // namespace tandem
