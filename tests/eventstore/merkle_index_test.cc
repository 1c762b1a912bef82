// MerkleIndex over both stores: roots and proofs at several sizes equal the independent
// reference MTH/PATH/PROOF over the events' chain hashes, across a restart (resume from the
// stored size), and a broken chain stops the index.
#include <gtest/gtest.h>
#include <rocksdb/db.h>

#include <memory>

#include "eventstore/hash_chain.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/merkle_index.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_layout.h"
#include "tests/eventstore/merkle_reference.h"
#include "tests/eventstore/test_util.h"

namespace kinerja::eventstore {
namespace {

namespace ref = merkle_reference;
using testing::TempDir;

void AppendEvents(EventStore& store, int count, int seed) {
  int done = 0;
  while (done < count) {
    const int batch = std::min(count - done, 1 + (done + seed) % 4);
    std::vector<NewEvent> events;
    for (int i = 0; i < batch; ++i) {
      events.push_back(testing::Ev("Happened", "{\"n\":" + std::to_string(done + i) + "}"));
    }
    auto r = store.Append("stream-" + std::to_string((done + seed) % 7), ExpectedVersion::Any(),
                          std::move(events), testing::Ctx());
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    done += batch;
  }
}

// The raw chain hashes of positions 1..head, read from the store.
std::vector<std::string> LeafData(EventStore& store) {
  std::vector<std::string> d;
  auto all = store.ReadAll(AllRead{});
  EXPECT_TRUE(all.ok());
  for (const auto& e : all.value()) {
    std::string raw;
    EXPECT_TRUE(FromHex(e.hash, &raw));
    d.push_back(raw);
  }
  return d;
}

void ExpectMatchesReference(const MerkleIndex& index, const std::vector<std::string>& d,
                            const std::vector<uint64_t>& sizes) {
  for (uint64_t n : sizes) {
    ASSERT_LE(n, d.size());
    const auto prefix = ref::Slice(d, 0, n);
    auto root = index.Root(n);
    ASSERT_TRUE(root.ok()) << root.status().ToString();
    EXPECT_EQ(root.value(), ref::Mth(prefix)) << "size " << n;
    if (n == 0) continue;
    for (uint64_t m : {uint64_t{0}, n / 3, n / 2, n - 1}) {
      auto path = index.InclusionProof(m, n);
      ASSERT_TRUE(path.ok());
      EXPECT_EQ(path.value(), ref::Path(m, prefix)) << m << "/" << n;
      EXPECT_TRUE(ref::VerifyInclusion(m, n, ref::Leaf(d[m]), path.value(), root.value()));
      EXPECT_EQ(index.LeafHash(m).value(), ref::Leaf(d[m]));
    }
    for (uint64_t m : {uint64_t{1}, n / 2 + 1, n}) {
      if (m > n) continue;
      auto proof = index.ConsistencyProof(m, n);
      ASSERT_TRUE(proof.ok());
      EXPECT_EQ(proof.value(), ref::Proof(m, prefix)) << m << "/" << n;
    }
  }
  EXPECT_EQ(index.Root(d.size() + 1).status().code(), StatusCode::kInvalidArgument);
}

TEST(MerkleIndex, FollowsTheMemoryStore) {
  TempDir dir;
  MemoryEventStore store;
  auto index = MerkleIndex::Open(&store, {dir.Sub("merkle")});
  ASSERT_TRUE(index.ok()) << index.status().ToString();
  EXPECT_EQ(index.value()->size(), 0u);
  EXPECT_EQ(index.value()->Root(0).value(), ref::Sha(""));
  AppendEvents(store, 100, 1);
  index.value()->Start();
  AppendEvents(store, 157, 2);
  ASSERT_TRUE(index.value()->WaitForSize(257, std::chrono::seconds(30)));
  EXPECT_TRUE(index.value()->error().ok());
  ExpectMatchesReference(*index.value(), LeafData(store), {1, 2, 3, 64, 100, 101, 128, 200, 257});
}

TEST(MerkleIndex, FollowsTheRocksStoreAndResumesAfterRestart) {
  TempDir dir;
  RocksOptions options;
  options.path = dir.Sub("events");
  options.sync = false;
  auto store = RocksEventStore::Open(options);
  ASSERT_TRUE(store.ok());
  MerkleIndexOptions index_options{dir.Sub("merkle")};
  index_options.batch_events = 64;  // several batches while catching up
  {
    auto index = MerkleIndex::Open(store.value().get(), index_options);
    ASSERT_TRUE(index.ok());
    AppendEvents(*store.value(), 300, 3);
    index.value()->Start();
    ASSERT_TRUE(index.value()->WaitForSize(300, std::chrono::seconds(30)));
    index.value()->Stop();
    ExpectMatchesReference(*index.value(), LeafData(*store.value()), {1, 5, 63, 64, 65, 300});
  }
  AppendEvents(*store.value(), 211, 4);  // while no index runs
  {
    auto index = MerkleIndex::Open(store.value().get(), index_options);
    ASSERT_TRUE(index.ok());
    EXPECT_EQ(index.value()->size(), 300u);  // resumed from its own checkpoint
    ASSERT_TRUE(index.value()->CatchUp().ok());
    EXPECT_EQ(index.value()->size(), 511u);
    index.value()->Start();
    AppendEvents(*store.value(), 2, 5);
    ASSERT_TRUE(index.value()->WaitForSize(513, std::chrono::seconds(30)));
    ExpectMatchesReference(*index.value(), LeafData(*store.value()),
                           {1, 256, 300, 301, 511, 512, 513});
  }
}

TEST(MerkleIndex, RefusesAnEventThatDoesNotMatchItsHash) {
  TempDir dir;
  RocksOptions options;
  options.path = dir.Sub("events");
  options.sync = false;
  auto store = RocksEventStore::Open(options);
  ASSERT_TRUE(store.ok());
  AppendEvents(*store.value(), 20, 6);
  // Rewrite the data of position 12 underneath the store (hash untouched).
  rocksdb::DB* db = store.value()->raw_db();
  std::string value;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), layout::EventKey(12), &value).ok());
  RecordedEvent e;
  ASSERT_TRUE(DecodeRecord(value, &e));
  e.data = "{\"n\":999}";
  std::string rewritten;
  EncodeRecord(e, &rewritten);
  ASSERT_TRUE(db->Put(rocksdb::WriteOptions(), layout::EventKey(12), rewritten).ok());

  auto index = MerkleIndex::Open(store.value().get(), {dir.Sub("merkle")});
  ASSERT_TRUE(index.ok());
  Status s = index.value()->CatchUp();
  EXPECT_EQ(s.code(), StatusCode::kCorruption);
  EXPECT_NE(s.message().find("12"), std::string::npos) << s.message();
  EXPECT_EQ(index.value()->error().code(), StatusCode::kCorruption);
  EXPECT_LE(index.value()->size(), 11u);
}

TEST(MerkleIndex, RefusesADirectoryThatIsNotAnIndex) {
  TempDir dir;
  RocksOptions options;
  options.path = dir.Sub("events");
  auto store = RocksEventStore::Open(options);
  ASSERT_TRUE(store.ok());
  store.value().reset();  // releases the RocksDB lock
  MemoryEventStore memory;
  EXPECT_EQ(MerkleIndex::Open(&memory, {dir.Sub("events")}).status().code(),
            StatusCode::kUnsupportedFormat);
}

}  // namespace
}  // namespace kinerja::eventstore
