// `kinerja token`: mints a JWT with api/http/jwt.h's JwtMinter, the same code path the server's
// verifier is tested against. Key material: exactly one of --secret, --secret-file (HS256) or
// --private-key (RS256, PEM file); the environment variables KINERJA_JWT_SECRET,
// KINERJA_JWT_SECRET_FILE, KINERJA_JWT_ISSUER and KINERJA_JWT_AUDIENCE are the server's, so a
// shell configured for kinerjad mints tokens it accepts. Prints the token and a newline.
#include <chrono>
#include <iostream>
#include <sstream>

#include "api/cli/subcommands.h"
#include "api/http/jwt.h"
#include "api/main/flags.h"

namespace kinerja::cli {
namespace {

FlagSet MakeTokenFlags() {
  FlagSet flags("kinerja token --sub NIP --roles ROLE[,ROLE] (--secret-file FILE | --secret S | "
                "--private-key PEM) [flags]",
                "Mints a signed JWT and prints it. Roles: pegawai, admin, auditor, analyst.\n"
                "Use it as: curl -H \"Authorization: Bearer $(kinerja token ...)\" ...");
  flags.Add({"sub", "NIP", "subject: the pegawai's NIP or a service name", "", ""})
      .Add({"roles", "LIST", "comma-separated roles", "", ""})
      .Add({"ttl", "SECONDS", "lifetime (1..31536000)", "3600", ""})
      .Add({"secret", "S", "HS256 secret (prefer --secret-file)", "", "KINERJA_JWT_SECRET"})
      .Add({"secret-file", "FILE", "HS256 secret read from a file (trailing newline dropped)", "",
            "KINERJA_JWT_SECRET_FILE"})
      .Add({"private-key", "PEM", "RS256: RSA private key PEM file", "", ""})
      .Add({"issuer", "ISS", "`iss` claim; empty: omitted", "", "KINERJA_JWT_ISSUER"})
      .Add({"audience", "AUD", "`aud` claim; empty: omitted", "", "KINERJA_JWT_AUDIENCE"});
  return flags;
}

int Usage(const std::string& message) {
  std::cerr << "kinerja token: " << message << "\nRun kinerja token --help for the flags.\n";
  return kExitUsage;
}

}  // namespace

int RunToken(const std::vector<std::string>& args) {
  FlagSet flags = MakeTokenFlags();
  std::string error;
  if (!flags.Parse(args, &error)) return Usage(error);
  if (flags.help_requested()) {
    std::cout << flags.Help();
    return kExitOk;
  }
  http::JwtClaims claims;
  claims.subject = flags.Get("sub");
  if (claims.subject.empty()) return Usage("--sub is required");
  std::stringstream roles(flags.Get("roles"));
  for (std::string role; std::getline(roles, role, ',');) {
    if (role.empty()) continue;
    if (!http::ParseRole(role)) {
      return Usage("unknown role \"" + role + "\" (roles: pegawai, admin, auditor, analyst)");
    }
    claims.roles.push_back(role);
  }
  if (claims.roles.empty()) return Usage("--roles is required (e.g. --roles pegawai)");
  int64_t ttl = 0;
  if (!ParseInt64(flags.Get("ttl"), 1, 31536000, &ttl)) {
    return Usage("--ttl must be a whole number of seconds from 1 to 31536000");
  }
  const int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count();
  claims.issued_at = now;
  claims.expires_at = now + ttl;
  claims.issuer = flags.Get("issuer");
  claims.audience = flags.Get("audience");

  std::string key_flag;
  if (!ChooseOneOf(flags, {"secret", "secret-file", "private-key"}, &key_flag, &error)) {
    return Usage(error);
  }
  if (key_flag.empty()) {
    return Usage("no key: give --secret-file FILE, --secret S or --private-key PEM");
  }
  http::Result<std::shared_ptr<const http::JwtMinter>> minter = http::Problem::Internal();
  if (key_flag == "private-key") {
    std::string pem;
    if (!ReadFile(flags.Get("private-key"), &pem, &error)) return Usage(error);
    minter = http::JwtMinter::CreateRs256(pem);
  } else {
    std::string secret = flags.Get("secret");
    if (key_flag == "secret-file" &&
        !ReadSecretFile(flags.Get("secret-file"), &secret, &error)) {
      return Usage(error);
    }
    minter = http::JwtMinter::CreateHs256(secret);
  }
  if (!minter.ok()) return Usage("unusable key: " + minter.problem().detail);
  auto token = minter.value()->Mint(claims);
  if (!token.ok()) {
    std::cerr << "kinerja token: " << token.problem().detail << "\n";
    return kExitFailure;
  }
  std::cout << token.value() << "\n";
  return kExitOk;
}

}  // namespace kinerja::cli
