#include "eventstore/hash_chain.h"

#include <openssl/evp.h>

#include <cstring>
#include <memory>

namespace kinerja::eventstore {

namespace {

void PutU64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 7; i >= 0; --i) {
    b[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(b, 8);
}

void PutBytes(std::string* out, std::string_view s) {
  uint32_t n = static_cast<uint32_t>(s.size());
  char b[4] = {static_cast<char>(n >> 24), static_cast<char>(n >> 16), static_cast<char>(n >> 8),
               static_cast<char>(n)};
  out->append(b, 4);
  out->append(s.data(), s.size());
}

struct CtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};

const EVP_MD* Sha256Md() {
  static const EVP_MD* md = EVP_sha256();
  return md;
}

std::string DigestParts(std::string_view a, std::string_view b) {
  thread_local std::unique_ptr<EVP_MD_CTX, CtxDeleter> ctx(EVP_MD_CTX_new());
  unsigned char out[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_DigestInit_ex(ctx.get(), Sha256Md(), nullptr);
  if (!a.empty()) EVP_DigestUpdate(ctx.get(), a.data(), a.size());
  if (!b.empty()) EVP_DigestUpdate(ctx.get(), b.data(), b.size());
  EVP_DigestFinal_ex(ctx.get(), out, &len);
  return std::string(reinterpret_cast<char*>(out), len);
}

}  // namespace

std::string CanonicalBytes(const RecordedEvent& e) {
  std::string out;
  out.reserve(96 + e.stream.size() + e.id.size() + e.type.size() + e.actor.size() +
              e.correlation_id.size() + e.causation_id.size() + e.data.size() +
              e.metadata.size());
  PutBytes(&out, "kinerja.event.v1");
  PutU64(&out, e.position);
  PutBytes(&out, e.stream);
  PutU64(&out, e.stream_version);
  PutBytes(&out, e.id);
  PutBytes(&out, e.type);
  PutU64(&out, e.schema_version);
  PutU64(&out, static_cast<uint64_t>(e.recorded_at));
  PutBytes(&out, e.actor);
  PutBytes(&out, e.correlation_id);
  PutBytes(&out, e.causation_id);
  PutBytes(&out, e.data);
  PutBytes(&out, e.metadata);
  return out;
}

std::string ComputeHashRaw(std::string_view prev_hash_raw, const RecordedEvent& e) {
  return DigestParts(prev_hash_raw, CanonicalBytes(e));
}

std::string Sha256Raw(std::string_view bytes) { return DigestParts(bytes, {}); }

void ToHexInto(std::string_view raw, std::string* out) {
  static const char kDigits[] = "0123456789abcdef";
  out->resize(raw.size() * 2);
  for (size_t i = 0; i < raw.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(raw[i]);
    (*out)[2 * i] = kDigits[c >> 4];
    (*out)[2 * i + 1] = kDigits[c & 0xf];
  }
}

std::string ToHex(std::string_view raw) {
  std::string out;
  ToHexInto(raw, &out);
  return out;
}

bool FromHex(std::string_view hex, std::string* raw) {
  if (hex.size() % 2 != 0) return false;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  raw->assign(hex.size() / 2, '\0');
  for (size_t i = 0; i < raw->size(); ++i) {
    int hi = nibble(hex[2 * i]), lo = nibble(hex[2 * i + 1]);
    if (hi < 0 || lo < 0) return false;
    (*raw)[i] = static_cast<char>((hi << 4) | lo);
  }
  return true;
}

const std::string& GenesisHashHex() {
  static const std::string kGenesis(64, '0');
  return kGenesis;
}

}  // namespace kinerja::eventstore
