// The state of kinerja-analytics for ONE Kafka partition: the facts it has folded per pegawai
// (unit timeline, effective predikat per period, approved SKP years, completed trainings), the
// next Kafka offset to read and the highest global position applied (the de-duplication
// high-water: the relay writes a partition in position order and re-sends only exact copies, so a
// position <= the high-water is a duplicate). Figures per unit per period are computed from these
// facts at snapshot time, so a unit change recorded after an appraisal (a correction with an
// earlier effective date) is honoured.
//
// Every pegawai's events carry the pegawai's NIP as Kafka key, so all facts about a pegawai live
// in one partition and per-partition figures are additive: summing the figure files of every
// partition counts each event exactly once.
//
// Thread-safety: none; one consumer thread owns a state.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <tuple>
#include <vector>

#include "domain/date.h"
#include "eventstore/status.h"
#include "eventstore/types.h"

namespace kinerja::consumers {

// One row of the output: a unit and a period ("2026-01", "2026-Q1" or the year "2026").
// Predikat columns count appraisals of that period (the effective predikat: after an upheld
// objection the decided one). pegawai/skp_approved/jp_* are filled on annual rows only: pegawai
// registered on the year's last day in that unit, how many of them have an APPROVED SKP for the
// year, their JP total and how many reached 20 JP. The unit of a pegawai for a period is the one
// in force on the period's last day. Every column is additive across partitions.
struct FigureRow {
  std::string unit_id;
  std::string period;
  int64_t appraised = 0;
  int64_t sangat_baik = 0, baik = 0, butuh_perbaikan = 0, kurang = 0, sangat_kurang = 0;
  int64_t pegawai = 0;
  int64_t skp_approved = 0;
  int64_t jp_total = 0;
  int64_t jp_compliant = 0;
  bool operator==(const FigureRow& o) const;
};

// The CSV header line (without newline) and one row per line, in FigureRow's member order.
extern const char kFigureCsvHeader[];
std::string FiguresToCsv(const std::vector<FigureRow>& rows);
// One JSON object per line: {"unitId","period","appraised",...,"jpCompliant"}.
std::string FiguresToNdjson(const std::vector<FigureRow>& rows);
// Parses FiguresToCsv's output (for tools and tests). kInvalidArgument on a malformed file.
eventstore::Result<std::vector<FigureRow>> ParseFiguresCsv(const std::string& text);

class PartitionState {
 public:
  PartitionState(std::string topic, int32_t partition)
      : topic_(std::move(topic)), partition_(partition) {}

  // Folds one event read at `offset`. Returns false (and changes nothing but the offset) when the
  // position was already applied. Events of types analytics does not use still advance the
  // high-water. Undecodable domain data is counted in skipped().
  bool Apply(const eventstore::RecordedEvent& e, int64_t offset);
  // A message whose value is not an event envelope: only the offset advances.
  void SkipMessage(int64_t offset);

  std::vector<FigureRow> Figures() const;

  // The state file text (JSON, see consumers/README.md) and its parser.
  std::string Serialize() const;
  static eventstore::Result<PartitionState> Parse(const std::string& text);

  const std::string& topic() const { return topic_; }
  int32_t partition() const { return partition_; }
  // The next offset to read (-1: none read yet, start from the beginning).
  int64_t next_offset() const { return next_offset_; }
  uint64_t high_water() const { return high_water_; }
  uint64_t applied() const { return applied_; }
  uint64_t duplicates() const { return duplicates_; }
  uint64_t skipped() const { return skipped_; }

 private:
  struct UnitEntry {
    domain::Date effective;
    uint64_t position = 0;
    std::string unit_id;
  };
  struct Pegawai {
    bool registered = false;
    domain::Date registered_from;
    std::vector<UnitEntry> units;
    std::map<std::string, std::string> predikat;  // period -> effective predikat
    std::set<int> approved_years;
    std::map<std::string, std::pair<int, int>> trainings;  // id -> (year, jp) when completed
  };

  void Fold(const eventstore::RecordedEvent& e);
  // The unit in force on `day` ("" when the pegawai has no unit at all).
  static std::string UnitOn(const Pegawai& p, domain::Date day);

  std::string topic_;
  int32_t partition_ = 0;
  int64_t next_offset_ = -1;
  uint64_t high_water_ = 0;
  uint64_t applied_ = 0;
  uint64_t duplicates_ = 0;
  uint64_t skipped_ = 0;
  int max_year_ = 0;  // the latest year any event of this partition was recorded in or names
  std::map<std::string, Pegawai> pegawai_;
};

}  // namespace kinerja::consumers
