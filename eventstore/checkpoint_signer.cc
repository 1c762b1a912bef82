#include "eventstore/checkpoint_signer.h"

#include <fcntl.h>
#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "eventstore/hash_chain.h"

namespace kinerja::eventstore {

struct CheckpointSigner::Key {
  EVP_PKEY* pkey = nullptr;
  ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

constexpr char kSignatureDash[] = "\xe2\x80\x94 ";  // U+2014 EM DASH, then a space
constexpr char kEd25519Type = 0x01;

struct BioDeleter {
  void operator()(BIO* b) const { BIO_free(b); }
};
struct MdCtxDeleter {
  void operator()(EVP_MD_CTX* c) const { EVP_MD_CTX_free(c); }
};
struct PkeyDeleter {
  void operator()(EVP_PKEY* k) const { EVP_PKEY_free(k); }
};

std::string BioText(BIO* bio) {
  char* data = nullptr;
  const long len = BIO_get_mem_data(bio, &data);
  return std::string(data, len > 0 ? static_cast<size_t>(len) : 0);
}

bool ValidOrigin(const std::string& origin) {
  if (origin.empty()) return false;
  for (unsigned char c : origin) {
    if (c <= 0x20 || c == '+' || c == 0x7f) return false;
  }
  return true;
}

void AppendJsonString(std::string* out, std::string_view s) {
  out->push_back('"');
  for (unsigned char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          out->push_back(static_cast<char>(c));
        }
    }
  }
  out->push_back('"');
}

// Parses "YYYY-MM-DDTHH:MM:SS.ffffffZ".
bool ParseRfc3339Micros(std::string_view text, int64_t* out) {
  if (text.size() != 27 || text[4] != '-' || text[7] != '-' || text[10] != 'T' ||
      text[13] != ':' || text[16] != ':' || text[19] != '.' || text[26] != 'Z') {
    return false;
  }
  auto digits = [&](size_t at, size_t n, int64_t* v) {
    *v = 0;
    for (size_t i = at; i < at + n; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      *v = *v * 10 + (text[i] - '0');
    }
    return true;
  };
  int64_t y, mo, d, h, mi, s, us;
  if (!digits(0, 4, &y) || !digits(5, 2, &mo) || !digits(8, 2, &d) || !digits(11, 2, &h) ||
      !digits(14, 2, &mi) || !digits(17, 2, &s) || !digits(20, 6, &us)) {
    return false;
  }
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || s > 60) return false;
  std::tm tm{};
  tm.tm_year = static_cast<int>(y - 1900);
  tm.tm_mon = static_cast<int>(mo - 1);
  tm.tm_mday = static_cast<int>(d);
  tm.tm_hour = static_cast<int>(h);
  tm.tm_min = static_cast<int>(mi);
  tm.tm_sec = static_cast<int>(s);
  *out = static_cast<int64_t>(timegm(&tm)) * 1000000 + us;
  return true;
}

Status WriteNewFile0600(const std::string& path, const std::string& content) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return Status::IOError("cannot create " + path + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = std::strerror(errno);
      ::close(fd);
      ::unlink(path.c_str());
      return Status::IOError("cannot write " + path + ": " + why);
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  ::close(fd);
  if (!synced) {
    ::unlink(path.c_str());
    return Status::IOError("cannot fsync " + path);
  }
  return Status::Ok();
}

}  // namespace

std::string Base64Encode(std::string_view raw) {
  std::string out(4 * ((raw.size() + 2) / 3), '\0');
  const int n = EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(raw.data()),
                                static_cast<int>(raw.size()));
  out.resize(n > 0 ? static_cast<size_t>(n) : 0);
  return out;
}

bool Base64Decode(std::string_view text, std::string* raw) {
  if (text.size() % 4 != 0) return false;
  size_t padding = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool alpha = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                       (c >= '0' && c <= '9') || c == '+' || c == '/';
    if (c == '=') {
      if (i + 2 < text.size()) return false;
      ++padding;
    } else if (!alpha || padding > 0) {
      return false;
    }
  }
  std::string out(text.size() / 4 * 3, '\0');
  const int n = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                                reinterpret_cast<const unsigned char*>(text.data()),
                                static_cast<int>(text.size()));
  if (n < 0) return false;
  out.resize(static_cast<size_t>(n) - padding);
  *raw = std::move(out);
  return true;
}

