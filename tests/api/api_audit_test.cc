// The audit API (/v1/audit/*) over real HTTP: the log paged by position with every filter, one
// stream and an aggregate's state as of a position or a time at the edges (before the stream
// existed, exactly at an event, after the last), the hash-chain check before and after an event is
// rewritten straight in RocksDB, and who may call it (auditor and admin only, every call logged).
#include <gtest/gtest.h>
#include <rocksdb/db.h>
#include <spdlog/sinks/null_sink.h>
#include <spdlog/sinks/ostream_sink.h>

#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "api/app/audit_log.h"
#include "eventstore/record_codec.h"
#include "eventstore/rocks_event_store.h"
#include "eventstore/rocks_layout.h"
#include "tests/api/api_commands_world.h"

namespace kinerja::testing {
namespace {

const bool kQuietAuditLog = [] {
  app::SetAuditLogger(std::make_shared<spdlog::logger>(
                          "audit-test", std::make_shared<spdlog::sinks::null_sink_mt>()),
                      http::LogFormat::kText);
  return true;
}();

const std::string kPerson = std::string("/v1/employees/") + kP;
const std::string kPegawaiStream = std::string("pegawai-") + kP;
const std::string kSkpStream = std::string("skp-") + kP + "-2026";
const std::string kAppraisalStream = std::string("appraisal-") + kP + "-2026-Q1";

rapidjson::Document Ok200(const HttpResponse& r) {
  EXPECT_EQ(r.status, 200) << r.body;
  rapidjson::Document doc = ParseJson(r.body);
  EXPECT_TRUE(doc.IsObject()) << r.body;
  return doc;
}

std::vector<uint64_t> Positions(const rapidjson::Value& events) {
  std::vector<uint64_t> out;
  for (const auto& e : events.GetArray()) out.push_back(e["position"].GetUint64());
  return out;
}

std::string Str(const rapidjson::Value& v, const char* key) {
  return v.HasMember(key) && v[key].IsString() ? v[key].GetString() : "<missing>";
}

// A year's worth of history with distinct times:
//   2026-01-05T01:00Z  unit + 5 pegawai registered (positions 1..6)
//   2026-02-01T02:00Z  P's assignment changed (jabatan, golongan) from 2026-02-01
//   2026-02-10T03:00Z  P saves a draft SKP; 2026-02-11 submits; 2026-02-12 S approves
//   2026-04-02T04:00Z  S records P's 2026-Q1 appraisal; 2026-04-03 P accepts it
struct History {
  explicit History(ApiHarness& api) : w(api) {
    w.Register();
    registered = Head(api);
    api.SetNow("2026-02-01T02:00:00Z");
    w.Ok(api.Post(kPerson + "/assignment", w.admin,
                  R"({"jabatan":"Analis Kebijakan","golongan":"III/b","effectiveDate":"2026-02-01"})"));
    assignment = Head(api);
    api.SetNow("2026-02-10T03:00:00Z");
    w.Ok(api.Post(kPerson + "/work-plans/2026", w.p, PlanBody(true)));
    api.SetNow("2026-02-11T03:00:00Z");
    w.Ok(api.Post(kPerson + "/work-plans/2026", w.p, PlanBody()));
    submitted = Head(api);
    api.SetNow("2026-02-12T03:00:00Z");
    w.Ok(api.Post(kPerson + "/work-plans/2026/approve", w.s, ""));
    approved = Head(api);
    api.SetNow("2026-04-02T04:00:00Z");
    w.Ok(api.Post(kPerson + "/appraisals/2026-Q1", w.s,
                  AppraisalBody("DI_ATAS_EKSPEKTASI", "DI_ATAS_EKSPEKTASI")));
    recorded = Head(api);
    api.SetNow("2026-04-03T04:00:00Z");
    w.Ok(api.Post(kPerson + "/appraisals/2026-Q1/accept", w.p, ""));
    accepted = Head(api);
  }
  World w;
  uint64_t registered = 0, assignment = 0, submitted = 0, approved = 0, recorded = 0,
           accepted = 0;
};

TEST(ApiAudit, EventsArePagedByPositionWithTheWholeEnvelopeAndChainedHashes) {
  ApiHarness api;
  History h(api);
  const uint64_t head = Head(api);
  ASSERT_GE(head, 11u);
  std::vector<uint64_t> seen;
  std::string previous_hash = std::string(64, '0');
  std::string next = "/v1/audit/events?limit=3";
  int pages = 0;
  while (!next.empty()) {
    auto doc = Ok200(api.Get(next, h.w.auditor));
    ASSERT_TRUE(doc["events"].IsArray());
    EXPECT_LE(doc["events"].Size(), 3u);
    EXPECT_EQ(doc["head"].GetUint64(), head);
    for (const auto& e : doc["events"].GetArray()) {
      seen.push_back(e["position"].GetUint64());
      EXPECT_EQ(Str(e, "prevHash"), previous_hash);
      EXPECT_EQ(Str(e, "hash").size(), 64u);
      previous_hash = Str(e, "hash");
      EXPECT_TRUE(e["stream"].IsString());
      EXPECT_TRUE(e["streamVersion"].IsUint64());
      EXPECT_EQ(Str(e, "id").size(), 36u);
      EXPECT_TRUE(e["type"].IsString());
      EXPECT_TRUE(e["schemaVersion"].IsUint());
      EXPECT_EQ(Str(e, "recordedAt").back(), 'Z');
      EXPECT_TRUE(e["actor"].IsString());
      EXPECT_TRUE(e["correlationId"].IsString());
      EXPECT_TRUE(e["causationId"].IsString());
      EXPECT_TRUE(e["data"].IsObject());
      EXPECT_TRUE(e["metadata"].IsObject());
    }
    next = doc["nextFrom"].IsNull()
               ? ""
               : "/v1/audit/events?limit=3&from=" + std::to_string(doc["nextFrom"].GetUint64());
    ASSERT_LT(++pages, 20);
  }
  std::vector<uint64_t> all;
  for (uint64_t p = 1; p <= head; ++p) all.push_back(p);
  EXPECT_EQ(seen, all);

  // The default page holds everything here (limit 100) and says there is nothing more.
  auto whole = Ok200(api.Get("/v1/audit/events", h.w.admin));
  EXPECT_EQ(whole["events"].Size(), head);
  EXPECT_TRUE(whole["nextFrom"].IsNull());
  // The first event is the unit's registration, by the admin.
  EXPECT_EQ(Str(whole["events"][0], "type"), "UnitRegistered");
  EXPECT_EQ(Str(whole["events"][0], "actor"), "bkpsdm-admin");
  EXPECT_EQ(Str(whole["events"][0], "recordedAt"), "2026-01-05T01:00:00.000000Z");
  EXPECT_EQ(Str(whole["events"][0]["data"], "id"), "disdik");
  // A page starting beyond the head is empty.
  auto beyond = Ok200(api.Get("/v1/audit/events?from=" + std::to_string(head + 1), h.w.auditor));
  EXPECT_EQ(beyond["events"].Size(), 0u);
  EXPECT_TRUE(beyond["nextFrom"].IsNull());
}

TEST(ApiAudit, EventsFilterByStreamTypeActorAndTime) {
  ApiHarness api;
  History h(api);
  auto by_stream = Ok200(api.Get("/v1/audit/events?stream=" + kPegawaiStream, h.w.auditor));
  ASSERT_EQ(by_stream["events"].Size(), 2u);
  EXPECT_EQ(Str(by_stream["events"][0], "type"), "EmployeeRegistered");
  EXPECT_EQ(Str(by_stream["events"][1], "type"), "AssignmentChanged");
  EXPECT_EQ(by_stream["events"][1]["position"].GetUint64(), h.assignment);
  // Paging within a stream.
  auto stream_page = Ok200(api.Get("/v1/audit/events?limit=1&stream=" + kPegawaiStream,
                                   h.w.auditor));
  ASSERT_EQ(stream_page["events"].Size(), 1u);
  ASSERT_TRUE(stream_page["nextFrom"].IsUint64());
  auto stream_rest = Ok200(api.Get("/v1/audit/events?stream=" + kPegawaiStream + "&from=" +
                                       std::to_string(stream_page["nextFrom"].GetUint64()),
                                   h.w.auditor));
  ASSERT_EQ(stream_rest["events"].Size(), 1u);
  EXPECT_EQ(Str(stream_rest["events"][0], "type"), "AssignmentChanged");
  EXPECT_TRUE(stream_rest["nextFrom"].IsNull());

  auto by_type = Ok200(api.Get("/v1/audit/events?type=EmployeeRegistered", h.w.auditor));
  EXPECT_EQ(by_type["events"].Size(), 5u);
  for (const auto& e : by_type["events"].GetArray()) EXPECT_EQ(Str(e, "type"), "EmployeeRegistered");

  auto by_actor = Ok200(api.Get(std::string("/v1/audit/events?actor=") + kS, h.w.auditor));
  std::vector<std::string> types;
  for (const auto& e : by_actor["events"].GetArray()) {
    EXPECT_EQ(Str(e, "actor"), kS);
    types.push_back(Str(e, "type"));
  }
  EXPECT_EQ(types, (std::vector<std::string>{"WorkPlanApproved", "AppraisalRecorded"}));

  // since/until are inclusive RFC 3339 bounds on recordedAt.
  auto february = Ok200(api.Get(
      "/v1/audit/events?since=2026-02-01T02:00:00Z&until=2026-02-11T03:00:00Z", h.w.auditor));
  types.clear();
  for (const auto& e : february["events"].GetArray()) types.push_back(Str(e, "type"));
  EXPECT_EQ(types, (std::vector<std::string>{"AssignmentChanged", "WorkPlanDraftSaved",
                                             "WorkPlanSubmitted"}));
  auto since_april = Ok200(api.Get("/v1/audit/events?since=2026-04-01T00:00:00%2B07:00",
                                   h.w.auditor));
  EXPECT_EQ(Positions(since_april["events"]),
            (std::vector<uint64_t>{h.recorded, h.accepted}));
  auto until_january = Ok200(api.Get("/v1/audit/events?until=2026-01-31T23:59:59Z", h.w.auditor));
  EXPECT_EQ(until_january["events"].Size(), h.registered);
  // Filters combine.
  auto combined = Ok200(api.Get(std::string("/v1/audit/events?type=WorkPlanSubmitted&actor=") +
                                    kP + "&stream=" + kSkpStream + "&since=2026-02-11T03:00:00Z",
                                h.w.auditor));
  EXPECT_EQ(Positions(combined["events"]), (std::vector<uint64_t>{h.submitted}));
  auto none = Ok200(api.Get("/v1/audit/events?type=NoSuchEvent", h.w.auditor));
  EXPECT_EQ(none["events"].Size(), 0u);
  EXPECT_TRUE(none["nextFrom"].IsNull());
}

TEST(ApiAudit, BadQueryParametersAre400Problems) {
  ApiHarness api;
  World w(api);
  for (const std::string target :
       {"/v1/audit/events?from=0", "/v1/audit/events?from=abc", "/v1/audit/events?from=-1",
        "/v1/audit/events?limit=0", "/v1/audit/events?limit=1001", "/v1/audit/events?limit=1e3",
        "/v1/audit/events?since=yesterday", "/v1/audit/events?until=2026-13-01T00:00:00Z",
        "/v1/audit/events?since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z",
        "/v1/audit/events?from=99999999999999999999999",
        "/v1/audit/streams/unit-disdik?asOf=tomorrow", "/v1/audit/streams/unit-disdik?asOf=-3",
        "/v1/audit/state/unit-disdik?asOf=2026-02-30T00:00:00Z", "/v1/audit/verify?from=0",
        "/v1/audit/verify?from=5&to=4", "/v1/audit/verify?to=x"}) {
    auto r = api.Get(target, w.auditor);
    EXPECT_EQ(r.status, 400) << target << " " << r.body;
    EXPECT_NE(r.Header("Content-Type").value_or("").find("application/problem+json"),
              std::string::npos)
        << target;
    EXPECT_NE(r.body.find("invalid_query"), std::string::npos) << target << " " << r.body;
  }
  EXPECT_EQ(api.Get("/v1/audit/events?limit=1000", w.auditor).status, 200);
}

TEST(ApiAudit, StreamAsOfAtTheEdges) {
  ApiHarness api;
  History h(api);
  const std::string base = "/v1/audit/streams/" + kPegawaiStream;
  auto count = [&](const std::string& as_of) {
    auto doc = Ok200(api.Get(base + "?asOf=" + as_of, h.w.auditor));
    EXPECT_EQ(Str(doc, "stream"), kPegawaiStream);
    return doc["events"].Size();
  };
  // Before the stream existed: by position and by time.
  EXPECT_EQ(count("0"), 0u);
  EXPECT_EQ(count("2026-01-05T00:59:59.999999Z"), 0u);
  auto before = Ok200(api.Get(base + "?asOf=0", h.w.auditor));
  EXPECT_EQ(before["version"].GetUint64(), 0u);
  // The registration's own time and position admit it.
  auto all = Ok200(api.Get(base, h.w.auditor));
  ASSERT_EQ(all["events"].Size(), 2u);
  EXPECT_EQ(all["version"].GetUint64(), 2u);
  const uint64_t registration = all["events"][0]["position"].GetUint64();
  EXPECT_EQ(count(std::to_string(registration)), 1u);
  EXPECT_EQ(count(std::to_string(registration - 1)), 0u);
  EXPECT_EQ(count("2026-01-05T01:00:00Z"), 1u);
  // Exactly at the assignment change: its position and its recordedAt admit it; one before not.
  EXPECT_EQ(count(std::to_string(h.assignment)), 2u);
  EXPECT_EQ(count(std::to_string(h.assignment - 1)), 1u);
  const std::string changed_at = Str(all["events"][1], "recordedAt");
  EXPECT_EQ(changed_at, "2026-02-01T02:00:00.000000Z");
  EXPECT_EQ(count(changed_at), 2u);
  EXPECT_EQ(count("2026-02-01T01:59:59.999999Z"), 1u);
  EXPECT_EQ(count("2026-02-01T09:00:00%2B07:00"), 2u);  // the same instant in WIB
  // After the last event.
  EXPECT_EQ(count(std::to_string(Head(api))), 2u);
  EXPECT_EQ(count("99999999"), 2u);
  EXPECT_EQ(count("2100-01-01T00:00:00Z"), 2u);
  // A stream that never existed is an empty list, not an error.
  auto missing = Ok200(api.Get("/v1/audit/streams/pegawai-000000000000000000", h.w.auditor));
  EXPECT_EQ(missing["events"].Size(), 0u);
  EXPECT_EQ(missing["version"].GetUint64(), 0u);
}

TEST(ApiAudit, PegawaiStateAsOfBeforeAndAfterTheAssignmentChange) {
  ApiHarness api;
  History h(api);
  const std::string base = "/v1/audit/state/" + kPegawaiStream;
  // Before it existed: 404 by position and by time.
  for (const char* as_of : {"0", "2026-01-04T00:00:00Z"}) {
    auto r = api.Get(base + "?asOf=" + as_of, h.w.auditor);
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_NE(r.body.find("audit.stream_not_found"), std::string::npos) << r.body;
  }
  // Before the change (one position earlier, and on 31 January).
  for (const std::string& as_of : {std::to_string(h.assignment - 1), std::string("2026-01-31T12:00:00Z")}) {
    auto doc = Ok200(api.Get(base + "?asOf=" + as_of, h.w.auditor));
    EXPECT_EQ(Str(doc, "aggregate"), "pegawai");
    EXPECT_EQ(doc["version"].GetUint64(), 1u);
    const auto& s = doc["state"];
    EXPECT_TRUE(s["exists"].GetBool());
    EXPECT_EQ(Str(s, "nip"), kP);
    EXPECT_EQ(Str(s, "name"), "Staf");
    EXPECT_EQ(Str(s, "status"), "PNS");
    EXPECT_EQ(Str(s, "registeredFrom"), "2026-01-05");
    ASSERT_EQ(s["timeline"].Size(), 1u);
    EXPECT_EQ(Str(s["timeline"][0], "unitId"), "disdik");
    const auto& assignment = s["derived"]["assignment"];
    ASSERT_TRUE(assignment.IsObject()) << as_of;
    EXPECT_EQ(Str(assignment, "jabatan"), "Jabatan Staf");
    EXPECT_EQ(Str(assignment, "golongan"), "III/a");
    EXPECT_EQ(Str(assignment, "supervisorNip"), kS);
    EXPECT_EQ(Str(assignment, "jenisJabatan"), "pelaksana");
  }
  // Exactly at the change and after it.
  for (const std::string& as_of : {std::to_string(h.assignment), std::string("2026-02-01T02:00:00Z"),
                                  std::string("2026-12-31T00:00:00Z")}) {
    auto doc = Ok200(api.Get(base + "?asOf=" + as_of, h.w.auditor));
    EXPECT_EQ(doc["version"].GetUint64(), 2u) << as_of;
    const auto& s = doc["state"];
    ASSERT_EQ(s["timeline"].Size(), 2u);
    EXPECT_EQ(Str(s["timeline"][1], "effectiveDate"), "2026-02-01");
    EXPECT_EQ(Str(s["timeline"][1], "jabatan"), "Analis Kebijakan");
    EXPECT_FALSE(s["timeline"][1].HasMember("unitId"));  // a delta: only what changed
    EXPECT_FALSE(s["timeline"][1]["removeSupervisor"].GetBool());
    EXPECT_EQ(Str(s["derived"]["assignment"], "jabatan"), "Analis Kebijakan");
    EXPECT_EQ(Str(s["derived"]["assignment"], "golongan"), "III/b");
    EXPECT_EQ(Str(s["derived"]["assignment"], "supervisorNip"), kS);
  }
  // Without asOf: now.
  auto now = Ok200(api.Get(base, h.w.admin));
  EXPECT_EQ(now["version"].GetUint64(), 2u);
  EXPECT_EQ(Str(now, "on"), "2026-04-03");
}

TEST(ApiAudit, SkpAndAppraisalStateAsOf) {
  ApiHarness api;
  History h(api);
  const std::string skp = "/v1/audit/state/" + kSkpStream + "?asOf=";
  auto draft = Ok200(api.Get(skp + std::to_string(h.submitted - 1), h.w.auditor));
  EXPECT_EQ(Str(draft["state"], "status"), "DRAFT");
  EXPECT_TRUE(draft["state"]["draft"].IsObject());
  EXPECT_EQ(draft["state"]["versions"].Size(), 0u);
  auto submitted = Ok200(api.Get(skp + std::to_string(h.submitted), h.w.auditor));
  const auto& s1 = submitted["state"];
  EXPECT_EQ(Str(s1, "status"), "SUBMITTED");
  EXPECT_EQ(s1["currentVersion"].GetInt(), 1);
  EXPECT_EQ(s1["approvedVersion"].GetInt(), 0);
  EXPECT_FALSE(s1.HasMember("draft"));
  ASSERT_EQ(s1["versions"].Size(), 1u);
  const auto& rhk = s1["versions"][0]["plan"]["rhk"][0];
  EXPECT_EQ(Str(rhk, "id"), "rhk-1");
  EXPECT_EQ(Str(rhk, "kind"), "utama");
  EXPECT_EQ(Str(rhk["indikator"][0], "aspect"), "kuantitas");
  EXPECT_EQ(rhk["indikator"][0]["target"].GetDouble(), 12.0);
  auto approved = Ok200(api.Get(skp + "2026-02-12T03:00:00Z", h.w.auditor));
  const auto& s2 = approved["state"];
  EXPECT_EQ(Str(s2, "status"), "APPROVED");
  EXPECT_EQ(s2["approvedVersion"].GetInt(), 1);
  const auto& history = s2["versions"][0]["history"];
  ASSERT_EQ(history.Size(), 2u);
  EXPECT_EQ(Str(history[1], "status"), "APPROVED");
  EXPECT_EQ(Str(history[1], "actor"), kS);
  EXPECT_EQ(Str(history[1], "at"), "2026-02-12T03:00:00.000000Z");

  const std::string appraisal = "/v1/audit/state/" + kAppraisalStream + "?asOf=";
  EXPECT_EQ(api.Get(appraisal + std::to_string(h.recorded - 1), h.w.auditor).status, 404);
  auto recorded = Ok200(api.Get(appraisal + std::to_string(h.recorded), h.w.auditor));
  const auto& a1 = recorded["state"];
  EXPECT_EQ(Str(a1, "status"), "RECORDED");
  EXPECT_EQ(Str(a1, "period"), "2026-Q1");
  EXPECT_EQ(Str(a1, "hasilKerja"), "DI_ATAS_EKSPEKTASI");
  EXPECT_EQ(Str(a1, "recordedPredikat"), "SANGAT_BAIK");
  EXPECT_EQ(Str(a1, "recordedBy"), kS);
  EXPECT_EQ(Str(a1, "receivedOn"), "2026-04-02");
  EXPECT_EQ(a1["skpVersion"].GetInt(), 1);
  EXPECT_FALSE(a1.HasMember("acceptedAt"));
  EXPECT_FALSE(a1["derived"]["accepted"].GetBool());
  auto accepted = Ok200(api.Get(appraisal + "2026-04-03T04:00:00Z", h.w.auditor));
  const auto& a2 = accepted["state"];
  EXPECT_EQ(Str(a2, "status"), "ACCEPTED");
  EXPECT_EQ(Str(a2, "acceptedAt"), "2026-04-03T04:00:00.000000Z");
  EXPECT_TRUE(a2["derived"]["accepted"].GetBool());
  EXPECT_EQ(Str(a2["derived"], "predikat"), "SANGAT_BAIK");
}

TEST(ApiAudit, StateOfEveryOtherAggregateAndUnknownPrefixes) {
  ApiHarness api;
  World w(api);
  w.Register();
  w.Ok(api.Post("/v1/units/disdik/organisation-predikat", w.admin,
                R"({"year":2026,"predikat":"ISTIMEWA"})"));
  auto training = ParseJson(api.Post("/v1/trainings", w.admin,
                                     std::string(R"({"nip":")") + kP +
                                         R"(","title":"Diklat","kind":"seminar","jp":8,)"
                                         R"("startDate":"2026-01-02","endDate":"2026-01-03"})")
                                .body);
  ASSERT_TRUE(training.HasMember("id"));
  const std::string training_id = training["id"].GetString();
  w.Ok(api.Post("/v1/trainings/" + training_id + "/complete", w.admin,
                R"({"completedOn":"2026-01-03","jp":8,"certificate":"S-1"})"));
  w.Ok(api.Post(kPerson + "/recognitions", w.admin,
                R"({"year":2026,"title":"Teladan","reason":"Layanan"})"));
  auto innovation = ParseJson(api.Post(kPerson + "/innovations", w.p,
                                       R"({"year":2026,"title":"Izin kilat","description":"1 hari"})")
                                  .body);
  ASSERT_TRUE(innovation.HasMember("id"));
  const std::string innovation_id = innovation["id"].GetString();
  w.Ok(api.Post(kPerson + "/innovations/" + innovation_id + "/acknowledge", w.s, ""));
  w.Ok(api.Post(kPerson + "/disciplinary-actions", w.admin,
                R"({"level":"ringan","type":"teguran_lisan","decidedOn":"2026-01-05","reason":"Telat"})"));

