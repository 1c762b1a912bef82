#include "eventstore/record_codec.h"

#include "eventstore/hash_chain.h"

namespace kinerja::eventstore {

namespace {

void PutVarint(std::string* out, uint64_t v) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

void PutFixed64(std::string* out, uint64_t v) {
  char b[8];
  for (int i = 0; i < 8; ++i) b[i] = static_cast<char>(v >> (8 * i));
  out->append(b, 8);
}

void PutString(std::string* out, const std::string& s) {
  PutVarint(out, s.size());
  out->append(s);
}

struct Reader {
  const char* p;
  const char* end;
  bool Varint(uint64_t* v) {
    uint64_t r = 0;
    for (int shift = 0; shift <= 63 && p < end; shift += 7) {
      uint64_t byte = static_cast<unsigned char>(*p++);
      r |= (byte & 0x7f) << shift;
      if (!(byte & 0x80)) {
        *v = r;
        return true;
      }
    }
    return false;
  }
  bool Fixed64(uint64_t* v) {
    if (end - p < 8) return false;
    uint64_t r = 0;
    for (int i = 0; i < 8; ++i) r |= static_cast<uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    p += 8;
    *v = r;
    return true;
  }
  bool String(std::string* s) {
    std::string_view v;
    if (!View(&v)) return false;
    s->assign(v.data(), v.size());
    return true;
  }
  bool View(std::string_view* s) {
    uint64_t n;
    if (!Varint(&n) || static_cast<uint64_t>(end - p) < n) return false;
    *s = std::string_view(p, n);
    p += n;
    return true;
  }
  bool Raw(size_t n, std::string_view* s) {
    if (static_cast<size_t>(end - p) < n) return false;
    *s = std::string_view(p, n);
    p += n;
    return true;
  }
};

}  // namespace

void EncodeRecord(const RecordedEvent& e, std::string* out) {
  out->clear();
  out->reserve(100 + e.stream.size() + e.data.size() + e.metadata.size() + e.id.size() +
               e.type.size() + e.actor.size() + e.correlation_id.size() + e.causation_id.size());
  out->push_back(kRecordFormatV1);
  PutVarint(out, e.position);
  PutFixed64(out, static_cast<uint64_t>(e.recorded_at));
  PutVarint(out, e.stream_version);
  PutVarint(out, e.schema_version);
  PutString(out, e.stream);
  PutString(out, e.id);
  PutString(out, e.type);
  PutString(out, e.actor);
  PutString(out, e.correlation_id);
  PutString(out, e.causation_id);
  PutString(out, e.data);
  PutString(out, e.metadata);
  AppendFromHex(e.prev_hash, out);
  AppendFromHex(e.hash, out);
}

bool DecodeRecordTime(std::string_view in, uint64_t* position, int64_t* recorded_at) {
  Reader r{in.data(), in.data() + in.size()};
  if (r.p == r.end || *r.p++ != kRecordFormatV1) return false;
  uint64_t at;
  if (!r.Varint(position) || !r.Fixed64(&at)) return false;
  *recorded_at = static_cast<int64_t>(at);
  return true;
}

bool DecodeRecordView(std::string_view in, RecordView* v) {
  Reader r{in.data(), in.data() + in.size()};
  if (r.p == r.end || *r.p++ != kRecordFormatV1) return false;
  uint64_t at, schema;
  if (!r.Varint(&v->position) || !r.Fixed64(&at) || !r.Varint(&v->stream_version) ||
      !r.Varint(&schema) || schema > UINT32_MAX)
    return false;
  v->recorded_at = static_cast<int64_t>(at);
  v->schema_version = static_cast<uint32_t>(schema);
  return r.View(&v->stream) && r.View(&v->id) && r.View(&v->type) && r.View(&v->actor) &&
         r.View(&v->correlation_id) && r.View(&v->causation_id) && r.View(&v->data) &&
         r.View(&v->metadata) && r.Raw(kHashBytes, &v->prev_hash_raw) &&
         r.Raw(kHashBytes, &v->hash_raw) && r.p == r.end;
}

bool DecodeRecord(std::string_view in, RecordedEvent* e) {
  Reader r{in.data(), in.data() + in.size()};
  if (r.p == r.end || *r.p++ != kRecordFormatV1) return false;
  uint64_t at, schema;
  if (!r.Varint(&e->position) || !r.Fixed64(&at) || !r.Varint(&e->stream_version) ||
      !r.Varint(&schema) || schema > UINT32_MAX)
    return false;
  e->recorded_at = static_cast<int64_t>(at);
  e->schema_version = static_cast<uint32_t>(schema);
  if (!r.String(&e->stream) || !r.String(&e->id) || !r.String(&e->type) ||
      !r.String(&e->actor) || !r.String(&e->correlation_id) || !r.String(&e->causation_id) ||
      !r.String(&e->data) || !r.String(&e->metadata))
    return false;
  std::string_view prev, hash;
  if (!r.Raw(kHashBytes, &prev) || !r.Raw(kHashBytes, &hash) || r.p != r.end) return false;
  ToHexInto(prev, &e->prev_hash);
  ToHexInto(hash, &e->hash);
  return true;
}

}  // namespace kinerja::eventstore
