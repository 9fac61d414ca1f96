// The linkage side of the SQLite store: persons, the review queue and
// reviewers' decisions.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <string>
#include <tuple>
#include <vector>

#include "core/custody_entry.h"
#include "store/store.h"

namespace sijil::store {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

class LinkTablesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = ::testing::TempDir() + "/sijil_link_XXXXXX";
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
    path_ = (dir_ / "sijil.db").string();
    Reopen();
    Import("list_a", {"1", "2", "3"});
    Import("list_b", {"x", "y"});
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  void Reopen() {
    store_.reset();
    Result<std::unique_ptr<Store>> store = OpenSqliteStore(path_);
    ASSERT_TRUE(store.ok()) << store.status().ToString();
    store_ = *std::move(store);
  }

  void Import(const std::string& source, const std::vector<std::string>& ids,
              const std::string& name = "سعاد") {
    auto batch = store_->BeginImport(
        {source, source + ".csv", source + name + std::to_string(ids.size()), "csv", "utf-8"});
    ASSERT_TRUE(batch.ok()) << batch.status().ToString();
    for (const std::string& id : ids) {
      Record r;
      r.record_id = id;
      r.given_name = name;
      ASSERT_TRUE((*batch)->Put(r).ok());
    }
    ASSERT_TRUE((*batch)->Commit(0).ok());
  }

  Linkage TwoPersons() {
    Linkage linkage;
    linkage.run.started_at = "2026-01-01T00:00:00Z";
    linkage.run.records = 5;
    linkage.run.candidate_pairs = 7;
    linkage.run.settings_json = R"({"threshold":0.9})";
    linkage.run.model_json = R"({"m":[0.9]})";
    linkage.members = {{{"list_a", "1"}, "P1"},
                       {{"list_b", "x"}, "P1"},
                       {{"list_a", "2"}, "P2"},
                       {{"list_a", "3"}, "P3"},
                       {{"list_b", "y"}, "P2"}};
    linkage.review = {{0, {"list_b", "y"}, {"list_a", "3"}, 2.5, 0.6},
                      {0, {"list_a", "1"}, {"list_a", "2"}, -1.0, 0.2}};
    return linkage;
  }

  std::filesystem::path dir_;
  std::string path_;
  std::unique_ptr<Store> store_;
};

TEST_F(LinkTablesTest, SavedLinkageReadsBack) {
  Result<LinkRunInfo> run = store_->SaveLinkage(TwoPersons());
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->persons, 3);
  EXPECT_EQ(run->review_pairs, 2);
  Reopen();
  Result<std::optional<LinkRunInfo>> latest = store_->LatestLinkRun();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->id, run->id);
  EXPECT_EQ((*latest)->model_json, R"({"m":[0.9]})");
  EXPECT_EQ((*latest)->candidate_pairs, 7);
  EXPECT_EQ((*latest)->persons, 3);
  Result<std::vector<PersonMember>> p2 =
      store_->ListPersonMembers("P2", Sensitivity::kConfidential);
  ASSERT_TRUE(p2.ok());
  EXPECT_THAT(
      *p2, ElementsAre(PersonMember{{"list_a", "2"}, "P2"}, PersonMember{{"list_b", "y"}, "P2"}));
  Result<std::vector<PersonMember>> all = store_->ListPersonMembers("", Sensitivity::kConfidential);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 5u);
}

TEST_F(LinkTablesTest, ReviewQueueIsCanonicalAndMostUncertainFirst) {
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  Result<std::vector<ReviewItem>> queue = store_->ListReviewQueue();
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 2u);
  // p = 0.6 is nearer 0.5 than p = 0.2; the pair is stored as (a < b).
  EXPECT_EQ((*queue)[0].a, (RecordRef{"list_a", "3"}));
  EXPECT_EQ((*queue)[0].b, (RecordRef{"list_b", "y"}));
  EXPECT_DOUBLE_EQ((*queue)[0].weight, 2.5);
  Result<ReviewItem> item = store_->GetReviewItem((*queue)[1].id);
  ASSERT_TRUE(item.ok());
  EXPECT_EQ(*item, (*queue)[1]);
  EXPECT_EQ(store_->GetReviewItem(999).status().code(), StatusCode::kNotFound);
}

