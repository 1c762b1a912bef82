// The view store: documents per projection, prefix scans, snapshots, batches that read their own
// writes, save points, Reset, and refusing a directory that is not a view store.
#include "projections/view_store.h"

#include <gtest/gtest.h>

#include "eventstore/rocks_event_store.h"
#include "projections/memory_documents.h"
#include "tests/projections/test_projection.h"

namespace kinerja::projections {
namespace {

using testing::TempDir;

class ViewStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ViewStoreOptions o;
    o.path = dir_.Sub("views");
    auto v = ViewStore::Open(o);
    ASSERT_TRUE(v.ok()) << v.status().ToString();
    views_ = std::move(v).value();
  }

  void Commit(const std::string& projection, std::vector<Document> puts, uint64_t checkpoint) {
    auto batch = views_->NewBatch();
    for (const Document& d : puts) batch->View(projection).Put(d.key, d.value);
    batch->SetCheckpoint(projection, checkpoint);
    ASSERT_TRUE(views_->Commit(batch.get()).ok());
  }

  TempDir dir_;
  std::unique_ptr<ViewStore> views_;
};

TEST_F(ViewStoreTest, DocumentsAreScopedToTheirProjection) {
  Commit("a", {{"k1", "v1"}, {"k2", "v2"}}, 3);
  Commit("ab", {{"k1", "other"}}, 5);
  auto got = views_->Get("a", "k1");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->value(), "v1");
  auto missing = views_->Get("a", "nope");
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  auto dump = views_->Dump("a");
  ASSERT_TRUE(dump.ok());
  EXPECT_EQ(*dump, (std::vector<Document>{{"k1", "v1"}, {"k2", "v2"}}));
  auto meta = views_->Meta("ab");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->checkpoint, 5u);
  EXPECT_FALSE(meta->version.has_value());
}

TEST_F(ViewStoreTest, PrefixScanStopsAtThePrefixAndHonoursTheLimit) {
  Commit("p", {{"unit/a", "1"}, {"unit/b", "2"}, {"unit/c", "3"}, {"unitx", "4"}, {"v", "5"}}, 1);
  auto all = views_->Scan("p", "unit/");
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[2].key, "unit/c");
  auto two = views_->Scan("p", "unit/", 2);
  ASSERT_TRUE(two.ok());
  EXPECT_EQ(two->size(), 2u);
  auto none = views_->Scan("p", "zzz");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  // A prefix ending in 0xff bytes still has a correct upper bound.
  Commit("p", {{std::string("\xff\xff", 2) + "x", "6"}}, 2);
  auto ff = views_->Scan("p", std::string("\xff\xff", 2));
  ASSERT_TRUE(ff.ok());
  ASSERT_EQ(ff->size(), 1u);
  EXPECT_EQ((*ff)[0].value, "6");
}

TEST_F(ViewStoreTest, SnapshotSeesOnePointInTime) {
  Commit("p", {{"a", "1"}, {"b", "1"}}, 1);
  auto snap = views_->NewSnapshot();
  Commit("p", {{"a", "2"}, {"b", "2"}, {"c", "2"}}, 2);
  auto a = snap->Get("p", "a");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->value(), "1");
  auto scan = snap->Scan("p", "");
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(*scan, (std::vector<Document>{{"a", "1"}, {"b", "1"}}));
  auto meta = snap->Meta("p");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->checkpoint, 1u);
  auto now = views_->Get("p", "c");
  ASSERT_TRUE(now.ok());
  EXPECT_EQ(now->value(), "2");
}

TEST_F(ViewStoreTest, ForEachVisitsTheSnapshotsDocumentsInOrderAndStopsWhenAsked) {
  Commit("p", {{"unit/b", "2"}, {"unit/a", "1"}, {"unit/c", "3"}, {"unitx", "4"}}, 1);
  Commit("q", {{"unit/z", "other projection"}}, 1);
  auto snap = views_->NewSnapshot();
  Commit("p", {{"unit/a", "changed"}, {"unit/d", "after the snapshot"}}, 2);

  std::vector<Document> seen;
  auto collect = [&](std::string_view key, std::string_view value) {
    seen.push_back(Document{std::string(key), std::string(value)});
    return true;
  };
  ASSERT_TRUE(snap->ForEach("p", "unit/", collect).ok());
  EXPECT_EQ(seen, (std::vector<Document>{{"unit/a", "1"}, {"unit/b", "2"}, {"unit/c", "3"}}));
  // The same documents as Scan, which is built on it.
  auto scan = snap->Scan("p", "unit/");
  ASSERT_TRUE(scan.ok());
  EXPECT_EQ(*scan, seen);

  // The visitor's false stops the walk after that document.
  int visits = 0;
  ASSERT_TRUE(snap->ForEach("p", "", [&](std::string_view, std::string_view) {
                     return ++visits < 2;
                   }).ok());
  EXPECT_EQ(visits, 2);

  seen.clear();
  ASSERT_TRUE(snap->ForEach("p", "zzz", collect).ok());
  EXPECT_TRUE(seen.empty());
}

