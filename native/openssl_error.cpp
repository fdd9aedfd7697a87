// OpenSSL's error queue as text.
#include "openssl_error.h"

#include <openssl/err.h>

namespace tandem {

std::string OpenSslError() {
    unsigned long code = ERR_get_error();
    if (code == 0) return "no details from OpenSSL";
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    return text;
}

}  // namespace tandem
