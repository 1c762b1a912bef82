#include "api/http/jwt.h"

#include <algorithm>
#include <ctime>

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/pem.h>

#include "api/http/base64url.h"
#include "api/http/json.h"

namespace kinerja::http {
namespace {

struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, PkeyDeleter>;
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

PkeyPtr ReadPem(const std::string& pem, bool is_private) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  if (bio == nullptr) return nullptr;
  EVP_PKEY* key = is_private ? PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr)
                             : PEM_read_bio_PUBKEY(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return PkeyPtr(key);
}

bool IsUsableRsa(EVP_PKEY* key) {
  return key != nullptr && EVP_PKEY_get_base_id(key) == EVP_PKEY_RSA &&
         EVP_PKEY_get_bits(key) >= 2048;
}

std::string SignWith(EVP_PKEY* key, std::string_view data) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, key) != 1) return {};
  size_t len = 0;
  const auto* in = reinterpret_cast<const unsigned char*>(data.data());
  if (EVP_DigestSign(ctx.get(), nullptr, &len, in, data.size()) != 1) return {};
  std::string sig(len, '\0');
  if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char*>(sig.data()), &len, in,
                     data.size()) != 1) {
    return {};
  }
  sig.resize(len);
  return sig;
}

Problem Unauthenticated(std::string code, std::string detail) {
  return Problem::Make(ErrorCategory::kUnauthenticated, std::move(code), std::move(detail));
}

Problem BadToken(std::string detail) { return Unauthenticated("invalid_token", std::move(detail)); }

const char* AlgName(JwtAlgorithm a) { return a == JwtAlgorithm::kHs256 ? "HS256" : "RS256"; }

// Reads a NumericDate (integer or number); nullopt when absent; sets *bad on a wrong type.
std::optional<int64_t> NumericDate(const rapidjson::Value& obj, const char* key, bool* bad) {
  auto it = obj.FindMember(key);
  if (it == obj.MemberEnd()) return std::nullopt;
  if (it->value.IsInt64()) return it->value.GetInt64();
  if (it->value.IsNumber()) {
    const double d = it->value.GetDouble();
    if (d > -9.0e15 && d < 9.0e15) return static_cast<int64_t>(d);
  }
  *bad = true;
  return std::nullopt;
}

}  // namespace

const char* RoleName(Role role) {
  switch (role) {
    case Role::kPegawai: return "pegawai";
    case Role::kAdmin: return "admin";
    case Role::kAuditor: return "auditor";
    case Role::kAnalyst: return "analyst";
  }
  return "";
}

std::optional<Role> ParseRole(std::string_view name) {
  for (Role r : {Role::kPegawai, Role::kAdmin, Role::kAuditor, Role::kAnalyst}) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

bool Principal::HasRole(Role r) const {
  return std::find(roles.begin(), roles.end(), r) != roles.end();
}

std::string HmacSha256(std::string_view key, std::string_view data) {
  unsigned char out[EVP_MAX_MD_SIZE];
  size_t out_len = 0;
  if (EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, key.data(), key.size(),
                reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, sizeof out,
                &out_len) == nullptr) {
    return {};
  }
  return std::string(reinterpret_cast<char*>(out), out_len);
}

std::string Rs256Sign(const std::string& private_pem, std::string_view data) {
  PkeyPtr key = ReadPem(private_pem, true);
  if (!IsUsableRsa(key.get())) return {};
  return SignWith(key.get(), data);
}

// ---------------------------------------------------------------------------------------------
struct JwtVerifier::Keys {
  PkeyPtr rsa_public;
};

JwtVerifier::JwtVerifier(JwtVerifierOptions options)
    : options_(std::move(options)), keys_(std::make_unique<Keys>()) {}
JwtVerifier::~JwtVerifier() = default;

Result<std::shared_ptr<const JwtVerifier>> JwtVerifier::Create(JwtVerifierOptions options) {
  std::shared_ptr<JwtVerifier> v(new JwtVerifier(std::move(options)));
  if (v->options_.algorithm == JwtAlgorithm::kHs256) {
    if (v->options_.hs256_secret.empty()) {
      return Problem::Make(ErrorCategory::kInternal, "jwt_config", "HS256 needs a non-empty secret.");
    }
  } else {
    v->keys_->rsa_public = ReadPem(v->options_.rs256_public_pem, false);
    if (!IsUsableRsa(v->keys_->rsa_public.get())) {
      return Problem::Make(ErrorCategory::kInternal, "jwt_config",
                           "RS256 needs a PEM RSA public key of at least 2048 bits.");
    }
  }
  return std::shared_ptr<const JwtVerifier>(std::move(v));
}

