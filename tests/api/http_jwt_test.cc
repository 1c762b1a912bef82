// JWT verification matrix (HS256 and RS256 pinned by configuration), minting and base64url.
#include <ctime>

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include "api/http/base64url.h"
#include "api/http/jwt.h"

namespace kinerja::http {
namespace {

constexpr char kSecret[] = "hs256-test-secret-with-enough-bytes-0123";

struct KeyPair {
  std::string private_pem;
  std::string public_pem;
};

KeyPair GenerateRsa() {
  KeyPair kp;
  EVP_PKEY* key = EVP_RSA_gen(2048);
  EXPECT_NE(key, nullptr);
  BIO* priv = BIO_new(BIO_s_mem());
  BIO* pub = BIO_new(BIO_s_mem());
  EXPECT_EQ(PEM_write_bio_PrivateKey(priv, key, nullptr, nullptr, 0, nullptr, nullptr), 1);
  EXPECT_EQ(PEM_write_bio_PUBKEY(pub, key), 1);
  char* data = nullptr;
  long n = BIO_get_mem_data(priv, &data);
  kp.private_pem.assign(data, static_cast<size_t>(n));
  n = BIO_get_mem_data(pub, &data);
  kp.public_pem.assign(data, static_cast<size_t>(n));
  BIO_free(priv);
  BIO_free(pub);
  EVP_PKEY_free(key);
  return kp;
}

const KeyPair& Rsa() {
  static const KeyPair kp = GenerateRsa();
  return kp;
}

int64_t Now() { return static_cast<int64_t>(std::time(nullptr)); }

JwtClaims Claims() {
  JwtClaims c;
  c.subject = "199001012015011001";
  c.roles = {"pegawai", "admin", "superuser"};
  c.expires_at = Now() + 600;
  return c;
}

std::shared_ptr<const JwtVerifier> Hs(std::string iss = "", std::string aud = "") {
  JwtVerifierOptions o;
  o.algorithm = JwtAlgorithm::kHs256;
  o.hs256_secret = kSecret;
  o.issuer = std::move(iss);
  o.audience = std::move(aud);
  auto v = JwtVerifier::Create(o);
  EXPECT_TRUE(v.ok());
  return v.value();
}

std::shared_ptr<const JwtVerifier> Rs() {
  JwtVerifierOptions o;
  o.algorithm = JwtAlgorithm::kRs256;
  o.rs256_public_pem = Rsa().public_pem;
  auto v = JwtVerifier::Create(o);
  EXPECT_TRUE(v.ok()) << (v.ok() ? "" : v.problem().detail);
  return v.value();
}

std::string MintHs(const JwtClaims& c) {
  auto m = JwtMinter::CreateHs256(kSecret);
  EXPECT_TRUE(m.ok());
  auto t = m.value()->Mint(c);
  EXPECT_TRUE(t.ok());
  return t.value();
}

std::string MintRs(const JwtClaims& c) {
  auto m = JwtMinter::CreateRs256(Rsa().private_pem);
  EXPECT_TRUE(m.ok());
  auto t = m.value()->Mint(c);
  EXPECT_TRUE(t.ok());
  return t.value();
}

// A token from raw header/payload JSON, HMAC-signed with `key`.
std::string HandMade(const std::string& header, const std::string& payload, const std::string& key) {
  const std::string input = Base64UrlEncode(header) + "." + Base64UrlEncode(payload);
  return input + "." + Base64UrlEncode(HmacSha256(key, input));
}

void ExpectRefused(const Result<Principal>& r, const std::string& code = "invalid_token") {
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.problem().status(), 401);
  EXPECT_EQ(r.problem().code, code) << r.problem().detail;
}

TEST(Base64UrlTest, RoundTripAndRejects) {
  for (std::string s : {"", "f", "fo", "foo", "foob", "fooba", "foobar", "\xff\xfe\x00\x01"}) {
    auto d = Base64UrlDecode(Base64UrlEncode(s));
    ASSERT_TRUE(d.has_value());
    EXPECT_EQ(*d, s);
  }
  EXPECT_EQ(Base64UrlEncode("\xfb\xff"), "-_8");
  EXPECT_FALSE(Base64UrlDecode("Zm9v=").has_value());
  EXPECT_FALSE(Base64UrlDecode("Zm+v").has_value());
  EXPECT_FALSE(Base64UrlDecode("Z").has_value());
}

TEST(JwtTest, ValidHs256) {
  auto p = Hs()->Verify(MintHs(Claims()));
  ASSERT_TRUE(p.ok()) << p.problem().detail;
  EXPECT_EQ(p.value().subject, "199001012015011001");
  EXPECT_TRUE(p.value().HasRole(Role::kPegawai));
  EXPECT_TRUE(p.value().HasRole(Role::kAdmin));
  EXPECT_FALSE(p.value().HasRole(Role::kAuditor));
  EXPECT_EQ(p.value().roles.size(), 2u);  // "superuser" ignored
  EXPECT_TRUE(Hs()->VerifyAuthorizationHeader("Bearer " + MintHs(Claims())).ok());
  EXPECT_TRUE(Hs()->VerifyAuthorizationHeader("bearer  " + MintHs(Claims())).ok());
}

TEST(JwtTest, ValidRs256) {
  auto p = Rs()->Verify(MintRs(Claims()));
  ASSERT_TRUE(p.ok()) << p.problem().detail;
  EXPECT_EQ(p.value().subject, "199001012015011001");
}

TEST(JwtTest, ExpiredAndNotYetValid) {
  JwtClaims c = Claims();
  c.expires_at = Now() - 3600;
  ExpectRefused(Hs()->Verify(MintHs(c)), "token_expired");
  c = Claims();
  c.not_before = Now() + 3600;
  ExpectRefused(Hs()->Verify(MintHs(c)), "token_not_yet_valid");
  // Within the leeway (30 s) both pass.
  c = Claims();
  c.expires_at = Now() - 5;
  c.not_before = Now() + 5;
  EXPECT_TRUE(Hs()->Verify(MintHs(c)).ok());
  // exp missing.
  ExpectRefused(Hs()->Verify(HandMade(R"({"alg":"HS256"})", R"({"sub":"x"})", kSecret)));
}

TEST(JwtTest, ForgedSignatures) {
  std::string t = MintHs(Claims());
  t[t.size() - 2] = t[t.size() - 2] == 'A' ? 'B' : 'A';
  ExpectRefused(Hs()->Verify(t));
  // Signed with another secret.
  ExpectRefused(Hs()->Verify(HandMade(R"({"alg":"HS256"})",
                                      R"({"sub":"x","exp":)" + std::to_string(Now() + 60) + "}",
                                      "another-secret")));
  // Payload swapped (privilege escalation attempt) under the original signature.
  const std::string good = MintHs(Claims());
  JwtClaims evil = Claims();
  evil.subject = "admin";
  const std::string other = MintHs(evil);
  const std::string spliced = good.substr(0, good.find('.')) + other.substr(other.find('.'), other.rfind('.') - other.find('.')) + good.substr(good.rfind('.'));
  ExpectRefused(Hs()->Verify(spliced));
  // RS256 token with a tampered signature.
  std::string rt = MintRs(Claims());
  rt[rt.size() - 3] = rt[rt.size() - 3] == 'A' ? 'B' : 'A';
  ExpectRefused(Rs()->Verify(rt));
}

TEST(JwtTest, AlgNoneAndConfusionRefused) {
  const std::string payload = R"({"sub":"x","roles":["admin"],"exp":)" + std::to_string(Now() + 60) + "}";
  const std::string none = Base64UrlEncode(R"({"alg":"none","typ":"JWT"})") + "." +
                           Base64UrlEncode(payload) + ".";
  ExpectRefused(Hs()->Verify(none));
  ExpectRefused(Rs()->Verify(none));
  ExpectRefused(Hs()->Verify(none + "AAAA"));
  // HS256 token whose secret is the RS public key PEM (the classic confusion attack).
  const std::string confused = HandMade(R"({"alg":"HS256","typ":"JWT"})", payload, Rsa().public_pem);
  ExpectRefused(Rs()->Verify(confused));
  // RS256 token to an HS256-configured verifier.
  ExpectRefused(Hs()->Verify(MintRs(Claims())));
  // Valid HS token to an RS verifier.
  ExpectRefused(Rs()->Verify(MintHs(Claims())));
}

TEST(JwtTest, IssuerAndAudience) {
  JwtClaims c = Claims();
  c.issuer = "kinerja";
  c.audience = "kinerja-api";
  EXPECT_TRUE(Hs("kinerja", "kinerja-api")->Verify(MintHs(c)).ok());
  ExpectRefused(Hs("other", "")->Verify(MintHs(c)));
  ExpectRefused(Hs("", "other-api")->Verify(MintHs(c)));
  ExpectRefused(Hs("kinerja", "")->Verify(MintHs(Claims())));  // iss missing
  const std::string exp = std::to_string(Now() + 60);
  EXPECT_TRUE(Hs("", "kinerja-api")
                  ->Verify(HandMade(R"({"alg":"HS256"})",
                                    R"({"sub":"x","aud":["a","kinerja-api"],"exp":)" + exp + "}",
                                    kSecret))
                  .ok());
  ExpectRefused(Hs("", "kinerja-api")
                    ->Verify(HandMade(R"({"alg":"HS256"})",
                                      R"({"sub":"x","aud":["a","b"],"exp":)" + exp + "}", kSecret)));
}

TEST(JwtTest, MalformedTokens) {
  auto v = Hs();
  const std::string exp = std::to_string(Now() + 60);
  const std::vector<std::string> bad = {
      "",
      "garbage",
      "a.b",
      "a.b.c.d",
      "!!!.???.***",
      Base64UrlEncode("{not json") + "." + Base64UrlEncode("{}") + ".AAAA",
      HandMade(R"({"alg":"HS256"})", "not json at all", kSecret),
      HandMade(R"({"alg":"HS256"})", R"({"sub":"x","exp":"tomorrow"})", kSecret),
      HandMade(R"({"alg":"HS256"})", R"({"exp":)" + exp + "}", kSecret),  // no sub
      HandMade(R"({"alg":"HS256"})", R"({"sub":"x","roles":"admin","exp":)" + exp + "}", kSecret),
      HandMade(R"({"alg":"HS256"})", R"(["sub","exp"])", kSecret),
      HandMade(R"({"alg":"HS256","crit":["x"]})", R"({"sub":"x","exp":)" + exp + "}", kSecret),
      HandMade(R"({"alg":"HS256"})", std::string(100, '[') + std::string(100, ']'), kSecret),
      std::string(10000, 'a') + "." + "b.c",
  };
  for (const auto& t : bad) ExpectRefused(v->Verify(t));
  ExpectRefused(v->VerifyAuthorizationHeader("Basic dXNlcjpwYXNz"));
  ExpectRefused(v->VerifyAuthorizationHeader("Bearer"));
  ExpectRefused(v->VerifyAuthorizationHeader(""));
}

TEST(JwtTest, BadKeyConfiguration) {
  JwtVerifierOptions o;
  o.algorithm = JwtAlgorithm::kRs256;
  o.rs256_public_pem = "not a pem";
  EXPECT_FALSE(JwtVerifier::Create(o).ok());
  o.algorithm = JwtAlgorithm::kHs256;
  o.hs256_secret.clear();
  EXPECT_FALSE(JwtVerifier::Create(o).ok());
  EXPECT_FALSE(JwtMinter::CreateRs256("junk").ok());
  EXPECT_FALSE(JwtMinter::CreateRs256(Rsa().public_pem).ok());
}

}  // namespace
}  // namespace kinerja::http
