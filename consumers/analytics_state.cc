#include "consumers/analytics_state.h"

#include <algorithm>
#include <cstdlib>
#include <sstream>
#include <tuple>
#include <type_traits>
#include <variant>

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include "domain/json/appraisal_codec.h"
#include "domain/json/pegawai_codec.h"
#include "domain/json/skp_codec.h"
#include "domain/json/training_codec.h"
#include "domain/period.h"
#include "domain/rating.h"

namespace kinerja::consumers {
namespace {

using eventstore::Result;
using eventstore::Status;
namespace dj = domain::json;

constexpr char kStateFormat[] = "kinerja-analytics-state/1";

void Count(FigureRow* row, const std::string& predikat) {
  ++row->appraised;
  if (predikat == "SANGAT_BAIK") ++row->sangat_baik;
  else if (predikat == "BAIK") ++row->baik;
  else if (predikat == "BUTUH_PERBAIKAN") ++row->butuh_perbaikan;
  else if (predikat == "KURANG") ++row->kurang;
  else if (predikat == "SANGAT_KURANG") ++row->sangat_kurang;
}

domain::Date YearEnd(int year) {
  domain::Date d;
  domain::Date::FromYmd(year, 12, 31, &d);
  return d;
}

std::string CsvField(const std::string& s) {
  if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

// Splits one CSV line (RFC 4180 quoting, no embedded newlines).
std::vector<std::string> SplitCsv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else {
      out.back() += c;
    }
  }
  return out;
}

template <class W>
void Str(W& w, const std::string& s) {
  w.String(s.data(), static_cast<rapidjson::SizeType>(s.size()));
}

}  // namespace

const char kFigureCsvHeader[] =
    "unit_id,period,appraised,sangat_baik,baik,butuh_perbaikan,kurang,sangat_kurang,pegawai,"
    "skp_approved,jp_total,jp_compliant";

bool FigureRow::operator==(const FigureRow& o) const {
  return std::tie(unit_id, period, appraised, sangat_baik, baik, butuh_perbaikan, kurang,
                  sangat_kurang, pegawai, skp_approved, jp_total, jp_compliant) ==
         std::tie(o.unit_id, o.period, o.appraised, o.sangat_baik, o.baik, o.butuh_perbaikan,
                  o.kurang, o.sangat_kurang, o.pegawai, o.skp_approved, o.jp_total,
                  o.jp_compliant);
}

std::string FiguresToCsv(const std::vector<FigureRow>& rows) {
  std::ostringstream out;
  out << kFigureCsvHeader << '\n';
  for (const FigureRow& r : rows) {
    out << CsvField(r.unit_id) << ',' << CsvField(r.period) << ',' << r.appraised << ','
        << r.sangat_baik << ',' << r.baik << ',' << r.butuh_perbaikan << ',' << r.kurang << ','
        << r.sangat_kurang << ',' << r.pegawai << ',' << r.skp_approved << ',' << r.jp_total
        << ',' << r.jp_compliant << '\n';
  }
  return out.str();
}

std::string FiguresToNdjson(const std::vector<FigureRow>& rows) {
  std::string out;
  for (const FigureRow& r : rows) {
    rapidjson::StringBuffer buf;
    rapidjson::Writer<rapidjson::StringBuffer> w(buf);
    w.StartObject();
    w.Key("unitId");
    Str(w, r.unit_id);
    w.Key("period");
    Str(w, r.period);
    const std::pair<const char*, int64_t> nums[] = {
        {"appraised", r.appraised},     {"sangatBaik", r.sangat_baik},
        {"baik", r.baik},               {"butuhPerbaikan", r.butuh_perbaikan},
        {"kurang", r.kurang},           {"sangatKurang", r.sangat_kurang},
        {"pegawai", r.pegawai},         {"skpApproved", r.skp_approved},
        {"jpTotal", r.jp_total},        {"jpCompliant", r.jp_compliant}};
    for (const auto& [k, v] : nums) {
      w.Key(k);
      w.Int64(v);
    }
    w.EndObject();
    out.append(buf.GetString(), buf.GetSize());
    out += '\n';
  }
  return out;
}