Result<Principal> JwtVerifier::VerifyAuthorizationHeader(std::string_view value) const {
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  constexpr std::string_view kScheme = "bearer ";
  if (value.size() <= kScheme.size()) return BadToken("Expected \"Authorization: Bearer <token>\".");
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) {
      return BadToken("Expected \"Authorization: Bearer <token>\".");
    }
  }
  value.remove_prefix(kScheme.size());
  while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return Verify(value);
}

Result<Principal> JwtVerifier::Verify(std::string_view token) const {
  return Verify(token, static_cast<int64_t>(std::time(nullptr)));
}

Result<Principal> JwtVerifier::Verify(std::string_view token, int64_t now) const {
  if (token.empty() || token.size() > options_.max_token_bytes) {
    return BadToken("The token is empty or too long.");
  }
  const size_t d1 = token.find('.');
  const size_t d2 = d1 == std::string_view::npos ? d1 : token.find('.', d1 + 1);
  if (d1 == std::string_view::npos || d2 == std::string_view::npos ||
      token.find('.', d2 + 1) != std::string_view::npos) {
    return BadToken("The token is not a compact JWS (three dot-separated parts).");
  }
  const std::string_view h64 = token.substr(0, d1);
  const std::string_view p64 = token.substr(d1 + 1, d2 - d1 - 1);
  const std::string_view s64 = token.substr(d2 + 1);
  const std::string_view signing_input = token.substr(0, d2);
  auto header_json = Base64UrlDecode(h64);
  auto payload_json = Base64UrlDecode(p64);
  auto signature = Base64UrlDecode(s64);
  if (!header_json || !payload_json || !signature || signature->empty()) {
    return BadToken("The token is not valid base64url.");
  }
  JsonLimits limits;
  limits.max_depth = 8;
  limits.max_string_bytes = 4096;
  auto header = ParseJsonBody(*header_json, limits);
  if (!header.ok() || !header.value()->IsObject()) return BadToken("The token header is not JSON.");
  const rapidjson::Value& h = *header.value();
  auto alg = h.FindMember("alg");
  if (alg == h.MemberEnd() || !alg->value.IsString() ||
      std::string_view(alg->value.GetString(), alg->value.GetStringLength()) !=
          AlgName(options_.algorithm)) {
    return BadToken("The token algorithm is not accepted.");
  }
  if (h.HasMember("crit")) return BadToken("The token has unsupported critical headers.");

  // Signature first: nothing in the payload is trusted before it.
  if (options_.algorithm == JwtAlgorithm::kHs256) {
    const std::string mac = HmacSha256(options_.hs256_secret, signing_input);
    if (mac.empty() || mac.size() != signature->size() ||
        CRYPTO_memcmp(mac.data(), signature->data(), mac.size()) != 0) {
      return BadToken("The token signature is invalid.");
    }
  } else {
    MdCtxPtr ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, EVP_sha256(), nullptr,
                                     keys_->rsa_public.get()) != 1 ||
        EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(signature->data()),
                         signature->size(),
                         reinterpret_cast<const unsigned char*>(signing_input.data()),
                         signing_input.size()) != 1) {
      return BadToken("The token signature is invalid.");
    }
  }

  auto payload = ParseJsonBody(*payload_json, limits);
  if (!payload.ok() || !payload.value()->IsObject()) return BadToken("The token claims are not JSON.");
  const rapidjson::Value& c = *payload.value();
  bool bad = false;
  const auto exp = NumericDate(c, "exp", &bad);
  const auto nbf = NumericDate(c, "nbf", &bad);
  if (bad) return BadToken("The token has a malformed exp or nbf claim.");
  if (!exp) return BadToken("The token has no exp claim.");
  const int64_t leeway = options_.leeway.count();
  if (now > *exp + leeway) return Unauthenticated("token_expired", "The token has expired.");
  if (nbf && now + leeway < *nbf) {
    return Unauthenticated("token_not_yet_valid", "The token is not valid yet.");
  }
  if (!options_.issuer.empty()) {
    auto iss = c.FindMember("iss");
    if (iss == c.MemberEnd() || !iss->value.IsString() || options_.issuer != iss->value.GetString()) {
      return BadToken("The token issuer is not accepted.");
    }
  }
  if (!options_.audience.empty()) {
    auto aud = c.FindMember("aud");
    bool match = false;
    if (aud != c.MemberEnd()) {
      if (aud->value.IsString()) {
        match = options_.audience == aud->value.GetString();
      } else if (aud->value.IsArray()) {
        for (const auto& a : aud->value.GetArray()) {
          if (a.IsString() && options_.audience == a.GetString()) match = true;
        }
      }
    }
    if (!match) return BadToken("The token audience is not accepted.");
  }
  Principal principal;
  auto sub = c.FindMember("sub");
  if (sub == c.MemberEnd() || !sub->value.IsString() || sub->value.GetStringLength() == 0 ||
      sub->value.GetStringLength() > 256) {
    return BadToken("The token has no valid sub claim.");
  }
  principal.subject.assign(sub->value.GetString(), sub->value.GetStringLength());
  auto roles = c.FindMember("roles");
  if (roles != c.MemberEnd()) {
    if (!roles->value.IsArray()) return BadToken("The token roles claim is not an array.");
    for (const auto& r : roles->value.GetArray()) {
      if (!r.IsString()) return BadToken("The token roles claim must hold strings.");
      auto role = ParseRole(std::string_view(r.GetString(), r.GetStringLength()));
      if (role && !principal.HasRole(*role)) principal.roles.push_back(*role);
    }
  }
  return principal;
}