TEST_F(ViewStoreTest, BatchReadsItsOwnWritesAndRollsBackToSavePoints) {
  Commit("p", {{"k/1", "stored"}, {"k/3", "stored"}}, 1);
  auto batch = views_->NewBatch();
  DocumentView& v = batch->View("p");
  v.Put("k/2", "pending");
  v.Delete("k/3");
  EXPECT_EQ(v.Get("k/1"), std::optional<std::string>("stored"));
  EXPECT_EQ(v.Get("k/2"), std::optional<std::string>("pending"));
  EXPECT_FALSE(v.Get("k/3").has_value());
  std::vector<std::string> seen;
  v.Scan("k/", [&](std::string_view k, std::string_view val) {
    seen.push_back(std::string(k) + "=" + std::string(val));
    return true;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"k/1=stored", "k/2=pending"}));

  batch->SetSavePoint();
  v.Put("k/1", "changed");
  v.Put("k/9", "new");
  batch->RollbackToSavePoint();
  EXPECT_EQ(v.Get("k/1"), std::optional<std::string>("stored"));
  EXPECT_FALSE(v.Get("k/9").has_value());
  // Nothing is visible outside the batch until it is committed.
  auto outside = views_->Get("p", "k/2");
  ASSERT_TRUE(outside.ok());
  EXPECT_FALSE(outside->has_value());
  batch->SetCheckpoint("p", 7);
  ASSERT_TRUE(views_->Commit(batch.get()).ok());
  auto dump = views_->Dump("p");
  ASSERT_TRUE(dump.ok());
  EXPECT_EQ(*dump, (std::vector<Document>{{"k/1", "stored"}, {"k/2", "pending"}}));
  auto meta = views_->Meta("p");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->checkpoint, 7u);
}

TEST_F(ViewStoreTest, ResetWipesOneProjectionAndItsDeadLetters) {
  Commit("p", {{"a", "1"}}, 4);
  Commit("q", {{"a", "1"}}, 4);
  auto batch = views_->NewBatch();
  batch->AddDeadLetter("p", DeadLetter{3, "s", "T", "id", "why \"quoted\""});
  ASSERT_TRUE(views_->Commit(batch.get()).ok());
  auto dead = views_->DeadLetters("p");
  ASSERT_TRUE(dead.ok());
  ASSERT_EQ(dead->size(), 1u);
  EXPECT_EQ((*dead)[0], (DeadLetter{3, "s", "T", "id", "why \"quoted\""}));

  ASSERT_TRUE(views_->Reset("p", 9).ok());
  auto meta = views_->Meta("p");
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->checkpoint, 0u);
  EXPECT_EQ(meta->version, 9u);
  EXPECT_TRUE(views_->Dump("p")->empty());
  EXPECT_TRUE(views_->DeadLetters("p")->empty());
  EXPECT_EQ(views_->Dump("q")->size(), 1u);  // Untouched.
}

TEST_F(ViewStoreTest, ReopenKeepsDocumentsAndRefusesForeignDirectories) {
  Commit("p", {{"a", "1"}}, 2);
  views_.reset();
  ViewStoreOptions o;
  o.path = dir_.Sub("views");
  auto again = ViewStore::Open(o);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ((*again)->Get("p", "a")->value(), "1");

  {
    eventstore::RocksOptions eo;
    eo.path = dir_.Sub("events");
    eo.sync = false;
    auto es = eventstore::RocksEventStore::Open(eo);
    ASSERT_TRUE(es.ok());
  }
  ViewStoreOptions foreign;
  foreign.path = dir_.Sub("events");
  EXPECT_EQ(ViewStore::Open(foreign).status().code(),
            eventstore::StatusCode::kUnsupportedFormat);
  ViewStoreOptions empty;
  EXPECT_EQ(ViewStore::Open(empty).status().code(), eventstore::StatusCode::kInvalidArgument);
}

TEST(MemoryDocumentsTest, BehavesLikeTheBatchView) {
  MemoryDocuments m;
  m.Put("k/1", "a");
  m.Put("k/2", "b");
  m.Put("l", "c");
  m.SetSavePoint();
  m.Put("k/1", "changed");
  m.Delete("k/2");
  m.SetSavePoint();
  m.Put("k/3", "nested");
  m.PopSavePoint();
  m.RollbackToSavePoint();
  std::vector<std::string> seen;
  m.Scan("k/", [&](std::string_view k, std::string_view v) {
    seen.push_back(std::string(k) + "=" + std::string(v));
    return true;
  });
  EXPECT_EQ(seen, (std::vector<std::string>{"k/1=a", "k/2=b"}));
  EXPECT_EQ(m.size(), 3u);
}

}  // namespace
}  // namespace kinerja::projections
