#include "services/masar/reseal.h"

#include <cstdio>
#include <memory>
#include <optional>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "common/clock/clock.h"
#include "common/keys/key_fingerprints.h"
#include "common/log/logger.h"
#include "common/status/status_macros.h"
#include "services/identity/credentials/national_id_cipher.h"
#include "services/identity/credentials/totp_secret_cipher.h"
#include "services/masar/key_setup.h"
#include "services/masar/service_registry.h"
#include "services/masar/stores.h"

namespace masar {
namespace {

using identity::NationalIdCipher;
using identity::TotpSecretCipher;

struct Ciphers {
  std::unique_ptr<NationalIdCipher> national_ids;
  std::unique_ptr<TotpSecretCipher> totp;
};

absl::StatusOr<Ciphers> OpenCiphers(const keys::KeySet& keys) {
  ASSIGN_OR_RETURN(const keys::KeyRing* sealing,
                   keys.Get(keys::KeyKind::kNationalId));
  ASSIGN_OR_RETURN(const keys::KeyRing* lookup,
                   keys.Get(keys::KeyKind::kNationalIdLookup));
  ASSIGN_OR_RETURN(const keys::KeyRing* totp, keys.Get(keys::KeyKind::kTotp));
  Ciphers ciphers;
  ASSIGN_OR_RETURN(ciphers.national_ids,
                   NationalIdCipher::Create(*sealing, *lookup));
  ASSIGN_OR_RETURN(ciphers.totp, TotpSecretCipher::Create(*totp));
  return ciphers;
}

sql::Value BytesOrNull(const std::string& bytes) {
  if (bytes.empty()) return std::monostate();
  return sql::Blob{bytes};
}

sql::Value TextOrNull(const std::string& text) {
  if (text.empty()) return std::monostate();
  return text;
}

absl::StatusOr<std::string> BytesOf(const sql::Row& row, int column) {
  if (row.IsNull(column)) return std::string();
  return row.Bytes(column);
}

absl::StatusOr<std::string> TextOf(const sql::Row& row, int column) {
  if (row.IsNull(column)) return std::string();
  return row.Text(column);
}

// One user's sealed columns, as read and as they should be.
struct UserSecrets {
  std::string id;
  std::string national_id;
  std::string lookup;
  std::string totp;
  std::string pending_totp;
};

class UserResealer {
 public:
  UserResealer(sql::Transaction& tx, const Ciphers& ciphers,
               ResealReport& report)
      : tx_(tx), ciphers_(ciphers), report_(report) {}

  absl::Status Reseal(const UserSecrets& old) {
    UserSecrets now = old;
    ++report_.users;
    RETURN_IF_ERROR(ResealNationalId(old, now));
    ResealTotp(old.id, old.totp, now.totp);
    ResealTotp(old.id, old.pending_totp, now.pending_totp);
    if (now.national_id == old.national_id && now.lookup == old.lookup &&
        now.totp == old.totp && now.pending_totp == old.pending_totp) {
      return absl::OkStatus();
    }
    return tx_
        .Execute(
            "UPDATE identity_users SET national_id_ciphertext = ?, "
            "national_id_lookup = ?, totp_secret = ?, pending_totp_secret = ? "
            "WHERE id = ?",
            {BytesOrNull(now.national_id), TextOrNull(now.lookup),
             BytesOrNull(now.totp), BytesOrNull(now.pending_totp), now.id})
        .status();
  }

 private:
  absl::Status ResealNationalId(const UserSecrets& old, UserSecrets& now) {
    if (old.national_id.empty()) return absl::OkStatus();
    const NationalIdCipher& cipher = *ciphers_.national_ids;
    absl::StatusOr<std::string> plain = cipher.Decrypt(old.national_id);
    if (!plain.ok()) {
      report_.unreadable.push_back(absl::StrCat(
          "users/", old.id, " national id: ", plain.status().message()));
      return absl::OkStatus();
    }
    if (!cipher.SealedWithCurrentKey(old.national_id)) {
      ASSIGN_OR_RETURN(now.national_id, cipher.Encrypt(*plain));
      ++report_.resealed;
    }
    ASSIGN_OR_RETURN(std::string digest, cipher.LookupDigest(*plain));
    if (digest == old.lookup) return absl::OkStatus();
    ASSIGN_OR_RETURN(
        sql::Result holders,
        tx_.Execute("SELECT id FROM identity_users WHERE "
                    "national_id_lookup = ? AND id <> ?",
                    {sql::Value(digest), sql::Value(old.id)}));
    if (!holders.rows.empty()) {
      ASSIGN_OR_RETURN(std::string other, holders.rows[0].Text(0));
      report_.duplicates.push_back(
          absl::StrCat("users/", old.id, " holds the national id of users/",
                       other, "; it keeps no lookup digest"));
      now.lookup.clear();
      return absl::OkStatus();
    }
    now.lookup = std::move(digest);
    ++report_.lookups;
    return absl::OkStatus();
  }