// ---------------------------------------------------------------------------------------------
struct JwtMinter::Keys {
  std::string secret;
  PkeyPtr rsa_private;
};

JwtMinter::JwtMinter() : keys_(std::make_unique<Keys>()) {}
JwtMinter::~JwtMinter() = default;

Result<std::shared_ptr<const JwtMinter>> JwtMinter::CreateHs256(std::string secret) {
  if (secret.empty()) {
    return Problem::Make(ErrorCategory::kInternal, "jwt_config", "HS256 needs a non-empty secret.");
  }
  std::shared_ptr<JwtMinter> m(new JwtMinter());
  m->algorithm_ = JwtAlgorithm::kHs256;
  m->keys_->secret = std::move(secret);
  return std::shared_ptr<const JwtMinter>(std::move(m));
}

Result<std::shared_ptr<const JwtMinter>> JwtMinter::CreateRs256(const std::string& private_pem) {
  std::shared_ptr<JwtMinter> m(new JwtMinter());
  m->algorithm_ = JwtAlgorithm::kRs256;
  m->keys_->rsa_private = ReadPem(private_pem, true);
  if (!IsUsableRsa(m->keys_->rsa_private.get())) {
    return Problem::Make(ErrorCategory::kInternal, "jwt_config",
                         "RS256 needs a PEM RSA private key of at least 2048 bits.");
  }
  return std::shared_ptr<const JwtMinter>(std::move(m));
}

Result<std::string> JwtMinter::Mint(const JwtClaims& claims) const {
  if (claims.subject.empty() || claims.expires_at == 0) {
    return Problem::InvalidInput("jwt_claims", "A token needs sub and exp.");
  }
  JsonWriter header;
  header.StartObject().Key("alg").String(AlgName(algorithm_)).Key("typ").String("JWT").EndObject();
  JsonWriter body;
  body.StartObject();
  body.Key("sub").String(claims.subject);
  body.Key("roles").StartArray();
  for (const auto& r : claims.roles) body.String(r);
  body.EndArray();
  body.Key("iat").Int(claims.issued_at != 0 ? claims.issued_at
                                            : static_cast<int64_t>(std::time(nullptr)));
  body.Key("exp").Int(claims.expires_at);
  if (claims.not_before) body.Key("nbf").Int(*claims.not_before);
  if (!claims.issuer.empty()) body.Key("iss").String(claims.issuer);
  if (!claims.audience.empty()) body.Key("aud").String(claims.audience);
  body.EndObject();
  const std::string input = Base64UrlEncode(header.str()) + "." + Base64UrlEncode(body.str());
  const std::string sig = algorithm_ == JwtAlgorithm::kHs256
                              ? HmacSha256(keys_->secret, input)
                              : SignWith(keys_->rsa_private.get(), input);
  if (sig.empty()) return Problem::Internal();
  return input + "." + Base64UrlEncode(sig);
}

}  // namespace kinerja::http
