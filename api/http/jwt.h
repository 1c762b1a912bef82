// JWT bearer tokens: verification (HS256 or RS256, pinned by configuration) and minting.
//
// The verifier accepts exactly one algorithm, chosen by its configuration: a token whose header
// says anything else ("none", HS256 when RS256 is configured or the reverse) is refused, so HS/RS
// key confusion cannot happen. `exp` is required; `nbf` is checked when present; `iss` and `aud`
// are checked when configured (`aud` may be a string or an array). Claims: `sub` (NIP or service
// name) and `roles` (unknown role names are ignored). HMAC comparison is constant-time.
//
// Thread-safety: JwtVerifier and JwtMinter are immutable after Create() and may be shared by all
// threads (OpenSSL 3 EVP_PKEY objects are safe for concurrent verify/sign with separate contexts).
#ifndef KINERJA_API_HTTP_JWT_H_
#define KINERJA_API_HTTP_JWT_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/http/problem.h"

namespace kinerja::http {

enum class Role { kPegawai, kAdmin, kAuditor, kAnalyst };
const char* RoleName(Role role);
std::optional<Role> ParseRole(std::string_view name);

// The authenticated caller.
struct Principal {
  std::string subject;       // `sub`: a NIP or a service name
  std::vector<Role> roles;   // de-duplicated, unknown names dropped
  bool HasRole(Role r) const;
};

enum class JwtAlgorithm { kHs256, kRs256 };

struct JwtVerifierOptions {
  JwtAlgorithm algorithm = JwtAlgorithm::kHs256;
  std::string hs256_secret;       // required for kHs256 (at least 32 bytes recommended)
  std::string rs256_public_pem;   // required for kRs256: a PEM "PUBLIC KEY" (RSA >= 2048 bits)
  std::string issuer;             // empty: `iss` not checked
  std::string audience;           // empty: `aud` not checked
  std::chrono::seconds leeway{30};  // clock skew allowed for exp/nbf. Default: 30 s
  size_t max_token_bytes = 8192;    // longer tokens are refused. Default: 8 KiB
};

class JwtVerifier {
 public:
  // Fails (as an internal problem with a readable detail) when the key material is unusable.
  static Result<std::shared_ptr<const JwtVerifier>> Create(JwtVerifierOptions options);
  ~JwtVerifier();

  // Verifies a compact JWS token (without "Bearer "). Failures are 401 problems with code
  // "invalid_token" (or "token_expired", "token_not_yet_valid") and a short detail.
  Result<Principal> Verify(std::string_view token, int64_t now_unix_seconds) const;
  Result<Principal> Verify(std::string_view token) const;
  // Parses an Authorization header value: "Bearer <token>" (scheme case-insensitive).
  Result<Principal> VerifyAuthorizationHeader(std::string_view header_value) const;

  JwtVerifier(const JwtVerifier&) = delete;
  JwtVerifier& operator=(const JwtVerifier&) = delete;

 private:
  struct Keys;
  explicit JwtVerifier(JwtVerifierOptions options);
  JwtVerifierOptions options_;
  std::unique_ptr<Keys> keys_;
};

struct JwtClaims {
  std::string subject;
  std::vector<std::string> roles;
  int64_t issued_at = 0;     // 0: now
  int64_t expires_at = 0;    // required (absolute unix seconds)
  std::optional<int64_t> not_before;
  std::string issuer;        // empty: omitted
  std::string audience;      // empty: omitted
};

class JwtMinter {
 public:
  static Result<std::shared_ptr<const JwtMinter>> CreateHs256(std::string secret);
  // `private_pem`: an RSA private key in PEM (PKCS#8 or traditional).
  static Result<std::shared_ptr<const JwtMinter>> CreateRs256(const std::string& private_pem);
  ~JwtMinter();

  Result<std::string> Mint(const JwtClaims& claims) const;

  JwtMinter(const JwtMinter&) = delete;
  JwtMinter& operator=(const JwtMinter&) = delete;

 private:
  struct Keys;
  JwtMinter();
  JwtAlgorithm algorithm_ = JwtAlgorithm::kHs256;
  std::unique_ptr<Keys> keys_;
};

// Helpers shared by the verifier, minter and tests.
std::string HmacSha256(std::string_view key, std::string_view data);
// Signs `data` with an RSA private key PEM (RS256); empty on failure.
std::string Rs256Sign(const std::string& private_pem, std::string_view data);

}  // namespace kinerja::http

#endif  // KINERJA_API_HTTP_JWT_H_