TEST_F(LinkTablesTest, DecisionsDequeueAndSurviveRelinking) {
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  LinkDecision decision{{"list_b", "y"}, {"list_a", "3"}, LinkDecisionKind::kNonMatch, "reviewer1"};
  Result<LinkDecision> stored = store_->AddLinkDecision(decision);
  ASSERT_TRUE(stored.ok()) << stored.status().ToString();
  EXPECT_EQ(stored->a, (RecordRef{"list_a", "3"}));
  EXPECT_FALSE(stored->decided_at.empty());
  Result<std::vector<ReviewItem>> queue = store_->ListReviewQueue();
  ASSERT_TRUE(queue.ok());
  ASSERT_EQ(queue->size(), 1u);
  EXPECT_EQ((*queue)[0].b, (RecordRef{"list_a", "2"}));
  // A new run proposing the decided pair again does not queue it.
  Result<LinkRunInfo> rerun = store_->SaveLinkage(TwoPersons());
  ASSERT_TRUE(rerun.ok());
  EXPECT_EQ(rerun->review_pairs, 1);
  // The latest decision per pair holds; earlier ones are history.
  decision.decision = LinkDecisionKind::kMatch;
  decision.decided_by = "reviewer2";
  ASSERT_TRUE(store_->AddLinkDecision(decision).ok());
  Result<std::vector<LinkDecision>> decisions = store_->ListLinkDecisions();
  ASSERT_TRUE(decisions.ok());
  ASSERT_EQ(decisions->size(), 1u);
  EXPECT_EQ((*decisions)[0].decision, LinkDecisionKind::kMatch);
  EXPECT_EQ((*decisions)[0].decided_by, "reviewer2");
}

TEST_F(LinkTablesTest, RunsAndDecisionsAreLoggedWithoutNotes) {
  const int64_t before = store_->custody().LogSize().value();  // the two imports
  EXPECT_EQ(before, 2);
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  LinkDecision decision{{"list_a", "1"},
                        {"list_a", "2"},
                        LinkDecisionKind::kMatch,
                        "reviewer1",
                        "",
                        "the witness Layla said so"};
  ASSERT_TRUE(store_->AddLinkDecision(decision).ok());
  std::vector<std::string> entries = store_->custody().LogEntries(before, 10).value();
  ASSERT_EQ(entries.size(), 2u);
  Result<CustodyEntry> run = DecodeCustodyEntry(entries[0]);
  ASSERT_TRUE(run.ok()) << run.status().ToString();
  EXPECT_EQ(run->kind, "link_run");
  EXPECT_EQ(run->Get("persons"), "3");
  EXPECT_EQ(run->Get("members_sha256").size(), 64u);
  Result<CustodyEntry> decided = DecodeCustodyEntry(entries[1]);
  ASSERT_TRUE(decided.ok());
  EXPECT_EQ(decided->kind, "link_decision");
  EXPECT_EQ(decided->Get("a"), "list_a:1");
  EXPECT_EQ(decided->Get("decided_by"), "reviewer1");
  EXPECT_EQ(entries[1].find("Layla"), std::string::npos);
  // The same persons give the same digest; other persons another.
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  Linkage other = TwoPersons();
  other.members[0].person_id = "P9";
  ASSERT_TRUE(store_->SaveLinkage(other).ok());
  entries = store_->custody().LogEntries(before + 2, 10).value();
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(DecodeCustodyEntry(entries[0])->Get("members_sha256"), run->Get("members_sha256"));
  EXPECT_NE(DecodeCustodyEntry(entries[1])->Get("members_sha256"), run->Get("members_sha256"));
}

TEST_F(LinkTablesTest, DecisionsNeedTwoExistingRecordsAndAReviewer) {
  LinkDecision unknown{{"list_a", "1"}, {"list_a", "404"}, LinkDecisionKind::kMatch, "r"};
  Result<LinkDecision> result = store_->AddLinkDecision(unknown);
  EXPECT_EQ(result.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(result.status().message(), HasSubstr("'404'"));
  LinkDecision self{{"list_a", "1"}, {"list_a", "1"}, LinkDecisionKind::kMatch, "r"};
  EXPECT_EQ(store_->AddLinkDecision(self).status().code(), StatusCode::kInvalidArgument);
  LinkDecision anonymous{{"list_a", "1"}, {"list_a", "2"}, LinkDecisionKind::kMatch, ""};
  EXPECT_EQ(store_->AddLinkDecision(anonymous).status().code(), StatusCode::kInvalidArgument);
  Result<std::vector<LinkDecision>> decisions = store_->ListLinkDecisions();
  ASSERT_TRUE(decisions.ok());
  EXPECT_THAT(*decisions, IsEmpty());
}

TEST_F(LinkTablesTest, BadLinkageWritesNothing) {
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  Linkage bad = TwoPersons();
  bad.members.push_back({{"list_a", "404"}, "P9"});
  Result<LinkRunInfo> result = store_->SaveLinkage(bad);
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(result.status().message(), HasSubstr("'404'"));
  bad = TwoPersons();
  bad.members.push_back({{"list_a", "1"}, "P9"});
  EXPECT_THAT(store_->SaveLinkage(bad).status().message(), HasSubstr("two persons"));
  bad = TwoPersons();
  bad.members.push_back({{"nowhere", "1"}, "P9"});
  EXPECT_THAT(store_->SaveLinkage(bad).status().message(), HasSubstr("no source 'nowhere'"));
  // The first linkage is intact.
  Result<std::vector<PersonMember>> all = store_->ListPersonMembers("", Sensitivity::kConfidential);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 5u);
  Result<std::optional<LinkRunInfo>> latest = store_->LatestLinkRun();
  ASSERT_TRUE(latest.ok() && latest->has_value());
  EXPECT_EQ((*latest)->id, 1);
}