Result<std::vector<FigureRow>> ParseFiguresCsv(const std::string& text) {
  std::vector<FigureRow> rows;
  std::istringstream in(text);
  std::string line;
  if (!std::getline(in, line) || line != kFigureCsvHeader) {
    return Status::InvalidArgument("figures CSV: missing or unexpected header");
  }
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::vector<std::string> f = SplitCsv(line);
    if (f.size() != 12) return Status::InvalidArgument("figures CSV: bad row: " + line);
    FigureRow r;
    r.unit_id = f[0];
    r.period = f[1];
    int64_t* nums[] = {&r.appraised, &r.sangat_baik, &r.baik,        &r.butuh_perbaikan,
                       &r.kurang,    &r.sangat_kurang, &r.pegawai,   &r.skp_approved,
                       &r.jp_total,  &r.jp_compliant};
    for (size_t i = 0; i < 10; ++i) {
      char* end = nullptr;
      *nums[i] = std::strtoll(f[i + 2].c_str(), &end, 10);
      if (f[i + 2].empty() || *end != '\0') {
        return Status::InvalidArgument("figures CSV: bad number in: " + line);
      }
    }
    rows.push_back(std::move(r));
  }
  return rows;
}

bool PartitionState::Apply(const eventstore::RecordedEvent& e, int64_t offset) {
  next_offset_ = offset + 1;
  if (e.position <= high_water_) {
    ++duplicates_;
    return false;
  }
  high_water_ = e.position;
  ++applied_;
  max_year_ = std::max(max_year_, domain::Timestamp{e.recorded_at}.date().year());
  Fold(e);
  return true;
}

void PartitionState::SkipMessage(int64_t offset) {
  next_offset_ = offset + 1;
  ++skipped_;
}

void PartitionState::Fold(const eventstore::RecordedEvent& e) {
  const int version = static_cast<int>(e.schema_version);
  if (dj::IsPegawaiEventType(e.type)) {
    auto ev = dj::DecodePegawaiEvent(e.type, version, e.data);
    if (!ev.ok()) {
      ++skipped_;
      return;
    }
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          Pegawai& p = pegawai_[x.nip];
          if constexpr (std::is_same_v<T, domain::EmployeeRegistered>) {
            p.registered = true;
            p.registered_from = x.effective_date;
            p.units.push_back({x.effective_date, e.position, x.unit_id});
          } else {
            if (x.unit_id) p.units.push_back({x.effective_date, e.position, *x.unit_id});
          }
          max_year_ = std::max(max_year_, x.effective_date.year());
        },
        ev.value());
  } else if (dj::IsAppraisalEventType(e.type)) {
    auto ev = dj::DecodeAppraisalEvent(e.type, version, e.data);
    if (!ev.ok()) {
      ++skipped_;
      return;
    }
    std::visit(
        [&](const auto& x) {
          using T = std::decay_t<decltype(x)>;
          if constexpr (std::is_same_v<T, domain::AppraisalRecorded> ||
                        std::is_same_v<T, domain::ObjectionDecided> ||
                        std::is_same_v<T, domain::AppraisalFinalized>) {
            pegawai_[x.nip].predikat[x.period.ToString()] = domain::ToString(x.predikat);
            max_year_ = std::max(max_year_, x.period.year());
          }
        },
        ev.value());
  } else if (dj::IsSkpEventType(e.type)) {
    auto ev = dj::DecodeSkpEvent(e.type, version, e.data);
    if (!ev.ok()) {
      ++skipped_;
      return;
    }
    if (const auto* a = std::get_if<domain::WorkPlanApproved>(&ev.value())) {
      pegawai_[a->nip].approved_years.insert(a->year);
      max_year_ = std::max(max_year_, a->year);
    }
  } else if (dj::IsTrainingEventType(e.type)) {
    auto ev = dj::DecodeTrainingEvent(e.type, version, e.data);
    if (!ev.ok()) {
      ++skipped_;
      return;
    }
    if (const auto* c = std::get_if<domain::TrainingCompleted>(&ev.value())) {
      pegawai_[c->nip].trainings[c->id] = {c->completed_on.year(), c->jp};
      max_year_ = std::max(max_year_, c->completed_on.year());
    }
  }
}

