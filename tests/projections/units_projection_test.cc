// The units read model: pure fold tests on MemoryDocuments (given these events, then these
// documents), and the same fold run by the projector over the RocksDB event store, with a rebuild.
#include "projections/units_projection.h"

#include <gtest/gtest.h>

#include "domain/json/unit_codec.h"
#include "eventstore/memory_event_store.h"
#include "eventstore/rocks_event_store.h"
#include "projections/memory_documents.h"
#include "projections/projector.h"
#include "tests/projections/test_projection.h"

namespace kinerja::projections {
namespace {

using domain::OrganisationPredikatSet;
using domain::OrgPredikat;
using domain::UnitEvent;
using domain::UnitRegistered;
using eventstore::RecordedEvent;
using testing::TempDir;

constexpr int64_t kJan1 = 1767225600LL * 1000000;  // 2026-01-01T00:00:00Z

RecordedEvent Recorded(uint64_t position, const UnitEvent& event) {
  auto encoded = domain::json::EncodeUnitEvent(event);
  RecordedEvent e;
  e.position = position;
  e.stream = "unit-x";
  e.type = encoded.type;
  e.schema_version = static_cast<uint32_t>(encoded.version);
  e.data = encoded.data;
  e.recorded_at = kJan1 + static_cast<int64_t>(position) * 1000000;
  e.id = "00000000-0000-4000-8000-" + std::string(12 - std::to_string(position).size(), '0') +
         std::to_string(position);
  return e;
}

std::optional<UnitView> Unit(MemoryDocuments& docs, const std::string& id) {
  auto doc = docs.Get(UnitsProjection::UnitKey(id));
  if (!doc) return std::nullopt;
  return DecodeUnitView(*doc);
}

TEST(UnitsProjectionFold, RegisteredUnitsAndTheirPredikat) {
  UnitsProjection units;
  MemoryDocuments docs;
  auto failures = FoldAll(
      units,
      {Recorded(1, UnitRegistered{"pemkot", "Pemerintah Kota Pontianak", std::nullopt}),
       Recorded(2, UnitRegistered{"disdikbud", "Dinas Pendidikan dan Kebudayaan", "pemkot"}),
       Recorded(3, UnitRegistered{"dpmptsp", "DPMPTSP", "pemkot"}),
       Recorded(4, OrganisationPredikatSet{"disdikbud", 2026, OrgPredikat::kBaik}),
       Recorded(5, OrganisationPredikatSet{"disdikbud", 2025, OrgPredikat::kIstimewa}),
       Recorded(6, OrganisationPredikatSet{"disdikbud", 2026, OrgPredikat::kButuhPerbaikan})},
      &docs);
  EXPECT_TRUE(failures.empty());

  UnitView expected;
  expected.id = "disdikbud";
  expected.name = "Dinas Pendidikan dan Kebudayaan";
  expected.parent_id = "pemkot";
  expected.predikat_by_year = {{2025, "ISTIMEWA"}, {2026, "BUTUH_PERBAIKAN"}};
  expected.registered_at = "2026-01-01T00:00:02.000000Z";
  expected.position = 6;
  EXPECT_EQ(Unit(docs, "disdikbud"), expected);
  EXPECT_EQ(*docs.Get("unit/disdikbud"),
            "{\"id\":\"disdikbud\",\"name\":\"Dinas Pendidikan dan Kebudayaan\","
            "\"parentId\":\"pemkot\",\"predikat\":{\"2025\":\"ISTIMEWA\","
            "\"2026\":\"BUTUH_PERBAIKAN\"},\"registeredAt\":\"2026-01-01T00:00:02.000000Z\","
            "\"position\":6}");
  auto root = Unit(docs, "pemkot");
  ASSERT_TRUE(root);
  EXPECT_FALSE(root->parent_id);
  EXPECT_TRUE(root->predikat_by_year.empty());

  std::vector<std::string> children;
  docs.Scan(UnitsProjection::ChildPrefix("pemkot"), [&](std::string_view k, std::string_view) {
    children.emplace_back(k.substr(UnitsProjection::ChildPrefix("pemkot").size()));
    return true;
  });
  EXPECT_EQ(children, (std::vector<std::string>{"disdikbud", "dpmptsp"}));
}

TEST(UnitsProjectionFold, IgnoresOtherEventsAndDeadLettersWhatItCannotRead) {
  UnitsProjection units;
  MemoryDocuments docs;
  RecordedEvent other;
  other.position = 1;
  other.type = "EmployeeRegistered";
  other.data = "{}";
  RecordedEvent mangled = Recorded(2, UnitRegistered{"a", "A", std::nullopt});
  mangled.data = "{\"id\":\"a\"";  // Truncated JSON.
  RecordedEvent future = Recorded(3, UnitRegistered{"b", "B", std::nullopt});
  future.schema_version = 9;
  RecordedEvent orphan = Recorded(4, OrganisationPredikatSet{"ghost", 2026, OrgPredikat::kBaik});
  auto failures = FoldAll(units, {other, mangled, future, orphan}, &docs);
  ASSERT_EQ(failures.size(), 3u);
  EXPECT_EQ(failures[0].position, 2u);
  EXPECT_EQ(failures[1].position, 3u);
  EXPECT_NE(failures[1].error.find("event.unsupported_version"), std::string::npos);
  EXPECT_EQ(failures[2].error, "predikat for unknown unit ghost");
  EXPECT_EQ(docs.size(), 0u);
}

TEST(UnitsProjectionProjector, LiveOverRocksDbEqualsRebuildAndPureFold) {
  TempDir dir;
  eventstore::RocksOptions eo;
  eo.path = dir.Sub("events");
  eo.sync = false;
  auto store = eventstore::RocksEventStore::Open(eo);
  ASSERT_TRUE(store.ok());
  ViewStoreOptions vo;
  vo.path = dir.Sub("views");
  auto views = ViewStore::Open(vo);
  ASSERT_TRUE(views.ok());
  std::vector<std::unique_ptr<Projection>> ps;
  ps.push_back(std::make_unique<UnitsProjection>());
  auto projector = Projector::Open(store->get(), std::move(views).value(), std::move(ps));
  ASSERT_TRUE(projector.ok());
  (*projector)->Start();

  auto append = [&](const std::string& unit, const UnitEvent& event) {
    auto enc = domain::json::EncodeUnitEvent(event);
    eventstore::NewEvent ne;
    ne.type = enc.type;
    ne.schema_version = static_cast<uint32_t>(enc.version);
    ne.data = enc.data;
    auto r = (*store)->Append(domain::UnitStream(unit), eventstore::ExpectedVersion::Any(), {ne},
                              eventstore::AppendContext{});
    EXPECT_TRUE(r.ok()) << r.status().ToString();
    return r.ok() ? r->last_position : 0;
  };
  append("pemkot", UnitRegistered{"pemkot", "Pemerintah Kota Pontianak", std::nullopt});
  for (int i = 0; i < 8; ++i) {
    std::string id = "opd-" + std::to_string(i);
    append(id, UnitRegistered{id, "OPD " + std::to_string(i), "pemkot"});
    append(id, OrganisationPredikatSet{id, 2026, i % 2 ? OrgPredikat::kBaik : OrgPredikat::kIstimewa});
  }
  uint64_t last = append("opd-3", OrganisationPredikatSet{"opd-3", 2026, OrgPredikat::kKurang});
  ASSERT_TRUE((*projector)->WaitFor(last, std::chrono::seconds(30)));
  (*projector)->Stop();

  auto doc = (*projector)->views()->Get(UnitsProjection::kName, "unit/opd-3");
  ASSERT_TRUE(doc.ok());
  ASSERT_TRUE(doc->has_value());
  auto unit = DecodeUnitView(**doc);
  ASSERT_TRUE(unit);
  EXPECT_EQ(unit->predikat_by_year.at(2026), "KURANG");
  EXPECT_EQ(unit->position, last);
  auto children = (*projector)->views()->Scan(UnitsProjection::kName, "child/pemkot/");
  ASSERT_TRUE(children.ok());
  EXPECT_EQ(children->size(), 8u);

  auto live = (*projector)->views()->Dump(UnitsProjection::kName);
  ASSERT_TRUE(live.ok());
  auto all = (*store)->ReadAll(eventstore::AllRead{});
  ASSERT_TRUE(all.ok());
  MemoryDocuments pure;
  EXPECT_TRUE(FoldAll(UnitsProjection(), *all, &pure).empty());
  EXPECT_EQ(*live, pure.Dump());
  ASSERT_TRUE((*projector)->RebuildAll().ok());
  auto rebuilt = (*projector)->views()->Dump(UnitsProjection::kName);
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(*rebuilt, *live);
}

}  // namespace
}  // namespace kinerja::projections