std::string FormatRfc3339Micros(int64_t time_us) {
  int64_t secs = time_us / 1000000;
  int64_t micros = time_us % 1000000;
  if (micros < 0) {
    micros += 1000000;
    secs -= 1;
  }
  const std::time_t t = static_cast<std::time_t>(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[96];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec,
                static_cast<long long>(micros));
  return buf;
}

std::string CheckpointKeyId(std::string_view key_name, std::string_view public_key) {
  std::string material(key_name);
  material.push_back('\n');
  material.push_back(kEd25519Type);
  material.append(public_key.data(), public_key.size());
  return Sha256Raw(material).substr(0, 4);
}

std::string SignedCheckpoint::Body() const {
  return origin + "\n" + std::to_string(tree_size) + "\n" + Base64Encode(root_hash) + "\ntime " +
         FormatRfc3339Micros(time_us) + "\n";
}

std::string SignedCheckpoint::Note() const {
  return Body() + "\n" + kSignatureDash + origin + " " + Base64Encode(key_id + signature) + "\n";
}

std::string SignedCheckpoint::ToJson() const {
  std::string out = "{\"origin\":";
  AppendJsonString(&out, origin);
  out += ",\"treeSize\":" + std::to_string(tree_size);
  out += ",\"rootHash\":\"" + ToHex(root_hash) + "\"";
  out += ",\"time\":\"" + FormatRfc3339Micros(time_us) + "\"";
  out += ",\"timestampMicros\":" + std::to_string(time_us);
  out += ",\"keyName\":";
  AppendJsonString(&out, origin);
  out += ",\"keyId\":\"" + ToHex(key_id) + "\"";
  out += ",\"signature\":\"" + Base64Encode(signature) + "\"";
  out += ",\"note\":";
  AppendJsonString(&out, Note());
  out += "}";
  return out;
}

CheckpointSigner::~CheckpointSigner() = default;

Result<std::unique_ptr<CheckpointSigner>> CheckpointSigner::LoadOrCreate(const std::string& dir,
                                                                        std::string origin) {
  if (!ValidOrigin(origin)) {
    return Status::InvalidArgument("checkpoint origin \"" + origin +
                                   "\" must be non-empty, without spaces, '+' or newlines");
  }
  std::error_code ec;
  if (!std::filesystem::exists(dir, ec)) {
    std::filesystem::create_directories(dir, ec);
    if (ec) return Status::IOError("cannot create " + dir + ": " + ec.message());
    ::chmod(dir.c_str(), 0700);
  }
  const std::string path = dir + "/" + kKeyFileName;
  std::unique_ptr<EVP_PKEY, PkeyDeleter> pkey;
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if ((st.st_mode & 0077) != 0) {
      return Status::InvalidArgument("the checkpoint signing key " + path +
                                     " is readable by group or others; chmod 600 it");
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    if (!in) return Status::IOError("cannot read " + path);
    const std::string pem = text.str();
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size())));
    pkey.reset(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
    if (!pkey || EVP_PKEY_get_base_id(pkey.get()) != EVP_PKEY_ED25519) {
      return Status::InvalidArgument(path + " does not hold an Ed25519 private key");
    }
  } else {
    if (errno != ENOENT) return Status::IOError("cannot stat " + path + ": " + std::strerror(errno));
    pkey.reset(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"));
    if (!pkey) return Status::IOError("cannot generate an Ed25519 key");
    std::unique_ptr<BIO, BioDeleter> bio(BIO_new(BIO_s_mem()));
    if (PEM_write_bio_PrivateKey(bio.get(), pkey.get(), nullptr, nullptr, 0, nullptr, nullptr) !=
        1) {
      return Status::IOError("cannot encode the Ed25519 key");
    }
    if (Status s = WriteNewFile0600(path, BioText(bio.get())); !s.ok()) return s;
  }

  std::unique_ptr<CheckpointSigner> signer(new CheckpointSigner());
  signer->origin_ = std::move(origin);
  unsigned char pub[32];
  size_t pub_len = sizeof pub;
  if (EVP_PKEY_get_raw_public_key(pkey.get(), pub, &pub_len) != 1 || pub_len != 32) {
    return Status::IOError("cannot read the Ed25519 public key");
  }
  signer->public_key_.assign(reinterpret_cast<char*>(pub), pub_len);
  std::unique_ptr<BIO, BioDeleter> pub_bio(BIO_new(BIO_s_mem()));
  if (PEM_write_bio_PUBKEY(pub_bio.get(), pkey.get()) != 1) {
    return Status::IOError("cannot encode the Ed25519 public key");
  }
  signer->public_key_pem_ = BioText(pub_bio.get());
  signer->key_id_ = CheckpointKeyId(signer->origin_, signer->public_key_);
  signer->key_ = std::make_unique<Key>();
  signer->key_->pkey = pkey.release();
  return signer;
}