std::string PartitionState::UnitOn(const Pegawai& p, domain::Date day) {
  const UnitEntry* best = nullptr;
  const UnitEntry* earliest = nullptr;
  for (const UnitEntry& u : p.units) {
    if (earliest == nullptr || std::tie(u.effective, u.position) <
                                   std::tie(earliest->effective, earliest->position)) {
      earliest = &u;
    }
    if (day < u.effective) continue;
    if (best == nullptr ||
        std::tie(best->effective, best->position) < std::tie(u.effective, u.position)) {
      best = &u;
    }
  }
  if (best != nullptr) return best->unit_id;
  // Activity before the first effective date (e.g. a registration dated later): its first unit.
  return earliest != nullptr ? earliest->unit_id : std::string();
}

std::vector<FigureRow> PartitionState::Figures() const {
  std::map<std::pair<std::string, std::string>, FigureRow> rows;
  auto row = [&rows](const std::string& unit, const std::string& period) -> FigureRow& {
    FigureRow& r = rows[{unit, period}];
    r.unit_id = unit;
    r.period = period;
    return r;
  };
  for (const auto& [nip, p] : pegawai_) {
    for (const auto& [period_text, predikat] : p.predikat) {
      auto period = domain::Period::Parse(period_text);
      if (!period.ok()) continue;
      Count(&row(UnitOn(p, period.value().last_day()), period_text), predikat);
    }
    std::map<int, int> jp_by_year;
    for (const auto& [id, year_jp] : p.trainings) jp_by_year[year_jp.first] += year_jp.second;
    std::set<int> years;
    if (p.registered) {
      for (int y = p.registered_from.year(); y <= max_year_; ++y) years.insert(y);
    }
    for (const auto& [y, jp] : jp_by_year) years.insert(y);
    for (int y : p.approved_years) years.insert(y);
    for (int y : years) {
      const std::string unit = UnitOn(p, YearEnd(y));
      if (unit.empty()) continue;
      FigureRow& r = row(unit, std::to_string(y));
      const bool counted = p.registered && p.registered_from <= YearEnd(y);
      const auto jp = jp_by_year.find(y);
      const int jp_year = jp == jp_by_year.end() ? 0 : jp->second;
      if (counted) {
        ++r.pegawai;
        if (p.approved_years.count(y) != 0) ++r.skp_approved;
        if (jp_year >= 20) ++r.jp_compliant;
      }
      r.jp_total += jp_year;
    }
  }
  std::vector<FigureRow> out;
  out.reserve(rows.size());
  for (auto& [key, r] : rows) out.push_back(std::move(r));
  return out;
}

std::string PartitionState::Serialize() const {
  rapidjson::StringBuffer buf;
  rapidjson::Writer<rapidjson::StringBuffer> w(buf);
  w.StartObject();
  w.Key("format");
  w.String(kStateFormat);
  w.Key("topic");
  Str(w, topic_);
  w.Key("partition");
  w.Int(partition_);
  w.Key("nextOffset");
  w.Int64(next_offset_);
  w.Key("highWater");
  w.Uint64(high_water_);
  w.Key("applied");
  w.Uint64(applied_);
  w.Key("duplicates");
  w.Uint64(duplicates_);
  w.Key("skipped");
  w.Uint64(skipped_);
  w.Key("maxYear");
  w.Int(max_year_);
  w.Key("pegawai");
  w.StartObject();
  for (const auto& [nip, p] : pegawai_) {
    Str(w, nip);
    w.StartObject();
    w.Key("registeredFrom");
    if (p.registered) Str(w, p.registered_from.ToString());
    else w.Null();
    w.Key("units");
    w.StartArray();
    for (const UnitEntry& u : p.units) {
      w.StartArray();
      Str(w, u.effective.ToString());
      w.Uint64(u.position);
      Str(w, u.unit_id);
      w.EndArray();
    }
    w.EndArray();
    w.Key("predikat");
    w.StartObject();
    for (const auto& [period, pr] : p.predikat) {
      Str(w, period);
      Str(w, pr);
    }
    w.EndObject();
    w.Key("approvedYears");
    w.StartArray();
    for (int y : p.approved_years) w.Int(y);
    w.EndArray();
    w.Key("trainings");
    w.StartObject();
    for (const auto& [id, yj] : p.trainings) {
      Str(w, id);
      w.StartArray();
      w.Int(yj.first);
      w.Int(yj.second);
      w.EndArray();
    }
    w.EndObject();
    w.EndObject();
  }
  w.EndObject();
  w.EndObject();
  return std::string(buf.GetString(), buf.GetSize()) + "\n";
}