TEST_F(LinkTablesTest, PersonsWithoutRecordsAreRetiredNotForgotten) {
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  Linkage merged = TwoPersons();
  for (PersonMember& m : merged.members) m.person_id = m.person_id == "P3" ? "P2" : m.person_id;
  Result<LinkRunInfo> run = store_->SaveLinkage(merged);
  ASSERT_TRUE(run.ok());
  EXPECT_EQ(run->persons, 2);
  EXPECT_THAT(store_->ListRetiredPersonIds().value(), ElementsAre("P3"));
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  EXPECT_THAT(store_->ListRetiredPersonIds().value(), IsEmpty());
}

TEST_F(LinkTablesTest, EachSaveLeavesExactlyItsMembers) {
  // Saving writes only what changed since the stored members: rows kept,
  // moved to another person, dropped and added back must all end equal.
  Linkage linkage = TwoPersons();
  auto expect_stored = [this](Linkage saved) {
    Result<LinkRunInfo> run = store_->SaveLinkage(saved);
    ASSERT_TRUE(run.ok()) << run.status().ToString();
    std::sort(saved.members.begin(), saved.members.end(),
              [](const PersonMember& a, const PersonMember& b) {
                return std::tie(a.person_id, a.record) < std::tie(b.person_id, b.record);
              });
    EXPECT_EQ(store_->ListPersonMembers("", Sensitivity::kConfidential).value(), saved.members);
  };
  expect_stored(linkage);
  linkage.members[1].person_id = "P3";  // list_b:x moves from P1 to P3
  linkage.members.pop_back();           // list_b:y is linked to nobody
  expect_stored(linkage);
  EXPECT_THAT(store_->ListRetiredPersonIds().value(), IsEmpty());
  linkage.members.erase(linkage.members.begin() + 2);  // P2 loses its last record
  expect_stored(linkage);
  EXPECT_THAT(store_->ListRetiredPersonIds().value(), ElementsAre("P2"));
  expect_stored(TwoPersons());
}

TEST_F(LinkTablesTest, MembersAboveTheReadersClearanceAreLeftOut) {
  auto batch = store_->BeginImport({"list_c", "list_c.csv", "list_c-sha", "csv", "utf-8"});
  ASSERT_TRUE(batch.ok()) << batch.status().ToString();
  Record restricted;
  restricted.record_id = "r";
  restricted.given_name = "سعاد";
  restricted.sensitivity = Sensitivity::kRestricted;
  ASSERT_TRUE((*batch)->Put(restricted).ok());
  ASSERT_TRUE((*batch)->Commit(0).ok());
  Linkage linkage = TwoPersons();
  linkage.members.push_back({{"list_c", "r"}, "P1"});
  ASSERT_TRUE(store_->SaveLinkage(linkage).ok());
  auto sources_of = [this](Sensitivity clearance) {
    std::vector<std::string> refs;
    const std::vector<PersonMember> members = store_->ListPersonMembers("P1", clearance).value();
    for (const PersonMember& m : members) {
      refs.push_back(m.record.source + ":" + m.record.record_id);
    }
    return refs;
  };
  EXPECT_THAT(sources_of(Sensitivity::kConfidential),
              ElementsAre("list_a:1", "list_b:x", "list_c:r"));
  EXPECT_THAT(sources_of(Sensitivity::kRestricted),
              ElementsAre("list_a:1", "list_b:x", "list_c:r"));
  EXPECT_THAT(sources_of(Sensitivity::kPublic), ElementsAre("list_a:1", "list_b:x"));
}

TEST_F(LinkTablesTest, PersonsHoldAcrossANewVersionOfARecord) {
  ASSERT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
  Import("list_a", {"1", "2", "3"}, "سعاد محمد");  // every record gets version 2
  Result<std::vector<PersonMember>> p1 =
      store_->ListPersonMembers("P1", Sensitivity::kConfidential);
  ASSERT_TRUE(p1.ok());
  EXPECT_EQ(p1->size(), 2u);
  EXPECT_TRUE(store_->SaveLinkage(TwoPersons()).ok());
}

}  // namespace
}  // namespace sijil::store