  void ResealTotp(const std::string& user_id, const std::string& sealed,
                  std::string& out) {
    const TotpSecretCipher& cipher = *ciphers_.totp;
    if (sealed.empty() || cipher.SealedWithCurrentKey(sealed)) return;
    absl::StatusOr<std::string> secret = cipher.Open(user_id, sealed);
    if (!secret.ok()) {
      report_.unreadable.push_back(absl::StrCat(
          "users/", user_id, " TOTP secret: ", secret.status().message()));
      return;
    }
    out = cipher.Seal(user_id, *secret);
    ++report_.resealed;
  }

  sql::Transaction& tx_;
  const Ciphers& ciphers_;
  ResealReport& report_;
};

absl::StatusOr<std::vector<UserSecrets>> ReadBatch(sql::Transaction& tx,
                                                   const std::string& after,
                                                   int batch_size) {
  ASSIGN_OR_RETURN(
      sql::Result result,
      tx.Execute("SELECT id, national_id_ciphertext, national_id_lookup, "
                 "totp_secret, pending_totp_secret FROM identity_users "
                 "WHERE id > ? ORDER BY id LIMIT ?",
                 {sql::Value(after), sql::Value(int64_t{batch_size})}));
  std::vector<UserSecrets> batch;
  for (const sql::Row& row : result.rows) {
    UserSecrets user;
    ASSIGN_OR_RETURN(user.id, row.Text(0));
    ASSIGN_OR_RETURN(user.national_id, BytesOf(row, 1));
    ASSIGN_OR_RETURN(user.lookup, TextOf(row, 2));
    ASSIGN_OR_RETURN(user.totp, BytesOf(row, 3));
    ASSIGN_OR_RETURN(user.pending_totp, BytesOf(row, 4));
    batch.push_back(std::move(user));
  }
  return batch;
}

void Append(std::vector<std::string>& to, std::vector<std::string>& from) {
  for (std::string& line : from) to.push_back(std::move(line));
}

}  // namespace

absl::StatusOr<ResealReport> ResealIdentityUsers(sql::Database& db,
                                                 const keys::KeySet& keys,
                                                 int batch_size) {
  ASSIGN_OR_RETURN(Ciphers ciphers, OpenCiphers(keys));
  ResealReport total;
  std::string after;
  while (true) {
    // Each attempt of the transaction starts a fresh report.
    ResealReport batch_report;
    std::string last;
    RETURN_IF_ERROR(db.InTransaction([&](sql::Transaction& tx) -> absl::Status {
      batch_report = ResealReport();
      ASSIGN_OR_RETURN(std::vector<UserSecrets> batch,
                       ReadBatch(tx, after, batch_size));
      UserResealer resealer(tx, ciphers, batch_report);
      for (const UserSecrets& user : batch) {
        RETURN_IF_ERROR(resealer.Reseal(user));
      }
      last = batch.empty() ? "" : batch.back().id;
      return absl::OkStatus();
    }));
    total.users += batch_report.users;
    total.resealed += batch_report.resealed;
    total.lookups += batch_report.lookups;
    Append(total.unreadable, batch_report.unreadable);
    Append(total.duplicates, batch_report.duplicates);
    if (last.empty()) return total;
    after = last;
  }
}

absl::Status RunReseal(const ServeConfig& config) {
  SystemClock clock;
  Logger logger(Logger::StderrSink(), config.log_level, &clock);
  ASSIGN_OR_RETURN(std::vector<std::string> names,
                   ResolveServiceNames(config.services));
  ASSIGN_OR_RETURN(const keys::KeySet keys, LoadServeKeys(config, names));
  for (const std::string& name : names) {
    ASSIGN_OR_RETURN(std::unique_ptr<sql::Database> db,
                     OpenServiceStore(config, name));
    RETURN_IF_ERROR(PrepareServiceStore(*db, name, /*migrate=*/false, logger));
    RETURN_IF_ERROR(CheckStoreKeys(*db, name, keys, clock.Now()));
    if (name != "identity") continue;
    ASSIGN_OR_RETURN(ResealReport report, ResealIdentityUsers(*db, keys));
    std::printf(
        "identity: %lld users read, %lld values re-sealed, %lld lookup "
        "digests written\n",
        static_cast<long long>(report.users),
        static_cast<long long>(report.resealed),
        static_cast<long long>(report.lookups));
    for (const std::string& line : report.duplicates) {
      std::printf("duplicate: %s\n", line.c_str());
    }
    for (const std::string& line : report.unreadable) {
      std::printf("unreadable: %s\n", line.c_str());
    }
    if (!report.unreadable.empty()) {
      return absl::DataLossError(absl::StrCat(
          report.unreadable.size(),
          " values could not be opened with the held keys; no key was "
          "retired (add the missing keys to --keys-dir and run again)"));
    }
    for (keys::KeyKind kind :
         {keys::KeyKind::kTotp, keys::KeyKind::kNationalId,
          keys::KeyKind::kNationalIdLookup}) {
      ASSIGN_OR_RETURN(const keys::KeyRing* ring, keys.Get(kind));
      RETURN_IF_ERROR(keys::RetireKeysExcept(*db, kind, ring->current()));
      std::printf("%s: every value is sealed with key %s; older keys may be "
                  "removed\n",
                  std::string(keys::KindName(kind)).c_str(),
                  ring->current().id.c_str());
    }
  }
  std::fflush(stdout);
  return absl::OkStatus();
}

}  // namespace masar