Result<PartitionState> PartitionState::Parse(const std::string& text) {
  rapidjson::Document d;
  d.Parse<rapidjson::kParseValidateEncodingFlag>(text.c_str(), text.size());
  auto bad = [](const std::string& why) {
    return Status::Corruption("analytics state file: " + why);
  };
  if (d.HasParseError() || !d.IsObject()) return bad("not a JSON object");
  auto member = [&d](const char* name) -> const rapidjson::Value* {
    auto it = d.FindMember(name);
    return it == d.MemberEnd() ? nullptr : &it->value;
  };
  const auto* format = member("format");
  if (format == nullptr || !format->IsString() || std::string(format->GetString()) != kStateFormat) {
    return bad("unknown format");
  }
  const auto* topic = member("topic");
  const auto* partition = member("partition");
  const auto* next = member("nextOffset");
  const auto* hw = member("highWater");
  const auto* applied = member("applied");
  const auto* dups = member("duplicates");
  const auto* skipped = member("skipped");
  const auto* max_year = member("maxYear");
  const auto* pegawai = member("pegawai");
  if (!topic || !topic->IsString() || !partition || !partition->IsInt() || !next ||
      !next->IsInt64() || !hw || !hw->IsUint64() || !applied || !applied->IsUint64() || !dups ||
      !dups->IsUint64() || !skipped || !skipped->IsUint64() || !max_year || !max_year->IsInt() ||
      !pegawai || !pegawai->IsObject()) {
    return bad("missing or mistyped member");
  }
  PartitionState s(topic->GetString(), partition->GetInt());
  s.next_offset_ = next->GetInt64();
  s.high_water_ = hw->GetUint64();
  s.applied_ = applied->GetUint64();
  s.duplicates_ = dups->GetUint64();
  s.skipped_ = skipped->GetUint64();
  s.max_year_ = max_year->GetInt();
  for (auto it = pegawai->MemberBegin(); it != pegawai->MemberEnd(); ++it) {
    const rapidjson::Value& v = it->value;
    if (!v.IsObject()) return bad("pegawai entry is not an object");
    Pegawai p;
    auto rf = v.FindMember("registeredFrom");
    auto units = v.FindMember("units");
    auto pred = v.FindMember("predikat");
    auto years = v.FindMember("approvedYears");
    auto trainings = v.FindMember("trainings");
    if (rf == v.MemberEnd() || units == v.MemberEnd() || !units->value.IsArray() ||
        pred == v.MemberEnd() || !pred->value.IsObject() || years == v.MemberEnd() ||
        !years->value.IsArray() || trainings == v.MemberEnd() || !trainings->value.IsObject()) {
      return bad("pegawai entry misses a member");
    }
    if (rf->value.IsString()) {
      auto date = domain::Date::Parse(rf->value.GetString());
      if (!date.ok()) return bad("bad registeredFrom");
      p.registered = true;
      p.registered_from = date.value();
    }
    for (const auto& u : units->value.GetArray()) {
      if (!u.IsArray() || u.Size() != 3 || !u[0].IsString() || !u[1].IsUint64() ||
          !u[2].IsString()) {
        return bad("bad unit entry");
      }
      auto date = domain::Date::Parse(u[0].GetString());
      if (!date.ok()) return bad("bad unit date");
      p.units.push_back({date.value(), u[1].GetUint64(), u[2].GetString()});
    }
    for (auto m = pred->value.MemberBegin(); m != pred->value.MemberEnd(); ++m) {
      if (!m->value.IsString()) return bad("bad predikat");
      p.predikat[m->name.GetString()] = m->value.GetString();
    }
    for (const auto& y : years->value.GetArray()) {
      if (!y.IsInt()) return bad("bad approved year");
      p.approved_years.insert(y.GetInt());
    }
    for (auto m = trainings->value.MemberBegin(); m != trainings->value.MemberEnd(); ++m) {
      const auto& t = m->value;
      if (!t.IsArray() || t.Size() != 2 || !t[0].IsInt() || !t[1].IsInt()) {
        return bad("bad training entry");
      }
      p.trainings[m->name.GetString()] = {t[0].GetInt(), t[1].GetInt()};
    }
    s.pegawai_.emplace(it->name.GetString(), std::move(p));
  }
  return s;
}

}  // namespace kinerja::consumers
