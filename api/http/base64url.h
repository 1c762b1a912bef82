// Base64url (RFC 4648 §5) without padding, as JWTs use it.
// Thread-safety: pure functions.
#ifndef KINERJA_API_HTTP_BASE64URL_H_
#define KINERJA_API_HTTP_BASE64URL_H_

#include <optional>
#include <string>
#include <string_view>

namespace kinerja::http {

std::string Base64UrlEncode(std::string_view bytes);
// Rejects padding, characters outside the url alphabet, and impossible lengths (len % 4 == 1).
std::optional<std::string> Base64UrlDecode(std::string_view text);

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_BASE64URL_H_
