#include "ops/crash-soak-src/runner.h"

#include <chrono>
#include <thread>

#include "tests/api/test_http_client.h"

namespace kinerja::crashsoak {
namespace {

using testing::HttpClient;
using testing::HttpResponse;

constexpr int kRequestTimeoutMs = 20000;
constexpr size_t kMaxDetails = 10;

// The top-level "position" of a command answer (its first occurrence precedes "events").
uint64_t AnswerPosition(const std::string& body) {
  const std::string tag = "\"position\":";
  const size_t at = body.find(tag);
  return at == std::string::npos ? 0 : std::strtoull(body.c_str() + at + tag.size(), nullptr, 10);
}

std::optional<Answer> SendOnce(HttpClient& client, const Entry& e, const std::string& token) {
  std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Bearer " + token},
      {"Content-Type", "application/json"},
      {"Idempotency-Key", e.key},
      {"X-Correlation-Id", e.key}};
  std::optional<HttpResponse> r = client.Send("POST", e.command.path, headers, e.command.body);
  if (!r) {
    client.Close();
    return std::nullopt;
  }
  if (r->Header("Connection").value_or("") == "close" ||
      r->Header("Connection").value_or("") == "Close") {
    client.Close();
  }
  Answer a;
  a.status = r->status;
  a.body = r->body;
  a.etag = r->Header("ETag").value_or("");
  a.location = r->Header("Location").value_or("");
  return a;
}

}  // namespace

Traffic& Traffic::operator+=(const Traffic& o) {
  attempts += o.attempts;
  answered += o.answered;
  acked += o.acked;
  refused += o.refused;
  no_answer += o.no_answer;
  reads += o.reads;
  reads_ok += o.reads_ok;
  return *this;
}

Runner::Runner(Workload* workload, Ledger* ledger, std::map<std::string, std::string> tokens,
               std::string reader_token, int threads)
    : workload_(workload),
      ledger_(ledger),
      tokens_(std::move(tokens)),
      reader_token_(std::move(reader_token)),
      threads_(threads),
      pending_(threads, nullptr),
      cursor_(threads, 0),
      stuck_(workload->items().size(), 0) {}

const std::string& Runner::TokenFor(const Command& c) const { return tokens_.at(c.sub); }

size_t Runner::pending() const {
  size_t n = 0;
  for (const Entry* e : pending_) n += e != nullptr;
  return n;
}

Traffic Runner::RunCycle(uint16_t port, int cycle, const std::atomic<bool>& killed) {
  std::vector<Traffic> per(threads_);
  std::vector<std::thread> workers;
  for (int w = 0; w < threads_; ++w) {
    workers.emplace_back([&, w] { Work(w, port, cycle, killed, &per[w]); });
  }
  for (auto& t : workers) t.join();
  Traffic total;
  for (const auto& t : per) total += t;
  return total;
}