  auto unit = Ok200(api.Get("/v1/audit/state/unit-disdik", w.auditor));
  EXPECT_EQ(Str(unit["state"], "name"), "Dinas Pendidikan");
  EXPECT_EQ(Str(unit["state"]["predikatByYear"], "2026"), "ISTIMEWA");
  auto t = Ok200(api.Get("/v1/audit/state/training-" + training_id, w.auditor));
  EXPECT_EQ(Str(t["state"], "status"), "COMPLETED");
  EXPECT_EQ(t["state"]["jpEarned"].GetInt(), 8);
  EXPECT_EQ(Str(t["state"], "kind"), "seminar");
  EXPECT_EQ(Str(t["state"], "certificate"), "S-1");
  auto r = Ok200(api.Get(std::string("/v1/audit/state/recognition-") + kP, w.auditor));
  ASSERT_EQ(r["state"]["recognitions"].Size(), 1u);
  EXPECT_EQ(Str(r["state"]["recognitions"][0], "title"), "Teladan");
  auto i = Ok200(api.Get("/v1/audit/state/innovation-" + innovation_id, w.auditor));
  EXPECT_TRUE(i["state"]["acknowledged"].GetBool());
  EXPECT_EQ(Str(i["state"], "acknowledgedBy"), kS);
  auto d = Ok200(api.Get(std::string("/v1/audit/state/discipline-") + kP, w.auditor));
  ASSERT_EQ(d["state"]["actions"].Size(), 1u);
  EXPECT_EQ(Str(d["state"]["actions"][0], "level"), "ringan");
  EXPECT_EQ(Str(d["state"]["actions"][0], "type"), "teguran_lisan");
  // The follow-up aggregate is recognised (no follow-up exists here: 404 stream_not_found).
  auto f = api.Get(std::string("/v1/audit/state/followup-") + kP + "-2026", w.auditor);
  EXPECT_EQ(f.status, 404);
  EXPECT_NE(f.body.find("audit.stream_not_found"), std::string::npos);
  for (const std::string stream : {"nothing-1", "units-disdik", "unit-", "pegawai"}) {
    auto unknown = api.Get("/v1/audit/state/" + stream, w.auditor);
    EXPECT_EQ(unknown.status, 404) << stream;
    EXPECT_NE(unknown.body.find("audit.unknown_aggregate"), std::string::npos) << stream;
  }
}

// Rewrites the data of the event at `position` (same length, hash untouched), as an attacker with
// access to the files would.
void TamperEvent(const std::string& data_dir, uint64_t position) {
  eventstore::RocksOptions options;
  options.path = data_dir + "/events";
  options.create_if_missing = false;
  auto store = eventstore::RocksEventStore::Open(options);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  rocksdb::DB* db = store.value()->raw_db();
  std::string value;
  ASSERT_TRUE(db->Get(rocksdb::ReadOptions(), eventstore::layout::EventKey(position), &value).ok());
  eventstore::RecordedEvent e;
  ASSERT_TRUE(eventstore::DecodeRecord(value, &e));
  const size_t at = e.data.find("Analis");
  ASSERT_NE(at, std::string::npos) << e.data;
  e.data.replace(at, 6, "Kepala");
  std::string rewritten;
  eventstore::EncodeRecord(e, &rewritten);
  rocksdb::WriteOptions wo;
  wo.sync = true;
  ASSERT_TRUE(db->Put(wo, eventstore::layout::EventKey(position), rewritten).ok());
}

TEST(ApiAudit, VerifyPassesThenNamesTheTamperedPosition) {
  ApiHarness first;
  History h(first);
  const uint64_t head = Head(first);
  auto clean = Ok200(first.Get("/v1/audit/verify", h.w.auditor));
  EXPECT_TRUE(clean["ok"].GetBool());
  EXPECT_EQ(clean["checked"].GetUint64(), head);
  EXPECT_EQ(clean["lastPosition"].GetUint64(), head);
  auto last = Ok200(first.Get("/v1/audit/events?from=" + std::to_string(head), h.w.auditor));
  EXPECT_EQ(Str(clean, "headHash"), Str(last["events"][0], "hash"));
  EXPECT_FALSE(clean.HasMember("firstBrokenPosition"));
  auto range = Ok200(first.Get("/v1/audit/verify?from=3&to=5", h.w.auditor));
  EXPECT_TRUE(range["ok"].GetBool());
  EXPECT_EQ(range["checked"].GetUint64(), 3u);
  EXPECT_EQ(range["lastPosition"].GetUint64(), 5u);

  first.service().Stop();
  TamperEvent(first.data_dir(), h.assignment);

  ApiHarnessOptions options;
  options.data_dir = first.data_dir();
  options.now = "2026-05-01T00:00:00Z";
  ApiHarness second(options);
  const std::string auditor = second.Token("bpk-auditor", {"auditor"});
  auto broken = Ok200(second.Get("/v1/audit/verify", auditor));
  EXPECT_FALSE(broken["ok"].GetBool());
  EXPECT_EQ(broken["firstBrokenPosition"].GetUint64(), h.assignment);
  EXPECT_TRUE(broken["detail"].IsString());
  EXPECT_FALSE(std::string(broken["detail"].GetString()).empty());
  // The chain before the tampered event still verifies.
  auto before = Ok200(second.Get("/v1/audit/verify?to=" + std::to_string(h.assignment - 1),
                                 auditor));
  EXPECT_TRUE(before["ok"].GetBool());
  EXPECT_EQ(before["checked"].GetUint64(), h.assignment - 1);
  // And the audit API shows what is stored now.
  auto events = Ok200(second.Get("/v1/audit/events?stream=" + kPegawaiStream, auditor));
  EXPECT_EQ(Str(events["events"][1]["data"], "jabatan"), "Kepala Kebijakan");
}

TEST(ApiAudit, OnlyAuditorsAndAdminsAndEveryCallIsLogged) {
  std::ostringstream captured;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(captured);
  app::SetAuditLogger(std::make_shared<spdlog::logger>("audit-capture", sink),
                      http::LogFormat::kJson);
  {
    ApiHarness api;
    World w(api);
    w.Register();
    const std::vector<std::string> routes = {
        "/v1/audit/events?limit=5&type=UnitRegistered", "/v1/audit/streams/unit-disdik?asOf=1",
        "/v1/audit/state/unit-disdik?asOf=1", "/v1/audit/verify?from=1"};
    for (const auto& route : routes) {
      EXPECT_EQ(api.Get(route, "").status, 401) << route;
      EXPECT_EQ(api.Get(route, ExpiredToken("inspektorat")).status, 401) << route;
      EXPECT_EQ(api.Get(route, ForgedToken("inspektorat")).status, 401) << route;
      EXPECT_EQ(api.Get(route, AlgNoneToken("inspektorat")).status, 401) << route;
      for (const std::string* token : {&w.p, &w.s, &w.analyst}) {
        auto r = api.Get(route, *token);
        EXPECT_EQ(r.status, 403) << route << " " << r.body;
        EXPECT_NE(r.body.find("audit.forbidden"), std::string::npos);
      }
      EXPECT_EQ(api.Get(route, w.auditor).status, 200) << route;
      EXPECT_EQ(api.Get(route, w.admin).status, 200) << route;
      // Both roles with others: still allowed.
      EXPECT_EQ(api.Get(route, api.Token("x", {"pegawai", "auditor"})).status, 200) << route;
    }
  }
  app::SetAuditLogger(std::make_shared<spdlog::logger>(
                          "audit-test", std::make_shared<spdlog::sinks::null_sink_mt>()),
                      http::LogFormat::kText);
  std::vector<rapidjson::Document> lines;
  std::istringstream in(captured.str());
  for (std::string line; std::getline(in, line);) {
    const size_t brace = line.find('{');
    ASSERT_NE(brace, std::string::npos) << line;
    lines.push_back(ParseJson(line.substr(brace)));
    ASSERT_TRUE(lines.back().IsObject()) << line;
    EXPECT_EQ(Str(lines.back(), "msg"), "audit access");
  }
  // 4 routes x (3 refused + 3 allowed) calls reach the handler; 401s never do.
  ASSERT_EQ(lines.size(), 24u);
  std::multiset<std::string> allowed_subs;
  for (const auto& line : lines) {
    if (Str(line, "allowed") == "true") allowed_subs.insert(Str(line, "sub"));
  }
  EXPECT_EQ(allowed_subs.count("inspektorat"), 4u);
  EXPECT_EQ(allowed_subs.count("bkpsdm-admin"), 4u);
  EXPECT_EQ(allowed_subs.count("x"), 4u);
  EXPECT_EQ(Str(lines[0], "sub"), kP);
  EXPECT_EQ(Str(lines[0], "allowed"), "false");
  EXPECT_EQ(Str(lines[0], "route"), "audit.events");
  EXPECT_EQ(Str(lines[0], "query"), "limit=5&type=UnitRegistered");
  EXPECT_EQ(Str(lines[18], "route"), "audit.verify");
  EXPECT_EQ(Str(lines[18], "query"), "from=1");
}

}  // namespace
}  // namespace kinerja::testing
