#include "eventstore/merkle_checkpoints.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace kinerja::eventstore {
namespace {

int64_t SystemMicros() {
  return std::chrono::duration_cast<std::chrono::microseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

}  // namespace

CheckpointPublisher::CheckpointPublisher(MerkleIndex* index, const CheckpointSigner* signer,
                                         CheckpointPublisherOptions options)
    : index_(index), signer_(signer), options_(std::move(options)) {
  if (!options_.clock) options_.clock = SystemMicros;
  if (options_.every_events == 0) options_.every_events = 1;
}

CheckpointPublisher::~CheckpointPublisher() { Stop(); }

Result<std::unique_ptr<CheckpointPublisher>> CheckpointPublisher::Open(
    MerkleIndex* index, const CheckpointSigner* signer, CheckpointPublisherOptions options) {
  if (index == nullptr || signer == nullptr || options.path.empty()) {
    return Status::InvalidArgument("a checkpoint publisher needs an index, a signer and a path");
  }
  std::unique_ptr<CheckpointPublisher> p(
      new CheckpointPublisher(index, signer, std::move(options)));
  std::ifstream in(p->options_.path, std::ios::binary);
  if (in) {
    std::stringstream text;
    text << in.rdbuf();
    auto c = ParseAndVerifyCheckpoint(text.str(), signer->origin(), signer->public_key());
    if (!c.ok()) {
      return Status::Corruption("the stored checkpoint " + p->options_.path +
                                " does not verify: " + c.status().message());
    }
    p->latest_ = std::move(c).value();
  }
  return p;
}

void CheckpointPublisher::Start() {
  thread_.Start([this] { return PublishIfDue(); });
}

void CheckpointPublisher::Stop() { thread_.Stop(); }

std::chrono::milliseconds CheckpointPublisher::PublishIfDue() {
  const auto poll = std::min<std::chrono::milliseconds>(options_.interval,
                                                        std::chrono::milliseconds(100));
  {
    std::lock_guard<std::mutex> lock(mu_);
    const uint64_t indexed = index_->size();
    const uint64_t published = latest_ ? latest_->tree_size : 0;
    const bool due = last_published_at_ == std::chrono::steady_clock::time_point{} ||
                     std::chrono::steady_clock::now() - last_published_at_ >= options_.interval ||
                     indexed - published >= options_.every_events;
    // A rewritten log (kCorruption) stops publishing; a checkpoint file that could not be
    // written (disk full, read-only: kIOError) is retried every second.
    if (indexed <= published || !due ||
        !(error_.ok() || error_.code() == StatusCode::kIOError)) {
      return poll;
    }
  }
  // Failures are kept in error_.
  return PublishNow().ok() ? std::chrono::milliseconds(0) : std::chrono::milliseconds(1000);
}

Result<SignedCheckpoint> CheckpointPublisher::SignAt(uint64_t size) const {
  auto root = index_->Root(size);
  if (!root.ok()) return root.status();
  return signer_->Sign(size, root.value(), options_.clock());
}

Result<SignedCheckpoint> CheckpointPublisher::PublishNow() {
  std::lock_guard<std::mutex> publish(publish_mu_);
  const uint64_t size = index_->size();
  std::optional<SignedCheckpoint> previous = Latest();
  if (previous && previous->tree_size == size) return *previous;
  auto root = index_->Root(size);
  if (!root.ok()) return root.status();
  Status failure;
  if (previous && previous->tree_size > size) {
    failure = Status::Corruption("the log has " + std::to_string(size) +
                                 " indexed events, fewer than the last checkpoint (" +
                                 std::to_string(previous->tree_size) + ")");
  } else if (previous && previous->tree_size > 0) {
    auto proof = index_->ConsistencyProof(previous->tree_size, size);
    if (!proof.ok()) return proof.status();
    if (!merkle::VerifyConsistency(previous->tree_size, size, previous->root_hash, root.value(),
                                   proof.value())) {
      failure = Status::Corruption("the log is not consistent with the checkpoint of size " +
                                   std::to_string(previous->tree_size) +
                                   ": history was rewritten");
    }
  }
  if (!failure.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    error_ = failure;
    return failure;
  }
  auto signed_checkpoint = signer_->Sign(size, root.value(), options_.clock());
  if (!signed_checkpoint.ok()) return signed_checkpoint.status();
  if (Status s = Store(signed_checkpoint.value()); !s.ok()) {
    std::lock_guard<std::mutex> lock(mu_);
    error_ = s;
    return s;
  }
  {
    std::lock_guard<std::mutex> lock(mu_);
    latest_ = signed_checkpoint.value();
    last_published_at_ = std::chrono::steady_clock::now();
    error_ = Status::Ok();
  }
  if (options_.on_checkpoint) options_.on_checkpoint(signed_checkpoint.value());
  return signed_checkpoint;
}

Status CheckpointPublisher::Store(const SignedCheckpoint& c) {
  // tmp file, fsync, rename, fsync the directory: after a crash or a disk that went read-only
  // the file holds the old checkpoint or the new one, never a torn or empty note (which would
  // stop kinerjad from starting).
  const std::string tmp = options_.path + ".tmp";
  const std::string note = c.Note();
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return Status::IOError("cannot write " + tmp + ": " + std::strerror(errno));
  size_t done = 0;
  while (done < note.size()) {
    const ssize_t n = ::write(fd, note.data() + done, note.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      const int err = errno;
      ::close(fd);
      return Status::IOError("cannot write " + tmp + ": " + std::strerror(err));
    }
    done += static_cast<size_t>(n);
  }
  const bool synced = ::fsync(fd) == 0;
  const int sync_errno = errno;
  if (::close(fd) != 0 || !synced) {
    return Status::IOError("cannot fsync " + tmp + ": " + std::strerror(sync_errno));
  }
  if (::rename(tmp.c_str(), options_.path.c_str()) != 0) {
    return Status::IOError("cannot rename " + tmp + ": " + std::strerror(errno));
  }
  const std::string dir = std::filesystem::path(options_.path).parent_path().string();
  const int dfd = ::open(dir.empty() ? "." : dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dfd < 0) return Status::IOError("cannot open " + dir + ": " + std::strerror(errno));
  const bool dir_synced = ::fsync(dfd) == 0;
  ::close(dfd);
  if (!dir_synced) return Status::IOError("cannot fsync " + dir);
  return Status::Ok();
}

std::optional<SignedCheckpoint> CheckpointPublisher::Latest() const {
  std::lock_guard<std::mutex> lock(mu_);
  return latest_;
}

Status CheckpointPublisher::error() const {
  std::lock_guard<std::mutex> lock(mu_);
  return error_;
}

}  // namespace kinerja::eventstore