std::string CheckpointSigner::VerifierKey() const {
  return origin_ + "+" + ToHex(key_id_) + "+" + Base64Encode(std::string(1, kEd25519Type) +
                                                             public_key_);
}

Result<SignedCheckpoint> CheckpointSigner::Sign(uint64_t tree_size, const std::string& root_hash,
                                                int64_t time_us) const {
  if (root_hash.size() != kHashBytes) return Status::InvalidArgument("root hash must be 32 bytes");
  SignedCheckpoint c;
  c.origin = origin_;
  c.tree_size = tree_size;
  c.root_hash = root_hash;
  c.time_us = time_us;
  c.key_id = key_id_;
  const std::string body = c.Body();
  std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
  unsigned char sig[64];
  size_t sig_len = sizeof sig;
  if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, nullptr, nullptr, key_->pkey) != 1 ||
      EVP_DigestSign(ctx.get(), sig, &sig_len, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size()) != 1 ||
      sig_len != 64) {
    return Status::IOError("Ed25519 signing failed");
  }
  c.signature.assign(reinterpret_cast<char*>(sig), sig_len);
  return c;
}

Result<SignedCheckpoint> ParseAndVerifyCheckpoint(std::string_view note, std::string_view key_name,
                                                  std::string_view public_key) {
  const size_t blank = note.find("\n\n");
  if (blank == std::string_view::npos) return Status::InvalidArgument("no signature block");
  const std::string_view body = note.substr(0, blank + 1);
  std::string_view sigs = note.substr(blank + 2);
  // Body lines.
  std::vector<std::string_view> lines;
  for (size_t at = 0; at < body.size();) {
    const size_t nl = body.find('\n', at);
    lines.push_back(body.substr(at, nl - at));
    at = nl + 1;
  }
  if (lines.size() != 4 || lines[3].substr(0, 5) != "time ") {
    return Status::InvalidArgument("a checkpoint body has origin, size, root and time lines");
  }
  SignedCheckpoint c;
  c.origin = std::string(lines[0]);
  if (lines[1].empty() || lines[1].size() > 20 || (lines[1].size() > 1 && lines[1][0] == '0')) {
    return Status::InvalidArgument("bad tree size");
  }
  for (char ch : lines[1]) {
    if (ch < '0' || ch > '9') return Status::InvalidArgument("bad tree size");
  }
  c.tree_size = std::stoull(std::string(lines[1]));
  if (!Base64Decode(lines[2], &c.root_hash) || c.root_hash.size() != kHashBytes) {
    return Status::InvalidArgument("bad root hash");
  }
  if (!ParseRfc3339Micros(lines[3].substr(5), &c.time_us)) {
    return Status::InvalidArgument("bad time");
  }
  if (c.Body() != body) return Status::InvalidArgument("the body is not in canonical form");
  // Signature lines: find ours.
  const std::string expected_id = CheckpointKeyId(key_name, public_key);
  const std::string prefix = std::string(kSignatureDash) + std::string(key_name) + " ";
  while (!sigs.empty()) {
    const size_t nl = sigs.find('\n');
    if (nl == std::string_view::npos) return Status::InvalidArgument("unterminated signature");
    const std::string_view line = sigs.substr(0, nl);
    sigs = sigs.substr(nl + 1);
    if (line.substr(0, prefix.size()) != prefix) continue;
    std::string blob;
    if (!Base64Decode(line.substr(prefix.size()), &blob) || blob.size() != 4 + 64) continue;
    if (blob.substr(0, 4) != expected_id) continue;
    std::unique_ptr<EVP_PKEY, PkeyDeleter> pkey(EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(public_key.data()),
        public_key.size()));
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    if (!pkey || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, pkey.get()) != 1) {
      return Status::InvalidArgument("not an Ed25519 public key");
    }
    const int ok = EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char*>(blob.data() + 4), 64,
        reinterpret_cast<const unsigned char*>(body.data()), body.size());
    if (ok != 1) return Status::Corruption("the checkpoint signature does not verify");
    c.key_id = blob.substr(0, 4);
    c.signature = blob.substr(4);
    return c;
  }
  return Status::Corruption("no signature by " + std::string(key_name) + " on the checkpoint");
}

}  // namespace kinerja::eventstore