void Runner::Work(int w, uint16_t port, int cycle, const std::atomic<bool>& killed, Traffic* t) {
  HttpClient client("127.0.0.1", port);
  client.set_timeout_ms(kRequestTimeoutMs);
  HttpClient reader("127.0.0.1", port);
  reader.set_timeout_ms(kRequestTimeoutMs);
  auto& items = workload_->items();
  std::vector<Item*> mine;
  for (auto& item : items) {
    if (item->index % threads_ == w) mine.push_back(item.get());
  }
  while (!killed.load()) {
    Entry* e = pending_[w];
    if (e == nullptr) {
      Command command;
      Item* chosen = nullptr;
      for (size_t n = 0; n < mine.size() && chosen == nullptr; ++n) {
        Item* item = mine[(cursor_[w] + n) % mine.size()];
        if (!stuck_[item->index] && workload_->Next(*item, &command)) chosen = item;
        if (chosen) cursor_[w] = (cursor_[w] + n + 1) % mine.size();
      }
      if (chosen == nullptr) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        continue;
      }
      e = &ledger_->Add(command, chosen->index, cycle);
      pending_[w] = e;
    }
    ++e->attempts;
    ++t->attempts;
    std::optional<Answer> answer = SendOnce(client, *e, TokenFor(e->command));
    if (!answer) {
      e->in_doubt = true;
      ++t->no_answer;
      if (!killed.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;  // the same key and body again (next cycle when the server is gone)
    }
    e->answer = std::move(answer);
    e->cycle_answered = cycle;
    pending_[w] = nullptr;
    ++t->answered;
    Item& item = *items[e->item];
    if (!e->acknowledged()) {
      ++t->refused;
      stuck_[item.index] = 1;
      std::lock_guard<std::mutex> lock(refusals_mu_);
      if (refusals_.size() < kMaxDetails) {
        refusals_.push_back(std::to_string(e->answer->status) + " " + e->command.label + " " +
                            e->command.path + ": " + e->answer->body.substr(0, 300));
      }
      continue;
    }
    ++t->acked;
    workload_->Advance(item, e->answer->body);
    // Read your writes now and then: the pegawai's dashboard at the answer's position.
    if (item.kind != ItemKind::kUnit && t->acked % 4 == 0) {
      const std::string target =
          "/v1/employees/" + item.id + "?minPosition=" + std::to_string(AnswerPosition(e->answer->body));
      auto r = reader.Send("GET", target, {{"Authorization", "Bearer " + reader_token_}});
      ++t->reads;
      if (!r) {
        reader.Close();
      } else if (r->status == 200) {
        ++t->reads_ok;
      }
    }
  }
}

Traffic Runner::DrainPending(uint16_t port, int cycle, int attempts) {
  Traffic t;
  HttpClient client("127.0.0.1", port);
  client.set_timeout_ms(kRequestTimeoutMs);
  for (Entry*& e : pending_) {
    for (int i = 0; e != nullptr && i < attempts; ++i) {
      ++e->attempts;
      ++t.attempts;
      std::optional<Answer> answer = SendOnce(client, *e, TokenFor(e->command));
      if (!answer) {
        e->in_doubt = true;
        ++t.no_answer;
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        continue;
      }
      e->answer = std::move(answer);
      e->cycle_answered = cycle;
      ++t.answered;
      Item& item = *workload_->items()[e->item];
      if (e->acknowledged()) {
        ++t.acked;
        workload_->Advance(item, e->answer->body);
      } else {
        ++t.refused;
        stuck_[item.index] = 1;
        if (refusals_.size() < kMaxDetails) {
          refusals_.push_back(std::to_string(e->answer->status) + " " + e->command.label + " " +
                              e->command.path + ": " + e->answer->body.substr(0, 300));
        }
      }
      e = nullptr;
    }
  }
  return t;
}

ReplayResult Runner::Replay(uint16_t port, const std::vector<Entry*>& entries, int threads) {
  ReplayResult result;
  std::mutex mu;
  std::atomic<size_t> next{0};
  auto work = [&] {
    HttpClient client("127.0.0.1", port);
    client.set_timeout_ms(kRequestTimeoutMs);
    for (size_t i = next++; i < entries.size(); i = next++) {
      const Entry& e = *entries[i];
      std::optional<Answer> again = SendOnce(client, e, TokenFor(e.command));
      if (!again) again = SendOnce(client, e, TokenFor(e.command));  // one reconnect
      std::lock_guard<std::mutex> lock(mu);
      ++result.checked;
      if (!again) {
        ++result.unanswered;
        if (result.details.size() < kMaxDetails) {
          result.details.push_back("no answer to the replay of " + e.key);
        }
      } else if (!(*again == *e.answer)) {
        ++result.changed;
        if (result.details.size() < kMaxDetails) {
          result.details.push_back(e.key + " " + e.command.label + " " + e.command.path +
                                   "\n    first:  " + std::to_string(e.answer->status) + " " +
                                   e.answer->etag + " " + e.answer->location + " " +
                                   e.answer->body.substr(0, 400) + "\n    replay: " +
                                   std::to_string(again->status) + " " + again->etag + " " +
                                   again->location + " " + again->body.substr(0, 400));
        }
      }
    }
  };
  std::vector<std::thread> pool;
  for (int i = 0; i < std::max(1, threads); ++i) pool.emplace_back(work);
  for (auto& t : pool) t.join();
  return result;
}

}  // namespace kinerja::crashsoak
